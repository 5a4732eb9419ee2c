"""Events the credit service publishes, and the violation facts government systems publish to it."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import ValidationError, validate, validates_schema

from services.common.events.envelope import EventType

from .fields import Data, text

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
    occurred_on = ma.fields.Date(required=True)
    recorded_on = ma.fields.Date(
        allow_none=True,
        load_default=None,
        metadata={
            "description": "day the violation was decided (it dates the violation; default: the Jiaxing day of the "
            "event time). The objection window, the listing delay and the effect run from the notice "
            "day: the day the event reaches the platform, never before recorded_on"
        },
    )
    recorded_by = text(metadata={"description": "the authority that recorded it"})


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


def _optional(description: str) -> ma.fields.String:
    return ma.fields.String(allow_none=True, load_default=None, metadata={"description": description})


def _note(description: str) -> ma.fields.String:
    return ma.fields.String(required=True, validate=validate.Length(max=2000), metadata={"description": description})


class CaseStepData(Data):
    """A due-process step (正当程序) on a violation or a buyer's at-fault claim: exactly one of violation_id and
    contract_id names the case."""

    agency_id = text(metadata={"description": "the agency the case is about (also the event subject)"})
    violation_id = _optional("the violation (violation-recorded), when the case is a violation")
    contract_id = _optional("the contract of a buyer's at-fault claim (contract-terminated), when the case is a claim")
    buyer_id = _optional("claims: the buyer's organisation (registry id) that made the claim")
    recorded_by = _optional(
        "violations: the authority that recorded it (violation-recorded's recorded_by; a "
        "regulator's division code when recorded through credit)"
    )

    @validates_schema
    def _one_case(self, data: dict, **_kw) -> None:
        if (data.get("violation_id") is None) == (data.get("contract_id") is None):
            raise ValidationError("exactly one of violation_id and contract_id names the case")


class ObjectionFiledData(CaseStepData):
    filed_on = ma.fields.Date(required=True, metadata={"description": "the Jiaxing day the objection was filed"})
    reason = text(metadata={"description": "the agency's grounds, as written"})
    filed_by = text(metadata={"description": "the organisation that filed it (the agency, or an admin)"})


class ObjectionRuledData(CaseStepData):
    ruled_on = ma.fields.Date(required=True, metadata={"description": "the Jiaxing day of the ruling"})
    upheld = ma.fields.Boolean(
        required=True,
        metadata={
            "description": "true: the violation is revoked (its effect ends that day) or the claim dismissed; false: "
            "it stands (a confirmed claim takes effect that day)"
        },
    )
    note = _note("the regulator's note, as written (may be empty)")
    ruled_by = text(metadata={"description": "the regulator (division code) or admin who ruled"})


class RepairAppliedData(CaseStepData):
    applied_on = ma.fields.Date(required=True, metadata={"description": "the Jiaxing day of the application"})
    evidence = text(metadata={"description": "the rectification evidence (整改材料), as written"})
    applied_by = text(metadata={"description": "the organisation that applied (the agency, or an admin)"})


class RepairDecidedData(CaseStepData):
    decided_on = ma.fields.Date(required=True, metadata={"description": "the Jiaxing day of the decision"})
    approved = ma.fields.Boolean(
        required=True, metadata={"description": "true: the violation's effect ends that day; false: it runs its course"}
    )
    note = _note("the regulator's note, as written (may be empty)")
    decided_by = text(metadata={"description": "the regulator (division code) or admin who decided"})


class ClaimAcceptedData(CaseStepData):
    accepted_on = ma.fields.Date(required=True, metadata={"description": "the Jiaxing day it takes effect"})
    accepted_by = text(metadata={"description": "the organisation that accepted (the agency, or an admin)"})


_STEP = (
    "Credit's due process (正当程序) on a violation or an at-fault claim; key = subject = data.agency_id, "
    "the case is violation_id or contract_id (with the claim's buyer_id)."
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
    EventType(
        "objection-filed",
        ObjectionFiledData,
        "credit",
        f"An agency objected (异议) to a violation or contested a buyer's claim: a regulator must rule. {_STEP}",
        subject_field="agency_id",
    ),
    EventType(
        "objection-ruled",
        ObjectionRuledData,
        "credit",
        f"A regulator ruled on an objection (upheld or rejected). An upheld objection to a violation also "
        f"publishes violation-revoked. {_STEP}",
        subject_field="agency_id",
    ),
    EventType(
        "repair-applied",
        RepairAppliedData,
        "credit",
        f"An agency applied for credit repair (信用修复) of a violation: a regulator must decide. {_STEP}",
        subject_field="agency_id",
    ),
    EventType(
        "repair-decided",
        RepairDecidedData,
        "credit",
        f"A regulator approved or refused a credit repair application. {_STEP}",
        subject_field="agency_id",
    ),
    EventType(
        "claim-accepted",
        ClaimAcceptedData,
        "credit",
        f"An agency accepted a buyer's at-fault claim: it takes effect that day. {_STEP}",
        subject_field="agency_id",
    ),
]
