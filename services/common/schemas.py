"""Schema pieces every service shares: strict bodies, money in fen, counts, Jiaxing days, fact days (never after the
day of receipt), stored times, bounded text.

HTTP bodies and event data are both marshmallow schemas; these are the parts they have in common, so the
same thing is validated and documented the same way everywhere. Every number has both bounds (in the OpenAPI
document as `minimum`/`maximum`), so nothing beyond them reaches MongoDB (8-byte integers).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

import marshmallow as ma
from marshmallow import RAISE, validate

MAX_FEN = 10**12  # 100 亿元: far above any sum of the platform, far below MongoDB's 8-byte integers
FACT_FLOOR = date(1990, 1, 1)  # no fact the platform keeps is older
#: the Jiaxing day the platform receives what is being read: a request's day (service clock), the day a consumer
#: receives a message, the day of the unit of work that publishes an event
RECEIVED_ON: ContextVar[date | None] = ContextVar("received_on", default=None)


class Body(ma.Schema):
    """A strict body: unknown fields are refused (set on nested schemas too: `unknown` does not propagate)."""

    class Meta:
        unknown = RAISE
        ordered = True


def fen(minimum: int = 0, **kw) -> ma.fields.Integer:
    """Money: integer fen (分), `minimum` (0) to MAX_FEN (100 亿元); `1.0` and strings are refused."""
    metadata = {"description": "integer fen (分), at most 10^12 (100 亿元)", **kw.pop("metadata", {})}
    return count(MAX_FEN, minimum, metadata=metadata, **kw)


def count(maximum: int, minimum: int = 0, **kw) -> ma.fields.Integer:
    """A bounded integer (a count, days, points): `minimum` to `maximum`, both documented; floats refused."""
    return ma.fields.Integer(strict=True, validate=validate.Range(min=minimum, max=maximum), **kw)


class Day(ma.fields.Date):
    """A calendar day (ISO date, a Jiaxing day in the domain); stored ISO strings are dumped as they are."""

    def _serialize(self, value, attr, obj, **kwargs):
        return value if value is None or isinstance(value, str) else super()._serialize(value, attr, obj, **kwargs)


@contextmanager
def received_on(day: date) -> Iterator[None]:
    """Read what is received on `day` (a Jiaxing day): fact days after it are refused."""
    token = RECEIVED_ON.set(day)
    try:
        yield
    finally:
        RECEIVED_ON.reset(token)


class FactDay(Day):
    """The day a fact happened (occurred, inspected, completed, terminated...): from 1990-01-01 up to the day the
    platform receives it (`RECEIVED_ON`): a fact cannot come from the future. Where no day of receipt is set, only
    the floor applies."""

    RULE = f"a fact's day: from {FACT_FLOOR} up to the Jiaxing day the platform receives it, never later"

    def __init__(self, **kw):
        metadata = kw.pop("metadata", {})
        said = metadata.get("description")
        super().__init__(metadata={**metadata, "description": f"{said} ({self.RULE})" if said else self.RULE}, **kw)

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if day < FACT_FLOOR:
            raise ma.ValidationError(f"a fact is dated {FACT_FLOOR} or later")
        received = RECEIVED_ON.get()
        if received is not None and day > received:
            raise ma.ValidationError(f"a fact cannot be dated after the day it is received ({received}): no future day")
        return day


class Flag(ma.fields.Boolean):
    """A JSON boolean: only `true` or `false` (marshmallow's Boolean also takes 0, 1, "yes"... in a body)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def moment(description: str = "", **kw) -> ma.fields.String:
    """A stored UTC time (ISO 8601 with Z), dumped as stored."""
    metadata = {
        "format": "date-time",
        **({"description": description} if description else {}),
        **kw.pop("metadata", {}),
    }
    return ma.fields.String(metadata=metadata, **kw)


def text(max_length: int = 2000, **kw) -> ma.fields.String:
    """Non-empty text of bounded length."""
    return ma.fields.String(validate=validate.Length(min=1, max=max_length), **kw)
