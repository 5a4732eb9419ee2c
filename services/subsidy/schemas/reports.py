"""HTTP schemas of the coverage and assessment reports."""

from __future__ import annotations

import marshmallow as ma

from services.common.schemas import Body, Day

F = ma.fields


class ReportArgs(Body):
    division = F.String(metadata={"description": "county, town or city code; default: the official's own"})


class FiguresSchema(ma.Schema):
    division = F.String()
    name = F.String()
    level = F.String()
    registered_smes = F.Integer()
    covered_smes = F.Integer()
    share_permille = F.Integer()
    target_permille = F.Integer()
    met = F.Boolean()
    contracts_by_category = F.Dict(keys=F.String(), values=F.Integer())
    approved_count = F.Integer()
    approved_fen = F.Integer()
    paid_count = F.Integer()
    paid_fen = F.Integer()
    agencies_by_grade = F.Dict(keys=F.String(), values=F.Integer())
    talents = F.Integer(
        metadata={"description": "talents (人才) working for an agency registered in the division at the window's end"}
    )
    talents_by_level = F.Dict(
        keys=F.String(), values=F.Integer(), metadata={"description": "the same by talent level (A–E)"}
    )


class ReportSchema(ma.Schema):
    window_start = Day()
    window_end = Day()
    rows = F.List(F.Nested(FiguresSchema))
