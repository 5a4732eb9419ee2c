"""HTTP: service providers 机构 (registered and searched with a token) and the public directory (no token).

A provider's id is its USCC; an agency, association or insurer token whose `org` is that USCC acts for it.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.storage.pagination import page_schema
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires
from services.common.web.etag import etag, if_match, tagged

from .. import commands, views
from ..schemas import (
    DirectoryArgs,
    ProviderArgs,
    ProviderInSchema,
    ProviderPatchSchema,
    ProviderSchema,
    PublicProviderSchema,
    StatusChangeSchema,
    VerificationSchema,
    patch,
)

blp = Blueprint(
    "providers",
    __name__,
    url_prefix="/providers",
    description="Service providers 机构: agencies, leading enterprises, associations, insurers",
)
directory = Blueprint(
    "directory",
    __name__,
    url_prefix="/directory",
    description="Public directory (公示): active providers and their valid qualifications",
)

PROVIDER_ROLES = ("agency", "association", "insurer")


def versioned(doc: dict) -> tuple:
    """A stored record's answer with its ETag (its version)."""
    return tagged(doc, doc["version"])


@blp.route("")
class Providers(MethodView):
    @blp.arguments(ProviderArgs, location="query")
    @blp.response(200, page_schema(ProviderSchema))
    @requires()
    def get(self, args):
        """Search providers by category, county, town, cluster base, qualification valid on a day, status."""
        return views.provider_page(ctx().read(), current_principal(), args)

    @blp.arguments(ProviderInSchema)
    @blp.response(201, ProviderSchema)
    @requires(*PROVIDER_ROLES)
    def post(self, body):
        """Register a provider: its own token (org = the USCC, role matching the kind) or admin."""
        who = current_principal()
        return ctx().retrying(lambda uow: views.provider_shown(uow, who, commands.register_provider(uow, who, body)))


@blp.route("/<provider_id>")
class ProviderById(MethodView):
    @blp.response(200, ProviderSchema)
    @etag()
    @requires()
    def get(self, provider_id):
        """One provider."""
        return versioned(views.provider(ctx().read(), current_principal(), provider_id))

    @blp.arguments(patch(ProviderPatchSchema))
    @blp.response(200, ProviderSchema)
    @etag(write=True)
    @requires(*PROVIDER_ROLES)
    def patch(self, body, provider_id):
        """Change profile values (the provider itself or admin); publishes agency-updated. A changed
        certificate (number, issuer, level or dates) is unverified again."""
        who, expected = current_principal(), if_match()
        return versioned(
            ctx().retrying(
                lambda uow: views.provider_shown(
                    uow, who, commands.update_provider(uow, who, provider_id, body, expected)
                )
            )
        )


@blp.route("/<provider_id>/status")
class ProviderStatus(MethodView):
    @blp.arguments(StatusChangeSchema)
    @blp.response(200, ProviderSchema)
    @requires(*PROVIDER_ROLES, "regulator")
    def post(self, body, provider_id):
        """Suspend or reinstate (regulator), deregister (itself or regulator); 409 when illegal."""
        who = current_principal()
        return ctx().retrying(
            lambda uow: views.provider_shown(
                uow, who, commands.change_provider_status(uow, who, provider_id, body["status"], body["reason"])
            )
        )


@blp.route("/<provider_id>/qualifications/verify")
class QualificationVerification(MethodView):
    @blp.arguments(VerificationSchema)
    @blp.response(200, ProviderSchema)
    @requires("regulator")
    def post(self, body, provider_id):
        """A regulator verifies (核验) a declared certificate (not admin): from now on it counts; who and when
        are recorded; publishes agency-updated. 404 if not declared, 409 if verified already."""
        who = current_principal()
        return ctx().retrying(
            lambda uow: views.provider_shown(
                uow, who, commands.verify_qualification(uow, who, provider_id, body["category"], body["certificate_no"])
            )
        )


@directory.route("/providers")
class Directory(MethodView):
    @directory.arguments(DirectoryArgs, location="query")
    @directory.response(200, page_schema(PublicProviderSchema))
    def get(self, args):
        """Active providers holding a qualification valid today; no personal data. No token needed."""
        return views.directory_page(ctx().read(), args)


@directory.route("/providers/<provider_id>")
class DirectoryEntry(MethodView):
    @directory.response(200, PublicProviderSchema)
    def get(self, provider_id):
        """One active provider as the public sees it (404 if not active)."""
        return views.directory_entry(ctx().read(), provider_id)
