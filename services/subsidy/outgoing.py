"""The data of the events the subsidy service publishes (shapes: services/common/events/catalogue/subsidy.py)."""

from __future__ import annotations

from datetime import date

from .domain.applications import Application
from .domain.programmes import Programme


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


def step_changed(a: Application) -> dict:
    step, since, due = a.current_step(), a.step_since(), a.due_on()
    return {
        **_base(a),
        "status": a.status.value,
        "awaiting": step.level if step else None,
        "division": step.division if step else None,
        "since": since.isoformat() if since else None,
        "due_on": due.isoformat() if due else None,
    }


def approved(a: Application) -> dict:
    return {**_base(a), "approved_on": a.approved_on.isoformat()}


def rejected(a: Application) -> dict:
    last = a.decisions[-1]
    return {**_base(a), "step": last.step, "reason": last.reason, "cancelled": a.status.value == "cancelled"}


def paid(a: Application) -> dict:
    return {**_base(a), "paid_on": a.paid_on.isoformat(), "payment_reference": a.payment_reference}


def clawback_flagged(a: Application) -> dict:
    r = a.recovery
    return {
        **_base(a),
        "recovery_fen": r.amount_fen,
        "flagged_on": r.flagged_on.isoformat(),
        "reason": r.reason,
        "finding": r.finding.value,
        "evidence_ref": r.evidence_ref,
        "violation_id": r.violation_id,
    }


def recovered(a: Application) -> dict:
    r = a.recovery
    last = r.receipts[-1]
    return {
        **_base(a),
        "recovered_fen": last.amount_fen,
        "total_recovered_fen": r.recovered_fen,
        "outstanding_fen": r.outstanding_fen,
        "recovered_on": last.on.isoformat(),
        "reference": last.reference,
    }


def clawback_lifted(a: Application) -> dict:
    return {**_base(a), "violation_id": a.recovery.violation_id, "reason": a.recovery.lifted}


def topped_up(p: Programme, amount_fen: int, reason: str, total_fen: int, on: date) -> dict:
    return {
        "programme_id": p.id,
        "lineage": p.lineage,
        "funder": p.funder,
        "amount_fen": amount_fen,
        "total_fen": total_fen,
        "reason": reason,
        "topped_up_on": on.isoformat(),
    }


DATA = {
    "subsidy-approved": approved,
    "subsidy-rejected": rejected,
    "subsidy-paid": paid,
    "subsidy-clawback-flagged": clawback_flagged,
    "subsidy-recovered": recovered,
    "subsidy-clawback-lifted": clawback_lifted,
}
