"""HTTP schemas of the public chain (公示链) and of correction notices (更正公告)."""

from __future__ import annotations

import marshmallow as ma

from services.common.schemas import Day


class ChainedSchema(ma.Schema):
    """What a published document carries of its link of the chain."""

    sequence = ma.fields.Integer(metadata={"description": "its place in the chain, from 1"})
    digest = ma.fields.String(
        metadata={"description": "SHA-256 (hex) of its canonical JSON (RFC 8785) with `previous`: see /chain"}
    )
    previous = ma.fields.String(metadata={"description": "the digest of the link before (64 zeros for the first)"})


class ShownSchema(ma.Schema):
    """What a bulletin entry shows: score, grade, the two lists."""

    score = ma.fields.Integer()
    grade = ma.fields.String()
    listed_until = Day(allow_none=True, metadata={"description": "严重失信名单 until (exclusive)"})
    rectification_until = Day(allow_none=True, metadata={"description": "限期整改名单 until (exclusive)"})


class EntryCorrectionSchema(ma.Schema):
    notice = ma.fields.String(metadata={"description": "the correction notice (/corrections/{notice})"})
    after = ma.fields.Nested(ShownSchema, metadata={"description": "what the entry shows as corrected"})


class CorrectionLineSchema(ma.Schema):
    bulletin = ma.fields.String(metadata={"description": "the month of the bulletin corrected (YYYY-MM)"})
    agency_id = ma.fields.String()
    name = ma.fields.String(allow_none=True)
    before = ma.fields.Nested(ShownSchema, metadata={"description": "as it showed"})
    after = ma.fields.Nested(ShownSchema, metadata={"description": "as it is now known"})


class CorrectionNoticeSchema(ChainedSchema):
    id = ma.fields.String(metadata={"description": "YYYY-MM-NNN: the month of the correction and its number"})
    month = ma.fields.String(metadata={"description": "the month it is published in"})
    number = ma.fields.Integer()
    published_on = Day()
    lines = ma.fields.List(ma.fields.Nested(CorrectionLineSchema))


class ChainLinkSchema(ChainedSchema):
    kind = ma.fields.String(metadata={"enum": ["bulletin", "correction"]})
    ref = ma.fields.String(metadata={"description": "the bulletin's month or the correction notice's id"})
    published_on = Day()
