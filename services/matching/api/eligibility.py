"""HTTP edge of matching: an agency's eligibility per category (who may be recommended and may offer, and why not:
status, qualification, credit, rectification, staffing)."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.web.app import ctx
from services.common.web.auth import requires

from .. import views
from ..schemas.demands import StandingSchema

blp = Blueprint("eligibility", __name__, url_prefix="/agencies", description="Eligibility of agencies (资格)")


@blp.route("/<agency_id>/eligibility")
class Eligibility(MethodView):
    @blp.response(200, StandingSchema)
    @requires()
    def get(self, agency_id):
        """Whether the agency may serve each category it offers today, with the reasons either way (a staffing
        shortfall is told in Chinese, with what the rule in force requires). Any token."""
        return views.standing(ctx().read(), agency_id)
