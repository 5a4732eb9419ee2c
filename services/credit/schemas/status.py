"""HTTP schemas of where an agency's cases stand: its facts, each violation's and claim's due process, and what
waits for a regulator's decision (awaiting)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.schemas import Day
from services.common.storage.pagination import PageArgs


class FactSchema(ma.Schema):
    id = ma.fields.String()
    type = ma.fields.String()
    time = ma.fields.String()
    data = ma.fields.Dict()
    noticed_on = Day(metadata={"description": "the day it reached the platform (notice day)"})


class ServiceSchema(ma.Schema):
    """How and when a case's notice was served (送达): a violation's, a buyer's at-fault claim's."""

    served_on = Day(
        allow_none=True,
        metadata={
            "description": "the day its notice was served (送达): the objection window (a listing's delay) runs from it"
        },
    )
    served_by = ma.fields.String(
        allow_none=True,
        metadata={
            "enum": ["delivered", "public_notice", "notice_day", None],
            "description": "delivered (notify reached the agency), public_notice (公告送达), notice_day (rule version "
            "1: served the day it reached the platform); null: not served yet",
        },
    )
    served_channel = ma.fields.String(allow_none=True, metadata={"enum": ["inbox", "email", "sms", "webhook", None]})
    objection_deadline = Day(allow_none=True, metadata={"description": "null until served (an objection is in time)"})


class ViolationStatusSchema(ServiceSchema):
    violation_id = ma.fields.String()
    severity = ma.fields.String()
    code = ma.fields.String()
    source_event_id = ma.fields.String()
    recorded_on = Day(metadata={"description": "the day the violation is dated"})
    notice_on = Day(metadata={"description": "the day it reached the platform: its points count from it"})
    objection = ma.fields.String(allow_none=True, metadata={"enum": ["pending", "upheld", "rejected", None]})
    revoked = ma.fields.Boolean()
    revoked_on = Day(allow_none=True, metadata={"description": "the day the revocation reached the platform"})
    revocation_kind = ma.fields.String(
        allow_none=True,
        metadata={"enum": ["void", "ended", None], "description": "void: it never stood; ended: its effect ended then"},
    )
    revocation_reason = ma.fields.String(allow_none=True)
    revoked_by = ma.fields.String(allow_none=True)
    effect_start = Day(allow_none=True, metadata={"description": "null while an objection holds a listing"})
    repair_eligible_on = Day(allow_none=True)
    repair = ma.fields.String(allow_none=True, metadata={"enum": ["pending", "approved", None]})


CLAIM_STATES = ["admitted", "open", "contested", "accepted", "uncontested", "confirmed", "dismissed"]


class ClaimStatusSchema(ServiceSchema):
    """A signed contract terminated with the agency at fault: the buyer's claim, or the agency's admission."""

    contract_id = ma.fields.String()
    source_event_id = ma.fields.String()
    terminated_on = Day()
    notice_on = Day()
    terminated_by = ma.fields.String(metadata={"enum": ["buyer", "agency"]})
    reason = ma.fields.String(allow_none=True)
    state = ma.fields.String(metadata={"enum": CLAIM_STATES})
    objection = ma.fields.String(allow_none=True, metadata={"enum": ["pending", "upheld", "rejected", None]})
    effect_start = Day(allow_none=True, metadata={"description": "null while open, contested or dismissed"})


class FactsSchema(ma.Schema):
    facts = ma.fields.List(ma.fields.Nested(FactSchema))
    violations = ma.fields.List(ma.fields.Nested(ViolationStatusSchema))
    claims = ma.fields.List(ma.fields.Nested(ClaimStatusSchema))


class AwaitingArgs(PageArgs):
    awaiting = ma.fields.String(
        load_default=None,
        validate=validate.OneOf(["me"]),
        metadata={
            "description": "me: only those the caller decides, i.e. of agencies whose home (town, else county; "
            "outside Jiaxing: the city) lies in the caller's division; absent: every one pending"
        },
    )


class AwaitingSchema(ma.Schema):
    """An objection or a repair application waiting for a regulator's decision."""

    kind = ma.fields.String(metadata={"enum": ["objection", "repair"]})
    violation_id = ma.fields.String(allow_none=True)
    contract_id = ma.fields.String(allow_none=True, metadata={"description": "a buyer's at-fault claim contested"})
    agency_id = ma.fields.String()
    agency_name = ma.fields.String(allow_none=True)
    county_name = ma.fields.String(allow_none=True)
    town_name = ma.fields.String(allow_none=True)
    since = Day(metadata={"description": "the day it was filed (objection) or applied for (repair)"})
    due_on = Day(metadata={"description": "the decision is due by this day (the rule table's ruling or decision days)"})
    days_left = ma.fields.Integer(metadata={"description": "days from today to due_on (negative: overdue)"})
