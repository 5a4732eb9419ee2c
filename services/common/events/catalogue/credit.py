"""Events the credit service publishes, and the violation facts government systems publish to it."""

from __future__ import annotations

from datetime import date

import marshmallow as ma
from marshmallow import ValidationError, validate, validates_schema

from services.common.events.envelope import EventType
from services.common.reference import violations

from .fields import Data, fact_day, text

SEVERITIES = ["minor", "general", "serious", "severe"]
GRADES = ["A", "B", "C", "D"]


def violation_code(**kw) -> ma.fields.String:
    """A code of the violation code table (违法违规行为代码表, services/common/reference/violations.json): the enum
    is every code of any version; `check_code` refuses one outside the table in force on the day it occurred."""
    codes = "; ".join(f"{c.code} {c.name}（{c.basis}）" for c in violations.TABLES[-1].rows.values())
    return ma.fields.String(
        required=True,
        validate=validate.OneOf(
            violations.EVERY_CODE,
            error=f"{{input!r}} is not a code of the violation code table ({violations.PUBLIC_PATH})",
        ),
        metadata={
            "description": f"the violation's code in the table in force on occurred_on (published at "
            f"{violations.PUBLIC_PATH}); an event with a code outside it is dead-lettered with that reason. "
            f"Version {violations.TABLES[-1].version}: {codes}"
        },
        **kw,
    )


def check_code(data: dict) -> None:
    """The code is in the table in force on the day the violation occurred."""
    day = data.get("occurred_on")
    if data.get("code") in violations.EVERY_CODE and day:
        reason = violations.refusal(data["code"], date.fromisoformat(day) if isinstance(day, str) else day)
        if reason:
            raise ValidationError(reason, field_name="code")


class ViolationRecordedData(Data):
    """Published by the credit service (regulator command) or straight to Kafka by an enforcement system."""

    violation_id = text(metadata={"description": "unique per violation; a repeat with the same id is ignored"})
    agency_id = text(metadata={"description": "the agency's id in the registry (also the event subject)"})
    severity = ma.fields.String(
        required=True,
        validate=validate.OneOf(SEVERITIES),
        metadata={
            "description": "minor -2 points 3 months; general -5 12 months; serious -10 24 months; "
            "severe = veto: grade D and the severe-dishonesty list (严重失信名单) 36 months"
        },
    )
    code = violation_code()
    description = text()
    occurred_on = fact_day()
    recorded_on = fact_day(
        required=False,
        allow_none=True,
        load_default=None,
        metadata={
            "description": "day the violation was decided (it dates the violation; default: the Jiaxing day of the "
            "event time). Its points count from the notice day (the day the event reaches the platform, never "
            "before recorded_on); the objection window and a severe violation's listing delay run from the day "
            "its notice is served (violation-served)"
        },
    )
    recorded_by = text(metadata={"description": "the authority that recorded it"})
    contract_id = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(min=1, max=100),
        metadata={
            "description": "the contract it concerns, if one: a false-report (虚假报告) on the agency's own contract "
            "flags that contract's paid subsidies for recovery and holds its unpaid ones"
        },
    )

    @validates_schema
    def _code_in_force(self, data: dict, **_kw) -> None:
        check_code(data)


def revocation_kind(description: str) -> ma.fields.String:
    """A revocation's kind: void (the default) or ended."""
    return ma.fields.String(
        load_default="void", validate=validate.OneOf(["void", "ended"]), metadata={"description": description}
    )


class ViolationRevokedData(Data):
    violation_id = text()
    agency_id = text()
    reason = text(metadata={"description": "why: recorded in error, objection upheld, ..."})
    revoked_by = ma.fields.String(
        allow_none=True, load_default=None, metadata={"description": "the regulator or system that revoked it"}
    )
    kind = revocation_kind(
        "void (撤销, the default): the violation was wrong and never stood; its effect is removed from every date "
        "and ratings, histories and the public page show the corrected past. ended (提前移出): it stood, and its "
        "effect ends on the day the revocation reaches the platform. An event without kind is void: every "
        "revocation before the field existed withdrew a violation recorded in error or upheld an objection"
    )


class RatingCorrectionData(Data):
    """An earlier rating-changed whose day, as now known, has another rating."""

    event_id = text(metadata={"description": "the id of the rating-changed event that first published the day"})
    as_of = ma.fields.Date(required=True, metadata={"description": "the day that event rated (its as_of)"})
    new_grade = ma.fields.String(
        required=True, validate=validate.OneOf(GRADES), metadata={"description": "the day's grade as now known"}
    )
    new_score = ma.fields.Integer(required=True, metadata={"description": "the day's score as now known"})


