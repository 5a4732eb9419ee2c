"""HTTP edge of the inbox (站内信): list, unread count, mark read; a notification's deliveries; redelivery."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.web.app import ctx
from services.common.web.auth import ROLES, current_principal, requires

from .. import commands, views
from ..schemas import (
    DeliverySchema,
    InboxArgs,
    NotificationDetailSchema,
    NotificationPageSchema,
    NotificationSchema,
    OrgArgs,
    UnreadSchema,
)

blp = Blueprint("inbox", __name__, url_prefix="/notify", description="An organisation's notifications (站内信)")
ANYONE = tuple(r for r in ROLES if r != "admin")


@blp.route("/inbox")
class Inbox(MethodView):
    @blp.arguments(InboxArgs, location="query")
    @blp.response(200, NotificationPageSchema)
    @requires(*ANYONE)
    def get(self, args):
        """The notifications of the token's organisation, newest first."""
        return views.inbox(ctx().read(), current_principal(), args)


@blp.route("/inbox/unread-count")
class Unread(MethodView):
    @blp.arguments(OrgArgs, location="query")
    @blp.response(200, UnreadSchema)
    @requires(*ANYONE)
    def get(self, args):
        """How many notifications are not read yet."""
        return views.unread_count(ctx().read(), current_principal(), args["org"])


@blp.route("/inbox/<notification_id>")
class InboxItem(MethodView):
    @blp.response(200, NotificationDetailSchema)
    @requires(*ANYONE)
    def get(self, notification_id):
        """One notification with its deliveries and every attempt (time, channel, status, latency, error)."""
        return views.notification(ctx().read(), current_principal(), notification_id)


@blp.route("/inbox/<notification_id>/read")
class Read(MethodView):
    @blp.response(200, NotificationSchema)
    @requires(*ANYONE)
    def post(self, notification_id):
        """Mark read; reading a legal notice for the first time publishes notice-delivered (channel inbox)."""
        return ctx().retrying(commands.mark_read, current_principal(), notification_id)


@blp.route("/deliveries/<delivery_id>/redeliver")
class Redeliver(MethodView):
    @blp.response(200, DeliverySchema)
    @requires(*ANYONE)
    def post(self, delivery_id):
        """Send again with the same id (webhook-id) and a fresh 24 hours of retries: the owner or an admin."""
        return ctx().retrying(commands.redeliver, current_principal(), delivery_id)
