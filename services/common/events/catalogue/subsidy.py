"""Events the subsidy service publishes (subject = the application id, so one application's events stay in order;
a budget's top-up: the programme id)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.events.envelope import EventType

from .fields import Data, fact_day, fen, text

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
    submitted_on = fact_day()


class SubsidyApprovedData(ApplicationData):
    approved_on = fact_day(metadata={"description": "the last official approved; finance pays next"})


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
    paid_on = fact_day()
    payment_reference = text(max_length=200)


FINDINGS = ["contract_ended", "not_delivered", "false_service"]


def _optional(description: str) -> ma.fields.String:
    return ma.fields.String(allow_none=True, load_default=None, metadata={"description": description})


class SubsidyStepChangedData(ApplicationData):
    """Who an application awaits now (its work queue), or that it left review."""

    status = ma.fields.String(
        required=True,
        validate=validate.OneOf(["submitted", "town_approved", "approved", "paid", "rejected", "cancelled"]),
    )
    awaiting = ma.fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(["town", "county", "finance"]),
        metadata={
            "description": "the step it awaits: the town or county official's review, or finance's payment; "
            "null once decided (rejected, cancelled, paid)"
        },
    )
    division = _optional("the division of that step: the town or county reviewing, the funder paying")
    since = ma.fields.Date(required=True, allow_none=True, metadata={"description": "the day the step began"})
    due_on = ma.fields.Date(
        required=True, allow_none=True, metadata={"description": "the last day of the step's review time (审核时限)"}
    )


class SubsidyClawbackData(ApplicationData):
    recovery_fen = fen(metadata={"description": "to be recovered (追回)"})
    flagged_on = fact_day(metadata={"description": "the day of the finding or the contract's end"})
    reason = text()
    finding = ma.fields.String(
        load_default="contract_ended",
        validate=validate.OneOf(FINDINGS),
        metadata={"description": "contract_ended; not_delivered; false_service (虚假服务)"},
    )
    evidence_ref = _optional("the evidence reference of a finding (or the violation id)")
    violation_id = _optional("the false-report violation that flagged it, if one did")


class SubsidyRecoveredData(ApplicationData):
    """Finance recorded money actually recovered (partial allowed)."""

    recovered_fen = fen(metadata={"description": "recovered by this receipt"})
    total_recovered_fen = fen(metadata={"description": "recovered so far"})
    outstanding_fen = fen(metadata={"description": "still to recover"})
    recovered_on = fact_day()
    reference = text(max_length=200)


class SubsidyClawbackLiftedData(ApplicationData):
    violation_id = text()
    reason = text()


class BudgetToppedUpData(Data):
    """The funder raised a programme's one budget (all its versions), with a reason."""

    programme_id = text(metadata={"description": "the version topped up (also the event subject)"})
    lineage = text(metadata={"description": "the programme across its versions (its first version's id)"})
    funder = text()
    amount_fen = fen(metadata={"description": "added to the budget"})
    total_fen = fen(metadata={"description": "the budget after the top-up"})
    reason = text()
    topped_up_on = fact_day()


EVENT_TYPES = [
    EventType(
        "subsidy-applied",
        SubsidyAppliedData,
        "subsidy",
        "An applicant applied for a subsidy; the amount is computed and awaits review.",
        subject_field="application_id",
    ),
    EventType(
        "subsidy-step-changed",
        SubsidyStepChangedData,
        "subsidy",
        "An application reached its next step (applied: the first reviewer; approved by the town: the county; approved "
        "by the last official: finance) or left review (rejected, cancelled, paid): who it awaits, since and until "
        "when. Key = subject = data.application_id.",
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
        "A paid subsidy is flagged for recovery (追回): its contract ended early, or a regulator or the funder found "
        "the service not delivered or false, or a false-report violation names its contract.",
        subject_field="application_id",
    ),
    EventType(
        "subsidy-recovered",
        SubsidyRecoveredData,
        "subsidy",
        "Finance recorded money recovered of a flagged subsidy (once per reference).",
        subject_field="application_id",
    ),
    EventType(
        "subsidy-clawback-lifted",
        SubsidyClawbackLiftedData,
        "subsidy",
        "The false-report violation that flagged a subsidy was revoked before anything was recovered: the flag falls.",
        subject_field="application_id",
    ),
    EventType(
        "subsidy-budget-topped-up",
        BudgetToppedUpData,
        "subsidy",
        "The funder raised a programme's budget (shared by all its versions), with a reason.",
        subject_field="programme_id",
    ),
]
