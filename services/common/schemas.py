"""Schema pieces every service shares: strict bodies, money in fen, counts, Jiaxing days, stored times, bounded text.

HTTP bodies and event data are both marshmallow schemas; these are the parts they have in common, so the
same thing is validated and documented the same way everywhere. Every number has both bounds (in the OpenAPI
document as `minimum`/`maximum`), so nothing beyond them reaches MongoDB (8-byte integers).
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import RAISE, validate

MAX_FEN = 10**12  # 100 亿元: far above any sum of the platform, far below MongoDB's 8-byte integers


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
