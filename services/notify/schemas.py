"""HTTP schemas of the notify API (they are its OpenAPI document)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.schemas import Body, Flag, text
from services.common.storage.pagination import PageArgs, page_schema

from .domain.rules import CHOOSABLE, KINDS, RULES

SUBSCRIBABLE = sorted([*RULES, "qualification-expiring"])
ORG = {"description": "admins only: the organisation to act for (others always act for their token's org)"}


class OrgArgs(ma.Schema):
    org = ma.fields.String(load_default=None, metadata=ORG)


class InboxArgs(PageArgs):
    org = ma.fields.String(load_default=None, metadata=ORG)
    unread = ma.fields.Boolean(load_default=False, metadata={"description": "only notifications not yet read"})


class NotificationSchema(ma.Schema):
    id = ma.fields.String(attribute="_id")
    org = ma.fields.String()
    type = ma.fields.String(metadata={"description": "the event type (or notice) it is about"})
    kind = ma.fields.String(metadata={"enum": list(KINDS)})
    title = ma.fields.String()
    text = ma.fields.String(metadata={"description": "plain text, zh-CN"})
    legal = ma.fields.Boolean(metadata={"description": "法定告知: cannot be muted; always inbox and e-mail"})
    urgent = ma.fields.Boolean(metadata={"description": "紧急: SMS ignores the quiet hours"})
    event_id = ma.fields.String()
    event_subject = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    read_at = ma.fields.AwareDateTime(allow_none=True)
    delivered_at = ma.fields.AwareDateTime(allow_none=True, metadata={"description": "first delivery on any channel"})
    delivered_channel = ma.fields.String(allow_none=True)
    missing = ma.fields.List(ma.fields.String(), metadata={"description": "channels wanted but without an address"})
    superseded_by = ma.fields.String(
        allow_none=True,
        metadata={
            "description": "the notice of its violation's revocation that replaced it before delivery (then out "
            "of the inbox)"
        },
    )
    replaces = ma.fields.List(
        ma.fields.String(), metadata={"description": "the undelivered notices of a revoked violation it replaces"}
    )


NotificationPageSchema = page_schema(NotificationSchema)


class AttemptSchema(ma.Schema):
    at = ma.fields.AwareDateTime()
    channel = ma.fields.String()
    status = ma.fields.String(metadata={"enum": ["delivered", "failed"]})
    latency_ms = ma.fields.Float()
    error = ma.fields.String(allow_none=True)
    response = ma.fields.String(allow_none=True, metadata={"description": "status and the first KiB of the answer"})


class DeliverySchema(ma.Schema):
    id = ma.fields.String(attribute="_id", metadata={"description": "also the webhook-id of every attempt"})
    notification_id = ma.fields.String()
    channel = ma.fields.String(metadata={"enum": ["email", "sms", "webhook"]})
    status = ma.fields.String(
        metadata={"enum": ["pending", "delivered", "failed", "cancelled"], "description": "cancelled: replaced"}
    )
    next_at = ma.fields.AwareDateTime(allow_none=True)
    deadline = ma.fields.AwareDateTime(metadata={"description": "retries stop here (24 h)"})
    delivered_at = ma.fields.AwareDateTime(allow_none=True)
    attempt_count = ma.fields.Integer()
    last_error = ma.fields.String(allow_none=True)
    attempts = ma.fields.List(ma.fields.Nested(AttemptSchema))


class NotificationDetailSchema(NotificationSchema):
    deliveries = ma.fields.List(ma.fields.Nested(DeliverySchema))


class UnreadSchema(ma.Schema):
    org = ma.fields.String()
    unread = ma.fields.Integer()


class PreferencesBody(Body):
    org = ma.fields.String(load_default=None, metadata=ORG)
    channels = ma.fields.Dict(
        keys=ma.fields.String(validate=validate.OneOf(KINDS)),
        values=ma.fields.List(ma.fields.String(validate=validate.OneOf(CHOOSABLE)), validate=validate.Length(max=2)),
        load_default=dict,
        metadata={
            "description": "per kind, the channels besides the inbox (legal notices always "
            "add e-mail); a kind not listed keeps the rule's default"
        },
    )
    digest = Flag(load_default=False, metadata={"description": "demand-posted as one e-mail a day"})
    email = ma.fields.Email(load_default=None, allow_none=True, metadata={"description": "default: the registry's"})
    phone = ma.fields.String(load_default=None, allow_none=True, validate=validate.Regexp(r"^\+?\d{6,15}$"))


class PreferencesSchema(ma.Schema):
    org = ma.fields.String()
    channels = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()))
    digest = ma.fields.Boolean()
    email = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)


class WebhookBody(Body):
    org = ma.fields.String(load_default=None, metadata=ORG)
    url = ma.fields.Url(
        required=True,
        schemes={"http", "https"},
        require_tld=False,
        metadata={"description": "in production: https, resolving to public addresses only", "pattern": "^https?://"},
    )
    event_types = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(SUBSCRIBABLE)), required=True, validate=validate.Length(min=1)
    )
    description = text(max_length=200, load_default="")


class WebhookSchema(ma.Schema):
    id = ma.fields.String(attribute="_id")
    org = ma.fields.String()
    url = ma.fields.String()
    event_types = ma.fields.List(ma.fields.String())
    description = ma.fields.String()
    status = ma.fields.String(metadata={"enum": ["active", "disabled"]})
    failures = ma.fields.Integer(metadata={"description": "failed attempts in a row"})
    last_error = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()


class WebhookSecretSchema(WebhookSchema):
    secret = ma.fields.String(
        metadata={"description": "whsec_...: shown only now; verify with any Standard Webhooks library"}
    )


class WebhookListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(WebhookSchema))
