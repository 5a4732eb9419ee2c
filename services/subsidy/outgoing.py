"""The data of the events the subsidy service publishes (shapes: services/common/events/catalogue/subsidy.py)."""

from __future__ import annotations

from datetime import date

from .domain.applications import Application


def _base(a: Application) -> dict:
    return {
        "application_id": a.id,
        "programme_id": a.programme_id,
        "kind": a.kind.value,
        "applicant_id": a.applicant_id,
        "subject_id": a.subject_id,
        "funder": a.funder,
        "county": a.county,
        "town": a.town,
        "amount_fen": a.amount_fen,
    }


def applied(a: Application, on: date) -> dict:
    return {**_base(a), "contract_id": a.contract_id, "submitted_on": on.isoformat()}


def approved(a: Application) -> dict:
    return {**_base(a), "approved_on": a.approved_on.isoformat()}


def rejected(a: Application) -> dict:
    last = a.decisions[-1]
    return {**_base(a), "step": last.step, "reason": last.reason, "cancelled": a.status.value == "cancelled"}


def paid(a: Application) -> dict:
    return {**_base(a), "paid_on": a.paid_on.isoformat(), "payment_reference": a.payment_reference}


def clawback_flagged(a: Application) -> dict:
    r = a.recovery
    return {**_base(a), "recovery_fen": r.amount_fen, "flagged_on": r.flagged_on.isoformat(), "reason": r.reason}


DATA = {
    "subsidy-approved": approved,
    "subsidy-rejected": rejected,
    "subsidy-paid": paid,
    "subsidy-clawback-flagged": clawback_flagged,
}
