"""HTTP schemas of public notices (公告送达)."""

from __future__ import annotations

import marshmallow as ma

from services.common.events.catalogue.credit import SEVERITIES
from services.common.schemas import Day


class PublicNoticeSchema(ma.Schema):
    """A violation's (or a buyer's at-fault claim's) notice published on the public site because no channel reached
    the agency in time."""

    violation_id = ma.fields.String(allow_none=True, metadata={"description": "null for a claim"})
    contract_id = ma.fields.String(metadata={"description": "a buyer's at-fault claim (过错解约): its contract"})
    agency_id = ma.fields.String()
    name = ma.fields.String(allow_none=True)
    county_name = ma.fields.String(allow_none=True)
    town_name = ma.fields.String(allow_none=True)
    severity = ma.fields.String(metadata={"enum": SEVERITIES, "description": "a violation's"})
    code = ma.fields.String(metadata={"description": "a violation's"})
    description = ma.fields.String(allow_none=True)
    recorded_by = ma.fields.String(metadata={"description": "a violation's"})
    recorded_on = Day(metadata={"description": "the day the violation was recorded (the contract terminated)"})
    published_on = Day(metadata={"description": "the day of the public notice: the notice counts as served then"})
    objection_deadline = Day(metadata={"description": "the last day to object (异议), included"})
    effect_from = Day(allow_none=True, metadata={"description": "its points, or a severe one's listing, from then"})
    effect_until = Day(allow_none=True, metadata={"description": "up to, not including"})
    listed = ma.fields.Boolean(metadata={"description": "a severe violation: grade D and the severe-dishonesty list"})
