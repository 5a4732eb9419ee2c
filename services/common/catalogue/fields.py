"""Field helpers shared by the catalogue schemas."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import RAISE, validate


class Data(ma.Schema):
    """Base of every event data schema (strict for producers; consumers override unknown)."""

    class Meta:
        unknown = RAISE
        ordered = True


def text(required: bool = True, **kw) -> ma.fields.String:
    return ma.fields.String(required=required, validate=validate.Length(min=1, max=2000), **kw)


def fen(required: bool = True, **kw) -> ma.fields.Integer:
    """Money: integer fen (分)."""
    return ma.fields.Integer(required=required, strict=True, validate=validate.Range(min=0), **kw)


def nested(schema: type[ma.Schema], many: bool = False, **kw) -> ma.fields.Nested:
    """Nested schema with unknown handling inherited from the caller (set per load)."""
    return ma.fields.Nested(schema, many=many, **kw)
