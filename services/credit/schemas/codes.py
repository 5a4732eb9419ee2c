"""HTTP schemas of the violation code table (违法违规行为代码表) as credit publishes it."""

from __future__ import annotations

import marshmallow as ma

from services.common.schemas import Day


class ViolationCodeSchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "what violation-recorded's `code` says"})
    name = ma.fields.String(metadata={"description": "行为名称"})
    basis = ma.fields.String(metadata={"description": "法律依据"})


class CodeTableSchema(ma.Schema):
    version = ma.fields.String()
    since = Day(metadata={"description": "a violation that occurred on or after this day is read by this table"})
    title = ma.fields.String()
    in_force = ma.fields.Boolean(metadata={"description": "the table in force today"})
    codes = ma.fields.List(ma.fields.Nested(ViolationCodeSchema))
