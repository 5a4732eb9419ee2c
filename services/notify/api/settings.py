"""HTTP edge of an organisation's settings: preferences (偏好) and webhook subscriptions."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires
from services.common.web.etag import etag, if_match, tagged

from .. import commands, views
from ..channels.http import check_url
from ..schemas import (
    OrgArgs,
    PreferencesBody,
    PreferencesSchema,
    WebhookBody,
    WebhookListSchema,
    WebhookSchema,
    WebhookSecretSchema,
)
from .inbox import ANYONE

blp = Blueprint("settings", __name__, url_prefix="/notify", description="Preferences and webhooks")


@blp.route("/preferences")
class Preferences(MethodView):
    @blp.arguments(OrgArgs, location="query")
    @blp.response(200, PreferencesSchema)
    @etag()
    @requires(*ANYONE)
    def get(self, args):
        """The organisation's channels per kind, digest choice and contacts."""
        return _tagged(views.preferences(ctx().read(), current_principal(), args["org"]))

    @blp.arguments(PreferencesBody)
    @blp.response(200, PreferencesSchema)
    @etag(write=True)
    @requires(*ANYONE)
    def put(self, body):
        """Replace the preferences (legal notices still go to the inbox and by e-mail)."""
        return _tagged(ctx().retrying(commands.set_preferences, current_principal(), body, if_match()))


def _tagged(preferences: dict) -> tuple:
    return tagged(preferences, preferences["version"])


@blp.route("/webhooks")
class Webhooks(MethodView):
    @blp.arguments(OrgArgs, location="query")
    @blp.response(200, WebhookListSchema)
    @requires(*ANYONE)
    def get(self, args):
        """The organisation's webhooks (secrets are never listed)."""
        return {"items": views.webhooks(ctx().read(), current_principal(), args["org"])}

    @blp.arguments(WebhookBody)
    @blp.response(201, WebhookSecretSchema)
    @requires(*ANYONE)
    def post(self, body):
        """Subscribe a URL for chosen event types; the answer shows the signing secret once."""
        check_url(body["url"], ctx().config.env == "production")
        return ctx().retrying(commands.subscribe, current_principal(), body)


@blp.route("/webhooks/<hook_id>")
class Webhook(MethodView):
    @blp.response(200, WebhookSchema)
    @requires(*ANYONE)
    def get(self, hook_id):
        return views.webhook(ctx().read(), current_principal(), hook_id)

    @blp.response(204)
    @requires(*ANYONE)
    def delete(self, hook_id):
        ctx().retrying(commands.remove_webhook, current_principal(), hook_id)


@blp.route("/webhooks/<hook_id>/rotate")
class Rotate(MethodView):
    @blp.response(200, WebhookSecretSchema)
    @requires(*ANYONE)
    def post(self, hook_id):
        """A new secret, shown once; the previous one keeps signing for 24 hours."""
        return ctx().retrying(commands.rotate_secret, current_principal(), hook_id)


@blp.route("/webhooks/<hook_id>/enable")
class Enable(MethodView):
    @blp.response(200, WebhookSchema)
    @requires(*ANYONE)
    def post(self, hook_id):
        """Turn a disabled webhook on again."""
        return ctx().retrying(commands.enable_webhook, current_principal(), hook_id)
