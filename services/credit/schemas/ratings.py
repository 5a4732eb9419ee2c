"""HTTP schemas of the signed-in credit API: ratings, history, facts and due process, commands."""

from __future__ import annotations

from datetime import date

import marshmallow as ma
from marshmallow import validate

from services.common.events.catalogue.credit import GRADES, SEVERITIES
from services.common.schemas import Body, Day, FactDay, moment, text

from ..domain.rules import DIMENSIONS

EARLIEST = date(2000, 1, 1)
#: any day a rating may be asked for (outside it the calendar arithmetic would leave the supported years)
RATING_DAYS = validate.Range(min=EARLIEST, max=date(2999, 12, 31))


class EffectSchema(ma.Schema):
    rule = ma.fields.String(metadata={"description": "rule-table row, e.g. violation.general"})
    reason_code = ma.fields.String(metadata={"description": "the violation code, else the rule"})
    dimension = ma.fields.String(metadata={"enum": list(DIMENSIONS)})
    points = ma.fields.Integer()
    source_event_id = ma.fields.String(metadata={"description": "the stored fact (event) that caused it"})
    start = Day()
    end = Day(metadata={"description": "first day it no longer applies"})
    objection_deadline = Day(allow_none=True, metadata={"description": "last day to object (异议)"})
    repair_eligible_on = Day(allow_none=True, metadata={"description": "first day to apply for repair (信用修复)"})
    veto = ma.fields.Boolean(metadata={"description": "一票否决: grade D and the severe-dishonesty list"})
    cap_group = ma.fields.String(allow_none=True, metadata={"description": "bonuses of a group are capped"})
    capped = ma.fields.Integer(metadata={"description": "points withheld that day by the group's cap"})


class RatingSchema(ma.Schema):
    """A rating; effects, deductions and the interview flag only for the agency itself, regulators and admin."""

    agency_id = ma.fields.String()
    as_of = Day()
    score = ma.fields.Integer()
    grade = ma.fields.String(metadata={"enum": GRADES})
    subtotals = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        metadata={"description": "points per dimension: " + ", ".join(DIMENSIONS)},
    )
    effects = ma.fields.List(ma.fields.Nested(EffectSchema))
    deductions = ma.fields.Integer(metadata={"description": "deductions in force that started in the last 12 months"})
    interview_required = ma.fields.Boolean(metadata={"description": "约谈: deductions of 10 or more"})
    rectification_until = Day(allow_none=True, metadata={"description": "限期整改名单 until (exclusive)"})
    listed_until = Day(allow_none=True, metadata={"description": "严重失信名单 until (exclusive)"})
    rule_version = ma.fields.String()


class RatingArgs(Body):
    as_of = ma.fields.Date(
        load_default=None,
        validate=RATING_DAYS,
        metadata={"description": "default: today (Jiaxing); a past day is rated as known that day"},
    )


class HistoryEntrySchema(ma.Schema):
    at = ma.fields.AwareDateTime()
    as_of = Day()
    old_score = ma.fields.Integer(allow_none=True)
    new_score = ma.fields.Integer()
    old_grade = ma.fields.String(allow_none=True)
    new_grade = ma.fields.String()
    reasons = ma.fields.List(ma.fields.String())
    interview_required = ma.fields.Boolean()
    rectification_until = Day(allow_none=True)
    listed_until = Day(allow_none=True)
    rule_version = ma.fields.String()
    cause = ma.fields.String(metadata={"description": "event type, due-process step, schedule or rebuild"})
    event_id = ma.fields.String(metadata={"description": "the rating-changed event published"})


class FactSchema(ma.Schema):
    id = ma.fields.String()
    type = ma.fields.String()
    time = ma.fields.String()
    data = ma.fields.Dict()
    noticed_on = Day(metadata={"description": "the day it reached the platform (notice day)"})


class ViolationStatusSchema(ma.Schema):
    violation_id = ma.fields.String()
    severity = ma.fields.String()
    code = ma.fields.String()
    source_event_id = ma.fields.String()
    recorded_on = Day(metadata={"description": "the day the violation is dated"})
    notice_on = Day(metadata={"description": "the day the agency is taken to be notified: windows run from it"})
    objection_deadline = Day()
    objection = ma.fields.String(allow_none=True, metadata={"enum": ["pending", "upheld", "rejected", None]})
    revoked = ma.fields.Boolean()
    revoked_on = Day(allow_none=True, metadata={"description": "its effect ended that day"})
    revocation_reason = ma.fields.String(allow_none=True)
    revoked_by = ma.fields.String(allow_none=True)
    effect_start = Day(allow_none=True, metadata={"description": "null while an objection holds a listing"})
    repair_eligible_on = Day(allow_none=True)
    repair = ma.fields.String(allow_none=True, metadata={"enum": ["pending", "approved", None]})


