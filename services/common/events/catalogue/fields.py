"""Field helpers of the catalogue schemas (built on the kit's shared schema pieces)."""

from __future__ import annotations

import marshmallow as ma

from services.common import schemas
from services.common.schemas import Body


class Data(Body):
    """Base of every event data schema (strict for producers; consumers read with unknown=EXCLUDE)."""


def text(required: bool = True, **kw) -> ma.fields.String:
    return schemas.text(required=required, **kw)


def fen(required: bool = True, **kw) -> ma.fields.Integer:
    """Money: integer fen (分)."""
    return schemas.fen(required=required, **kw)
