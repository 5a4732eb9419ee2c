"""HTTP schemas of public notices (公告送达)."""

from __future__ import annotations

import marshmallow as ma

from services.common.events.catalogue.credit import SEVERITIES
from services.common.schemas import Day


class PublicNoticeSchema(ma.Schema):
    """A violation's notice published on the public site because no channel reached the agency in time."""

    violation_id = ma.fields.String()
    agency_id = ma.fields.String()
    name = ma.fields.String(allow_none=True)
    county_name = ma.fields.String(allow_none=True)
    town_name = ma.fields.String(allow_none=True)
    severity = ma.fields.String(metadata={"enum": SEVERITIES})
    code = ma.fields.String()
    description = ma.fields.String(allow_none=True)
    recorded_by = ma.fields.String()
    recorded_on = Day()
    published_on = Day(metadata={"description": "the day of the public notice: the notice counts as served then"})
    objection_deadline = Day(metadata={"description": "the last day to object (异议), included"})
    effect_from = Day(allow_none=True, metadata={"description": "its points, or a severe one's listing, from then"})
    effect_until = Day(allow_none=True, metadata={"description": "up to, not including"})
    listed = ma.fields.Boolean(metadata={"description": "a severe violation: grade D and the severe-dishonesty list"})
