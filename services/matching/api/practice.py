"""HTTP edge of matching: an agency's public practice record (执业公示)."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.storage.pagination import PageArgs
from services.common.web.app import ctx

from .. import views
from ..schemas.contracts import PracticeRecordSchema

public = Blueprint("practice", __name__, url_prefix="/agencies", description="Public practice records (执业公示)")


@public.route("/<agency_id>/practice-record")
class PracticeRecord(MethodView):
    @public.arguments(PageArgs, location="query")
    @public.response(200, PracticeRecordSchema)
    def get(self, args, agency_id):
        """执业公示: an agency's contracts with category, buyer type, place, dates and outcome. Public;
        no amounts and no buyer identity."""
        return views.practice_record(ctx().read(), agency_id, args)