CLAIM_STATES = ["admitted", "open", "contested", "accepted", "uncontested", "confirmed", "dismissed"]


class ClaimStatusSchema(ma.Schema):
    """A signed contract terminated with the agency at fault: the buyer's claim, or the agency's admission."""

    contract_id = ma.fields.String()
    source_event_id = ma.fields.String()
    terminated_on = Day()
    notice_on = Day()
    terminated_by = ma.fields.String(metadata={"enum": ["buyer", "agency"]})
    reason = ma.fields.String(allow_none=True)
    objection_deadline = Day()
    state = ma.fields.String(metadata={"enum": CLAIM_STATES})
    objection = ma.fields.String(allow_none=True, metadata={"enum": ["pending", "upheld", "rejected", None]})
    effect_start = Day(allow_none=True, metadata={"description": "null while open, contested or dismissed"})


class FactsSchema(ma.Schema):
    facts = ma.fields.List(ma.fields.Nested(FactSchema))
    violations = ma.fields.List(ma.fields.Nested(ViolationStatusSchema))
    claims = ma.fields.List(ma.fields.Nested(ClaimStatusSchema))


class RecordViolationSchema(Body):
    agency_id = text(required=True)
    severity = ma.fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    code = text(required=True, metadata={"description": "e.g. false-report, qualification-rental, late-report"})
    description = text(required=True)
    occurred_on = FactDay(required=True)
    contract_id = text(
        100, load_default=None, metadata={"description": "the contract it concerns (a false-report on it: 追回)"}
    )


class RecordSpotCheckSchema(Body):
    agency_id = text(required=True)
    inspected_on = FactDay(required=True)
    passed = ma.fields.Boolean(required=True)
    findings = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=1000))
    contract_id = ma.fields.String(load_default=None, allow_none=True)
    enterprise_id = ma.fields.String(load_default=None, allow_none=True)


class AcceptedSchema(ma.Schema):
    event_id = ma.fields.String(metadata={"description": "the published event; the worker applies it"})
    violation_id = ma.fields.String()
    inspection_id = ma.fields.String()


class ObjectionSchema(Body):
    reason = text(required=True)


class RevokeSchema(Body):
    reason = text(required=True, metadata={"description": "why the violation is withdrawn (kept in its history)"})


class RulingSchema(Body):
    upheld = ma.fields.Boolean(
        required=True,
        metadata={"description": "upheld revokes the violation or dismisses the claim; rejected confirms it"},
    )
    note = ma.fields.String(load_default="", validate=validate.Length(max=2000))


class RepairApplicationSchema(Body):
    evidence = text(required=True, metadata={"description": "rectification evidence (整改材料)"})


class RepairDecisionSchema(Body):
    approved = ma.fields.Boolean(required=True, metadata={"description": "approved ends the effect today"})
    note = ma.fields.String(load_default="", validate=validate.Length(max=2000))


class DueProcessResultSchema(ma.Schema):
    fact = ma.fields.Nested(FactSchema)
    rating = ma.fields.Nested(RatingSchema)


class RebuildSchema(ma.Schema):
    agencies = ma.fields.Integer()
    changed = ma.fields.List(ma.fields.String(), metadata={"description": "agencies whose stored rating differed"})


class HeldAgencySchema(ma.Schema):
    """An agency id the credit service holds facts about that the registry has not published (never public)."""

    agency_id = ma.fields.String()
    score = ma.fields.Integer(allow_none=True)
    grade = ma.fields.String(allow_none=True)
    listed_until = Day(allow_none=True)
    facts = ma.fields.Integer(metadata={"description": "facts stored about it"})
    first_fact_at = moment(allow_none=True)
    last_fact_at = moment(allow_none=True)


class InterviewSchema(ma.Schema):
    """An agency a regulator must interview (约谈), as last rated."""

    agency_id = ma.fields.String()
    name = ma.fields.String(allow_none=True)
    county = ma.fields.String(allow_none=True)
    score = ma.fields.Integer()
    grade = ma.fields.String()
    deductions = ma.fields.Integer(metadata={"description": "deductions in force that started in the last 12 months"})
    rectification_until = Day(allow_none=True, metadata={"description": "限期整改名单 until (exclusive)"})
    as_of = Day(metadata={"description": "the day of the stored rating (re-evaluated daily)"})
