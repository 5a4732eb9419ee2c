"""Schemas of the dead-letter endpoints (they are the OpenAPI document; the command prints the same shapes).

Bytes (key, value, header values) are shown as UTF-8 text (undecodable bytes replaced) and, for the value
and headers, also as base64: the exact original.
"""

from __future__ import annotations

import base64

import marshmallow as ma
from marshmallow import validate

from services.common.clock import isotime
from services.common.messaging.deadletters.letters import STATUSES
from services.common.schemas import Body, text
from services.common.storage.pagination import PageArgs


def _text(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", "replace")


def _base64(raw: bytes | None) -> str | None:
    return None if raw is None else base64.b64encode(raw).decode()


def _string(fn, description: str = "", **metadata) -> ma.fields.Function:
    return ma.fields.Function(fn, metadata={"type": "string", "description": description, **metadata})


class Utc(ma.fields.DateTime):
    """A stored moment dumped as UTC ISO 8601 with Z."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else isotime(value)


class Filters(ma.Schema):
    topic = text(200, metadata={"description": "the original topic (= event type)"})
    reason = text(200, metadata={"description": "text the reason contains (any case)"})
    since = ma.fields.AwareDateTime(metadata={"description": "dead-lettered at or after (UTC)"})
    until = ma.fields.AwareDateTime(metadata={"description": "dead-lettered before (UTC)"})


class DeadLetterArgs(PageArgs, Filters):
    status = ma.fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "default: any"})


class ReplayFiltersSchema(Body, Filters):
    """Replay every letter matching these filters that is still `dead`."""


class DiscardSchema(Body):
    reason = text(2000, required=True, metadata={"description": "why it is dropped (recorded)"})


class ReplaySchema(ma.Schema):
    at, by = Utc(), ma.fields.String()
    partition, offset = ma.fields.Integer(), ma.fields.Integer(metadata={"description": "where it was published"})


class DiscardedSchema(ma.Schema):
    at, by, reason = Utc(), ma.fields.String(), ma.fields.String()


class HeaderSchema(ma.Schema):
    key = ma.fields.String()
    value = _string(lambda h: _text(h["value"]))
    value_base64 = _string(lambda h: _base64(h["value"]), format="byte")


class DeadLetterSummarySchema(ma.Schema):
    id = ma.fields.String(attribute="_id", metadata={"description": "also the `dlq_id` header of the DLQ copy"})
    service = ma.fields.String()
    topic = ma.fields.String()
    partition = ma.fields.Integer()
    offset = ma.fields.Integer()
    key = _string(lambda d: _text(d["key"]), "the original Kafka key")
    value_size = ma.fields.Integer(metadata={"description": "bytes of the original value"})
    reason = ma.fields.String()
    error_class = ma.fields.String()
    dead_lettered_at = Utc()
    status = ma.fields.String(metadata={"enum": list(STATUSES)})
    replays = ma.fields.List(ma.fields.Nested(ReplaySchema))
    discarded = ma.fields.Nested(DiscardedSchema, allow_none=True)


class DeadLetterSchema(DeadLetterSummarySchema):
    """A dead letter whole: the original value and headers."""

    headers = ma.fields.List(ma.fields.Nested(HeaderSchema))
    value = _string(lambda d: _text(d["value"]), "the original value as text")
    value_base64 = _string(lambda d: _base64(d["value"]), "the original value, exactly", format="byte")


class ReplayedSchema(ma.Schema):
    replayed = ma.fields.List(ma.fields.String(), metadata={"description": "ids of the letters replayed"})
