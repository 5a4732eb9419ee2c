"""HTTP: service providers 机构 (registered and searched with a token) and the public directory (no token).

A provider's id is its USCC; an agency, association or insurer token whose `org` is that USCC acts for it.
"""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.auth import Principal, current_principal, requires
from services.common.errors import Forbidden, Invalid, NotFound
from services.common.mapping import field_values, from_doc, from_plain, to_plain
from services.common.pagination import page_schema, paginate
from services.common.web import ctx

from . import queries, service
from .domain import KIND_ROLE, Kind, Provider, Status
from .schemas import (DirectoryArgs, ProviderArgs, ProviderInSchema, ProviderPatchSchema, ProviderSchema,
                      PublicProviderSchema, StatusChangeSchema)
from .store import PROVIDERS

blp = Blueprint("providers", __name__, url_prefix="/providers",
                description="Service providers 机构: agencies, leading enterprises, associations, insurers")
directory = Blueprint("directory", __name__, url_prefix="/directory",
                      description="Public directory (公示): active providers and their valid qualifications")

PROVIDER_ROLES = ("agency", "association", "insurer")
SEES_CONTACTS = ("regulator", "admin")


def _record(doc: dict) -> Provider:
    return from_doc(Provider, doc)


def _view(doc: dict, who: Principal) -> dict:
    """The stored provider with today's derived values; contacts only for itself, regulators and admin."""
    record, day = _record(doc), service.today()
    view = {**doc, "valid_categories": record.valid_categories(day), "in_cluster_base": record.resident_on(day)}
    if who.role not in SEES_CONTACTS and not service.actor_for(record, who).own:
        view.pop("contacts", None)
    return view


def _public(doc: dict) -> dict:
    record, day = _record(doc), service.today()
    return {**doc, "qualifications": to_plain(record.valid_qualifications(day)),
            "in_cluster_base": record.resident_on(day)}


def _load(provider_id: str) -> dict:
    doc = ctx().db[PROVIDERS].find_one({"_id": provider_id})
    if doc is None:
        raise NotFound(f"no provider {provider_id}")
    return doc


@blp.route("")
class Providers(MethodView):
    @blp.arguments(ProviderArgs, location="query")
    @blp.response(200, page_schema(ProviderSchema))
    @requires()
    def get(self, args):
        """Search providers by category, county, town, cluster base, qualification valid on a day, status."""
        page = paginate(ctx().db[PROVIDERS], queries.providers(args, service.today()), args["limit"], args["cursor"])
        return {**page, "items": [_view(doc, current_principal()) for doc in page["items"]]}

    @blp.arguments(ProviderInSchema)
    @blp.response(201, ProviderSchema)
    @requires(*PROVIDER_ROLES)
    def post(self, body):
        """Register a provider: its own token (org = the USCC, role matching the kind) or admin."""
        who = current_principal()
        who.require_org(body["uscc"])
        if not who.is_admin and KIND_ROLE[Kind(body["kind"])] != who.role:
            raise Forbidden(f"a {body['kind']} registers with a {KIND_ROLE[Kind(body['kind'])]} token")
        record = from_plain(Provider, {**body, "id": body["uscc"]})
        with ctx().uow() as uow:
            doc = service.register(uow, record, who)
        return _view(doc, who)


@blp.route("/<provider_id>")
class ProviderById(MethodView):
    @blp.response(200, ProviderSchema)
    @requires()
    def get(self, provider_id):
        """One provider."""
        return _view(_load(provider_id), current_principal())

    @blp.arguments(ProviderPatchSchema(partial=True))
    @blp.response(200, ProviderSchema)
    @requires(*PROVIDER_ROLES)
    def patch(self, body, provider_id):
        """Change profile values (the provider itself or admin); publishes agency-updated."""
        if not body:
            raise Invalid("nothing to change", field="json")
        with ctx().uow() as uow:
            doc = service.update(uow, Provider, provider_id, field_values(Provider, body), current_principal())
        return _view(doc, current_principal())


@blp.route("/<provider_id>/status")
class ProviderStatus(MethodView):
    @blp.arguments(StatusChangeSchema)
    @blp.response(200, ProviderSchema)
    @requires(*PROVIDER_ROLES, "regulator")
    def post(self, body, provider_id):
        """Suspend or reinstate (regulator), deregister (itself or regulator); 409 when illegal."""
        with ctx().uow() as uow:
            doc = service.change_status(uow, Provider, provider_id, body["status"], body["reason"],
                                        current_principal())
        return _view(doc, current_principal())


@directory.route("/providers")
class Directory(MethodView):
    @directory.arguments(DirectoryArgs, location="query")
    @directory.response(200, page_schema(PublicProviderSchema))
    def get(self, args):
        """Active providers holding a qualification valid today; no personal data. No token needed."""
        page = paginate(ctx().db[PROVIDERS], queries.directory(args, service.today()), args["limit"], args["cursor"])
        return {**page, "items": [_public(doc) for doc in page["items"]]}


@directory.route("/providers/<provider_id>")
class DirectoryEntry(MethodView):
    @directory.response(200, PublicProviderSchema)
    def get(self, provider_id):
        """One active provider as the public sees it (404 if not active)."""
        doc = _load(provider_id)
        if doc["status"] != Status.ACTIVE:
            raise NotFound(f"no active provider {provider_id}")
        return _public(doc)
