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
    """Money: integer fen (分), at most 10^12 (an event beyond it is dead-lettered naming the field)."""
    return schemas.fen(required=required, **kw)


def count(maximum: int, minimum: int = 0, **kw) -> ma.fields.Integer:
    """A bounded integer (a count, days, points), as in HTTP bodies."""
    return schemas.count(maximum, minimum, **kw)


def fact_day(required: bool = True, **kw) -> schemas.FactDay:
    """The day a fact happened: from 1990-01-01, never after the day the consumer receives it (else dead-lettered,
    naming the field)."""
    return schemas.FactDay(required=required, **kw)
