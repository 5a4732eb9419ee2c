"""Events the subsidy service publishes (subject = the application id, so one application's events stay in order)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.events.envelope import EventType

from .fields import Data, fen, text

KINDS = ["enterprise_purchase", "cluster_base_support", "town_reward"]
STEPS = ["town", "county", "finance", "system"]


class ApplicationData(Data):
    """What every subsidy event says about the application."""

    application_id = text()
    programme_id = text()
    kind = ma.fields.String(
        required=True,
        validate=validate.OneOf(KINDS),
        metadata={
            "description": "enterprise_purchase 购买服务补助, cluster_base_support 集聚基地扶持, town_reward 以奖代补"
        },
    )
    applicant_id = text(metadata={"description": "the enterprise or provider registry id, or the town code"})
    subject_id = text(metadata={"description": "the contract, the resident provider or the rewarded town"})
    funder = text(metadata={"description": "division code of the funding county, town or city"})
    county = text()
    town = ma.fields.String(allow_none=True, load_default=None)
    amount_fen = fen()


class SubsidyAppliedData(ApplicationData):
    contract_id = ma.fields.String(allow_none=True, load_default=None)
    submitted_on = ma.fields.Date(required=True)


class SubsidyApprovedData(ApplicationData):
    approved_on = ma.fields.Date(
        required=True, metadata={"description": "the last official approved; finance pays next"}
    )


class SubsidyRejectedData(ApplicationData):
    step = ma.fields.String(
        required=True,
        validate=validate.OneOf(STEPS),
        metadata={
            "description": "who refused: the town or county official, finance, or system (the contract ended early)"
        },
    )
    reason = text()
    cancelled = ma.fields.Boolean(
        required=True, metadata={"description": "true: cancelled because the contract ended early"}
    )


class SubsidyPaidData(ApplicationData):
    paid_on = ma.fields.Date(required=True)
    payment_reference = text(max_length=200)


class SubsidyClawbackData(ApplicationData):
    recovery_fen = fen(metadata={"description": "to be recovered (追回)"})
    flagged_on = ma.fields.Date(required=True, metadata={"description": "the day the contract ended"})
    reason = text()


EVENT_TYPES = [
    EventType(
        "subsidy-applied",
        SubsidyAppliedData,
        "subsidy",
        "An applicant applied for a subsidy; the amount is computed and awaits review.",
        subject_field="application_id",
    ),
    EventType(
        "subsidy-approved",
        SubsidyApprovedData,
        "subsidy",
        "The last official approved a subsidy application (the amount is reserved in the budget).",
        subject_field="application_id",
    ),
    EventType(
        "subsidy-rejected",
        SubsidyRejectedData,
        "subsidy",
        "A subsidy application was rejected with a reason, or cancelled because its contract ended early.",
        subject_field="application_id",
    ),
    EventType(
        "subsidy-paid", SubsidyPaidData, "subsidy", "Finance paid an approved subsidy.", subject_field="application_id"
    ),
    EventType(
        "subsidy-clawback-flagged",
        SubsidyClawbackData,
        "subsidy",
        "A paid subsidy's contract ended early: the amount is flagged for recovery (追回).",
        subject_field="application_id",
    ),
]
