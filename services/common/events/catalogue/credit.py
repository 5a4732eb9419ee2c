"""Events the credit service publishes, and the violation facts government systems publish to it."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.events.envelope import EventType

from .fields import Data, fact_day, text

SEVERITIES = ["minor", "general", "serious", "severe"]
GRADES = ["A", "B", "C", "D"]


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
    code = text(metadata={"description": "reason code, e.g. false-report, qualification-rental"})
    description = text()
    occurred_on = fact_day()
    recorded_on = fact_day(
        required=False,
        allow_none=True,
        load_default=None,
        metadata={
            "description": "day the violation was decided (it dates the violation; default: the Jiaxing day of the "
            "event time). The objection window, the listing delay and the effect run from the notice "
            "day: the day the event reaches the platform, never before recorded_on"
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


class ViolationRevokedData(Data):
    violation_id = text()
    agency_id = text()
    reason = text(metadata={"description": "why: recorded in error, objection upheld, ..."})
    revoked_by = ma.fields.String(
        allow_none=True, load_default=None, metadata={"description": "the regulator or system that revoked it"}
    )


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


def _day(description: str, allow_none: bool = False) -> ma.fields.Date:
    return ma.fields.Date(required=True, allow_none=allow_none, metadata={"description": description})


class ViolationScheduledData(Data):
    """The dates credit set for a violation when it took it in (Jiaxing days)."""

    agency_id = text(metadata={"description": "the agency (also the event subject)"})
    violation_id = text(metadata={"description": "the violation (violation-recorded)"})
    severity = ma.fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    code = text(metadata={"description": "violation-recorded's reason code"})
    recorded_by = text(metadata={"description": "violation-recorded's recorded_by"})
    noticed_on = _day(
        "the notice day: the day the violation reached the platform, never before recorded_on; the objection "
        "period and a severe violation's listing delay run from it"
    )
    objection_deadline = _day("the last day the agency may object (异议), that day included")
    effect_from = _day(
        "the day its points start to count; for a severe violation the day its listing on the severe-dishonesty "
        "list (严重失信名单) starts, unless an objection filed before then holds it until the ruling. Null: it has "
        "no effect (revoked before credit took it in)",
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
        "A violation was withdrawn (objection upheld, revoked by a regulator or by the recording system); "
        "its effect ends on the day the revocation reaches the platform (ratings of earlier days, as "
        "known then, keep it). Key = subject = data.agency_id; violation_id names the violation-recorded.",
        subject_field="agency_id",
        external=True,
    ),
    EventType(
        "violation-scheduled",
        ViolationScheduledData,
        "credit",
        "Credit took in a violation and set its dates: the last day to object, and when its effect (for a severe "
        "one, the listing) starts and ends. Once per violation, in the transaction that takes it in; key = subject "
        "= data.agency_id.",
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
