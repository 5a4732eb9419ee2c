"""HTTP schemas of the signed-in credit API: ratings, history, commands (facts and where cases stand: `status`)."""

from __future__ import annotations

from datetime import date

import marshmallow as ma
from marshmallow import validate, validates_schema

from services.common.events.catalogue.credit import GRADES, SEVERITIES, check_code, revocation_kind, violation_code
from services.common.schemas import Body, Day, FactDay, moment, text

from ..domain.rules import DIMENSIONS
from .status import FactSchema, FactsSchema

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
    served_on = Day(
        allow_none=True,
        metadata={"description": "the day the objection window (and a listing's delay) runs from; null: not served"},
    )
    served_by = ma.fields.String(
        allow_none=True,
        metadata={
            "enum": ["delivered", "public_notice", "notice_day", None],
            "description": "how that day came: notify delivered the notice, credit's public notice (公告送达), or "
            "the notice day (rule table 1, and an agency's own admission)",
        },
    )
    repair_eligible_on = Day(allow_none=True, metadata={"description": "first day to apply for repair (信用修复)"})
    veto = ma.fields.Boolean(metadata={"description": "一票否决: grade D and the severe-dishonesty list"})
    cap_group = ma.fields.String(allow_none=True, metadata={"description": "bonuses of a group are capped"})
    capped = ma.fields.Integer(
        metadata={"description": "points withheld that day by the group's cap (a capped term: deductions)"}
    )
    note = ma.fields.String(
        allow_none=True, metadata={"description": "a staffing term of the day explained (人员配备、继续教育)"}
    )


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
    known_at = Day(metadata={"description": "rated from the facts known by the end of this day"})
    beyond_floor = ma.fields.Integer(
        metadata={"description": "points of deductions below the table's lowest score: listed, not counted"}
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
        metadata={"description": "the day rated (default: today, Jiaxing), with everything known by `known_at`"},
    )
    known_at = ma.fields.Date(
        load_default=None,
        validate=RATING_DAYS,
        metadata={
            "description": "rate from what was known by the end of this day (default: today, so corrections "
            "included; `known_at=as_of`: the rating as it was known that day)"
        },
    )


class PublishedSchema(ma.Schema):
    old_score = ma.fields.Integer(allow_none=True)
    new_score = ma.fields.Integer()
    old_grade = ma.fields.String(allow_none=True)
    new_grade = ma.fields.String()
    interview_required = ma.fields.Boolean()
    rectification_until = Day(allow_none=True)
    listed_until = Day(allow_none=True)


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
    corrected_from = Day(allow_none=True, metadata={"description": "this change corrected the past from that day"})
    corrected_on = Day(
        metadata={"description": "the day this entry was corrected: its values are that day's as now known"}
    )
    published = ma.fields.Nested(
        PublishedSchema, metadata={"description": "a corrected entry: what was published (rating-changed) at the time"}
    )


class RecordViolationSchema(Body):
    agency_id = text(required=True)
    severity = ma.fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    code = violation_code()
    description = text(required=True)
    occurred_on = FactDay(required=True)
    contract_id = text(
        100, load_default=None, metadata={"description": "the contract it concerns (a false-report on it: 追回)"}
    )

    @validates_schema
    def _code_in_force(self, data: dict, **_kw) -> None:
        check_code(data)


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
    kind = revocation_kind(
        "void (撤销, default): recorded in error, it never stood: removed from every date; ended (提前移出): its "
        "effect ends the day the revocation is applied"
    )


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


__all__ = ["FactSchema", "FactsSchema"]
