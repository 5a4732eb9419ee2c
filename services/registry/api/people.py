"""HTTP: experts 专家库 and enterprises 企业.

An expert token's `org` is the expert id; an enterprise token's `org` is its USCC (= the enterprise id).
The expert's ID number is never returned in full: masked, and only to the expert and regulators.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.storage.pagination import page_schema
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires
from services.common.web.etag import etag, if_match

from .. import commands, views
from ..schemas import (
    EnterpriseArgs,
    EnterpriseInSchema,
    EnterprisePatchSchema,
    EnterpriseSchema,
    ExpertArgs,
    ExpertInSchema,
    ExpertPatchSchema,
    ExpertSchema,
    LinkSchema,
    StatusChangeSchema,
    patch,
)
from ..views import AUTHORITIES
from .providers import versioned

experts = Blueprint("experts", __name__, url_prefix="/experts", description="Expert pool 专家库")
enterprises = Blueprint("enterprises", __name__, url_prefix="/enterprises", description="Enterprises 企业")


@experts.route("")
class Experts(MethodView):
    @experts.arguments(ExpertArgs, location="query")
    @experts.response(200, page_schema(ExpertSchema))
    @requires()
    def get(self, args):
        """Search the pool by county, industry, specialty, grade, availability."""
        return views.expert_page(ctx().read(), current_principal(), args)

    @experts.arguments(ExpertInSchema)
    @experts.response(201, ExpertSchema)
    @requires("regulator")
    def post(self, body):
        """Add an expert to the pool (regulator); 409 if the ID number is in the pool already."""
        who = current_principal()
        return views.expert_shown(who, ctx().retrying(commands.register_expert, who, body))


@experts.route("/<expert_id>")
class ExpertById(MethodView):
    @experts.response(200, ExpertSchema)
    @etag()
    @requires()
    def get(self, expert_id):
        return versioned(views.expert(ctx().read(), current_principal(), expert_id))

    @experts.arguments(patch(ExpertPatchSchema))
    @experts.response(200, ExpertSchema)
    @etag(write=True)
    @requires("expert", "regulator")
    def patch(self, body, expert_id):
        """A regulator of the expert's county: any profile value (employer and ties too); the expert himself:
        availability, specialties, contacts, leave."""
        who = current_principal()
        return versioned(
            views.expert_shown(who, ctx().retrying(commands.update_expert, who, expert_id, body, if_match()))
        )


@experts.route("/<expert_id>/links")
class ExpertLinks(MethodView):
    @experts.arguments(LinkSchema)
    @experts.response(200, ExpertSchema)
    @requires("expert", "regulator")
    def post(self, body, expert_id):
        """Declare a tie to an organisation (回避申报): the expert himself or a regulator; only adds (a regulator
        removes one by PATCHing `links`). Publishes expert-updated."""
        who = current_principal()
        return views.expert_shown(who, ctx().retrying(commands.declare_link, who, expert_id, body))


@experts.route("/<expert_id>/status")
class ExpertStatus(MethodView):
    @experts.arguments(StatusChangeSchema)
    @experts.response(200, ExpertSchema)
    @requires("expert", "regulator")
    def post(self, body, expert_id):
        """Suspend/reinstate/ban (regulator; a ban needs the reason and is for life), retire (himself too);
        the expert returns himself only from his own retirement."""
        who = current_principal()
        return views.expert_shown(
            who, ctx().retrying(commands.change_expert_status, who, expert_id, body["status"], body["reason"])
        )


@enterprises.route("")
class Enterprises(MethodView):
    @enterprises.arguments(EnterpriseArgs, location="query")
    @enterprises.response(200, page_schema(EnterpriseSchema))
    @requires(*AUTHORITIES)
    def get(self, args):
        """Search the enterprises of the caller's division by county, town, industry section, size, status."""
        return views.enterprise_page(ctx().read(), current_principal(), args)

    @enterprises.arguments(EnterpriseInSchema)
    @enterprises.response(201, EnterpriseSchema)
    @requires("enterprise", "regulator", "official")
    def post(self, body):
        """Register an enterprise: itself (org = the USCC), a regulator or town/county official, or admin."""
        return ctx().retrying(commands.register_enterprise, current_principal(), body)


@enterprises.route("/<enterprise_id>")
class EnterpriseById(MethodView):
    @enterprises.response(200, EnterpriseSchema)
    @etag()
    @requires()
    def get(self, enterprise_id):
        """The enterprise itself, the authorities of its division and admin."""
        return versioned(views.enterprise(ctx().read(), current_principal(), enterprise_id))

    @enterprises.arguments(patch(EnterprisePatchSchema))
    @enterprises.response(200, EnterpriseSchema)
    @etag(write=True)
    @requires("enterprise")
    def patch(self, body, enterprise_id):
        """Change profile values (the enterprise itself or admin); publishes enterprise-updated."""
        return versioned(
            ctx().retrying(commands.update_enterprise, current_principal(), enterprise_id, body, if_match())
        )


@enterprises.route("/<enterprise_id>/status")
class EnterpriseStatus(MethodView):
    @enterprises.arguments(StatusChangeSchema)
    @enterprises.response(200, EnterpriseSchema)
    @requires("enterprise", *AUTHORITIES)
    def post(self, body, enterprise_id):
        """Deregister (itself, regulator or official); final."""
        return ctx().retrying(
            commands.change_enterprise_status, current_principal(), enterprise_id, body["status"], body["reason"]
        )
