"""HTTP: experts 专家库 and enterprises 企业.

An expert token's `org` is the expert id; an enterprise token's `org` is its USCC (= the enterprise id).
The expert's ID number is never returned in full: masked, and only to the expert and regulators.
"""
from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.auth import Principal, current_principal, requires
from services.common.errors import Forbidden, Invalid, NotFound
from services.common.mapping import field_values, from_plain
from services.common.pagination import page_schema, paginate
from services.common.web import ctx

from . import queries, service
from .codes import mask_id_number
from .enterprises import Enterprise
from .experts import Expert
from .schemas import StatusChangeSchema
from .schemas_people import (EnterpriseArgs, EnterpriseInSchema, EnterprisePatchSchema, EnterpriseSchema,
                             ExpertArgs, ExpertInSchema, ExpertPatchSchema, ExpertSchema)
from .store import ENTERPRISES, EXPERTS

experts = Blueprint("experts", __name__, url_prefix="/experts", description="Expert pool 专家库")
enterprises = Blueprint("enterprises", __name__, url_prefix="/enterprises", description="Enterprises 企业")

AUTHORITIES = ("regulator", "official", "finance")  # read any enterprise


def _load(collection: str, record_id: str, noun: str) -> dict:
    doc = ctx().db[collection].find_one({"_id": record_id})
    if doc is None:
        raise NotFound(f"no {noun} {record_id}")
    return doc


def _expert_view(doc: dict, who: Principal) -> dict:
    """Masked ID number only to the expert and regulators; contacts also to admin."""
    view = {k: v for k, v in doc.items() if k != "id_number"}
    own = who.role == "expert" and who.org == doc["_id"]
    if own or who.role == "regulator":
        view["id_number_masked"] = mask_id_number(doc["id_number"])
    if not (own or who.role in ("regulator", "admin")):
        view.pop("contacts", None)
    return view


def _change(cls, record_id: str, body: dict, patch: bool) -> dict:
    if patch and not body:
        raise Invalid("nothing to change", field="json")
    with ctx().uow() as uow:
        if patch:
            return service.update(uow, cls, record_id, field_values(cls, body), current_principal())
        return service.change_status(uow, cls, record_id, body["status"], body["reason"], current_principal())


@experts.route("")
class Experts(MethodView):
    @experts.arguments(ExpertArgs, location="query")
    @experts.response(200, page_schema(ExpertSchema))
    @requires()
    def get(self, args):
        """Search the pool by county, industry, specialty, grade, availability."""
        page = paginate(ctx().db[EXPERTS], queries.experts(args), args["limit"], args["cursor"])
        return {**page, "items": [_expert_view(doc, current_principal()) for doc in page["items"]]}

    @experts.arguments(ExpertInSchema)
    @experts.response(201, ExpertSchema)
    @requires("regulator")
    def post(self, body):
        """Add an expert to the pool (regulator); 409 if the ID number is in the pool already."""
        record = from_plain(Expert, {**body, "id": f"exp-{uuid.uuid4().hex[:12]}"})
        with ctx().uow() as uow:
            doc = service.register(uow, record, current_principal())
        return _expert_view(doc, current_principal())


@experts.route("/<expert_id>")
class ExpertById(MethodView):
    @experts.response(200, ExpertSchema)
    @requires()
    def get(self, expert_id):
        return _expert_view(_load(EXPERTS, expert_id, "expert"), current_principal())

    @experts.arguments(ExpertPatchSchema(partial=True))
    @experts.response(200, ExpertSchema)
    @requires("expert", "regulator")
    def patch(self, body, expert_id):
        """Regulator: any profile value; the expert himself: availability, specialties, contacts."""
        return _expert_view(_change(Expert, expert_id, body, patch=True), current_principal())


@experts.route("/<expert_id>/status")
class ExpertStatus(MethodView):
    @experts.arguments(StatusChangeSchema)
    @experts.response(200, ExpertSchema)
    @requires("expert", "regulator")
    def post(self, body, expert_id):
        """Suspend/reinstate/ban (regulator; a ban needs the reason and is for life), retire (himself too)."""
        return _expert_view(_change(Expert, expert_id, body, patch=False), current_principal())


def _may_read_enterprise(who: Principal, enterprise_id: str) -> None:
    if who.role not in AUTHORITIES and not who.is_admin and not (
            who.role == "enterprise" and who.org == enterprise_id):
        raise Forbidden("only the enterprise itself and the authorities read an enterprise record")


@enterprises.route("")
class Enterprises(MethodView):
    @enterprises.arguments(EnterpriseArgs, location="query")
    @enterprises.response(200, page_schema(EnterpriseSchema))
    @requires(*AUTHORITIES)
    def get(self, args):
        """Search enterprises by county, town, industry section, size, status."""
        return paginate(ctx().db[ENTERPRISES], queries.enterprises(args), args["limit"], args["cursor"])

    @enterprises.arguments(EnterpriseInSchema)
    @enterprises.response(201, EnterpriseSchema)
    @requires("enterprise", "regulator", "official")
    def post(self, body):
        """Register an enterprise: itself (org = the USCC), a regulator or town/county official, or admin."""
        who = current_principal()
        if who.role == "enterprise":
            who.require_org(body["uscc"])
        record = from_plain(Enterprise, {**body, "id": body["uscc"]})
        with ctx().uow() as uow:
            return service.register(uow, record, who)


@enterprises.route("/<enterprise_id>")
class EnterpriseById(MethodView):
    @enterprises.response(200, EnterpriseSchema)
    @requires()
    def get(self, enterprise_id):
        _may_read_enterprise(current_principal(), enterprise_id)
        return _load(ENTERPRISES, enterprise_id, "enterprise")

    @enterprises.arguments(EnterprisePatchSchema(partial=True))
    @enterprises.response(200, EnterpriseSchema)
    @requires("enterprise")
    def patch(self, body, enterprise_id):
        """Change profile values (the enterprise itself or admin); publishes enterprise-updated."""
        return _change(Enterprise, enterprise_id, body, patch=True)


@enterprises.route("/<enterprise_id>/status")
class EnterpriseStatus(MethodView):
    @enterprises.arguments(StatusChangeSchema)
    @enterprises.response(200, EnterpriseSchema)
    @requires("enterprise", *AUTHORITIES)
    def post(self, body, enterprise_id):
        """Deregister (itself, regulator or official); final."""
        return _change(Enterprise, enterprise_id, body, patch=False)