class RatingChangedData(Data):
    agency_id = text()
    as_of = ma.fields.Date(required=True)
    old_score = ma.fields.Integer(allow_none=True, load_default=None)
    new_score = ma.fields.Integer(required=True)
    old_grade = ma.fields.String(allow_none=True, load_default=None)
    new_grade = ma.fields.String(required=True, validate=validate.OneOf(GRADES))
    reasons = ma.fields.List(ma.fields.String(), required=True)
    interview_required = ma.fields.Boolean(required=True)
    rectification_until = ma.fields.Date(allow_none=True, load_default=None)
    listed_until = ma.fields.Date(allow_none=True, load_default=None)
    rule_version = text()
    corrected_from = ma.fields.Date(
        allow_none=True,
        load_default=None,
        metadata={
            "description": "set when the change corrects the past (a violation revoked as void, a delivery known "
            "late): the first day whose rating, as now known, differs from what was published; the history shows "
            "both"
        },
    )
    corrections = ma.fields.List(
        ma.fields.Nested(RatingCorrectionData),
        load_default=list,
        metadata={
            "description": "with corrected_from: each earlier rating-changed (from that day on) whose day now has "
            "another rating, with that day's grade and score as now known; a consumer that keeps ratings by day "
            "replaces the earlier event's with these. Empty when nothing published earlier changed (and in events "
            "published before the field existed)"
        },
    )


def _day(description: str, allow_none: bool = False) -> ma.fields.Date:
    return ma.fields.Date(required=True, allow_none=allow_none, metadata={"description": description})


class ViolationServedData(Data):
    """A violation's notice was served (送达): the clocks that run from service, in Jiaxing days."""

    agency_id = text(metadata={"description": "the agency (also the event subject)"})
    violation_id = text(metadata={"description": "the violation (violation-recorded)"})
    severity = ma.fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    code = text(metadata={"description": "violation-recorded's reason code"})
    recorded_by = text(metadata={"description": "violation-recorded's recorded_by"})
    description = text(metadata={"description": "violation-recorded's description"})
    recorded_on = _day("the day the violation is dated (violation-recorded's recorded_on)")
    served_on = _day("the day the notice was served: the objection window and the listing delay run from it")
    method = ma.fields.String(
        required=True,
        validate=validate.OneOf(["delivered", "public_notice"]),
        metadata={
            "description": "delivered: notify's notice-delivered (an e-mail, SMS or webhook accepted, or the inbox "
            "opened); public_notice (公告送达): no channel reached the agency within the rule table's days, so "
            "credit published the notice on the public site (/public/credit/notices/page) that day"
        },
    )
    channel = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "delivered: inbox, email, sms or webhook; null for a public notice"},
    )
    objection_deadline = _day("the last day the agency may object (异议), that day included")
    effect_from = _day(
        "the day its points count from (the notice day); for a severe violation the day its listing on the "
        "severe-dishonesty list (严重失信名单) starts, unless an objection filed before then holds it until the "
        "ruling. Null: held by an objection already filed",
        allow_none=True,
    )
    effect_until = _day("the day its effect (a listing) ends, that day not included; null with effect_from", True)
    points = ma.fields.Integer(required=True, metadata={"description": "its points while in force (negative)"})
    listed = ma.fields.Boolean(
        required=True,
        metadata={"description": "true: a severe violation (一票否决): grade D and listed while in force"},
    )


EVENT_TYPES = [
    EventType(
        "violation-recorded",
        ViolationRecordedData,
        "credit",
        "A regulator or enforcement system recorded a violation by an agency. External systems publish it to "
        "topic violation-recorded with key = subject = data.agency_id (the registry id), a fresh envelope id, "
        "source /gov/<system>/<division code>, dataversion 1 and exactly the data fields below; "
        "violation_id must be unique (a repeat is ignored). An invalid message goes to "
        "violation-recorded.credit-dlq with the reason in its dlq_error header.",
        subject_field="agency_id",
        external=True,
    ),
    EventType(
        "violation-revoked",
        ViolationRevokedData,
        "credit",
        "A violation was withdrawn (objection upheld, revoked by a regulator or by the recording system): as void "
        "(kind void, the default) it never stood and its effect is removed from every date; ended, its effect ends "
        "on the day the revocation reaches the platform. Ratings as known on an earlier day (known_at) keep what "
        "was known then. Key = subject = data.agency_id; violation_id names the violation-recorded.",
        subject_field="agency_id",
        external=True,
    ),
    EventType(
        "violation-served",
        ViolationServedData,
        "credit",
        "A violation's notice was served on the agency (送达): delivered by notify, or published by credit on the "
        "public site when no channel reached the agency in time (公告送达). Carries the objection deadline and the "
        "effect's dates, which run from service. Once per violation, in the transaction that learns of the "
        "service (none for a violation already revoked as void); key = subject = data.agency_id.",
        subject_field="agency_id",
    ),
    EventType(
        "rating-changed",
        RatingChangedData,
        "credit",
        "An agency's credit score or grade changed.",
        subject_field="agency_id",
    ),
]
