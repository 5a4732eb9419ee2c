"""Credit's due process (正当程序): the steps an agency and a regulator take on a violation or a buyer's at-fault
claim (objection, ruling, repair, acceptance). Published by credit."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import ValidationError, validate, validates_schema

from services.common.events.envelope import EventType

from .fields import Data, text


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
