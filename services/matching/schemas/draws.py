"""The public draw audit with the experts' names (专家抽取公示)."""

from __future__ import annotations

import marshmallow as ma

from .experts import PublicDrawSchema


class NamedDrawSchema(PublicDrawSchema):
    names = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        metadata={"description": "expert id -> name (as on the registry's expert pool page)"},
    )
