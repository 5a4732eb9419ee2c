"""Writes of the subsidy service: load → check who may → domain → save (budget moves) → publish.

Programmes belong to their funder's officials; applications are reviewed by the official of each step
(`Step.division`), paid by finance. Every budget move is a conditional update inside the same transaction
as the application's state, so a refused reservation leaves nothing behind.
"""

from __future__ import annotations

import uuid

from services.common.errors import Conflict, Forbidden
from services.common.site.words import yuan
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from . import claims, outgoing
from .domain.applications import FINANCE, Application, Outcome, Step, reviewers
from .domain.programmes import Programme, Rules, State, Tier
from .store import SubsidyStore


class Refused(Conflict):
    """The application breaks rules (`reasons` names each) or the budget cannot hold it."""


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


# --- programmes -----------------------------------------------------------------------------------
def require_funder(who: Principal, funder: str) -> None:
    """Only an official of the funding division (or admin) manages its programmes."""
    if not who.is_admin and not (who.role == "official" and who.org == funder):
        raise Forbidden(f"only an official of {funder} manages this programme")


def _rules(values: dict) -> dict:
    if "tiers" in values:
        values = {**values, "tiers": tuple(Tier(**t) for t in values["tiers"])}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def create_programme(uow: UnitOfWork, who: Principal, body: dict) -> Programme:
    funder = body.get("funder") or who.org or ""
    require_funder(who, funder)
    fields = {k: v for k, v in body.items() if k not in ("funder", "rules")}  # the body stays as sent (retries)
    programme = Programme(
        id=new_id("pg"), funder=funder, rules=Rules(**_rules(body["rules"])), created_at=uow.now, **fields
    )
    SubsidyStore(uow).add_programme(programme)
    return programme


def change_programme(uow: UnitOfWork, who: Principal, programme_id: str, body: dict) -> Programme:
    store = SubsidyStore(uow)
    programme = store.programme(programme_id)
    require_funder(who, programme.funder)
    changes = {**body, "rules": _rules(body["rules"])} if "rules" in body else body
    programme.change(changes, who.subject, uow.now)
    store.save_programme(programme)
    return programme


def open_programme(uow: UnitOfWork, who: Principal, programme_id: str) -> Programme:
    """Open for applications with its budget; a new version closes the one it supersedes."""
    store = SubsidyStore(uow)
    programme = store.programme(programme_id)
    require_funder(who, programme.funder)
    programme.open(who.subject, uow.now)
    store.open_budget(programme)
    store.save_programme(programme)
    if programme.supersedes:
        previous = store.programme(programme.supersedes)
        if previous.state == State.OPEN:
            previous.close(who.subject, uow.now)
            store.save_programme(previous)
    return programme


def close_programme(uow: UnitOfWork, who: Principal, programme_id: str) -> Programme:
    """No new applications; those under review go on."""
    store = SubsidyStore(uow)
    programme = store.programme(programme_id)
    require_funder(who, programme.funder)
    programme.close(who.subject, uow.now)
    store.save_programme(programme)
    return programme


def new_version(uow: UnitOfWork, who: Principal, programme_id: str) -> Programme:
    store = SubsidyStore(uow)
    programme = store.programme(programme_id)
    require_funder(who, programme.funder)
    draft = programme.next_version(new_id("pg"), uow.now)
    store.add_programme(draft)
    return draft


# --- applications ---------------------------------------------------------------------------------
def apply(uow: UnitOfWork, who: Principal, body: dict) -> Application:
    """Apply under an open programme: refused with every failed rule, else stored with its amount explained."""
    store = SubsidyStore(uow)
    programme = store.programme(body["programme_id"])
    claim = claims.claim(uow, who, programme, body)
    if claim.refusals:
        raise Refused(
            "the application is refused: " + "; ".join(r.text for r in claim.refusals),
            reasons=[{"rule": r.rule, "text": r.text} for r in claim.refusals],
        )
    application = Application(
        id=new_id("sa"),
        programme_id=programme.id,
        kind=programme.kind,
        applicant_id=claim.applicant_id,
        subject_id=claim.subject_id,
        funder=programme.funder,
        county=claim.county,
        town=claim.town,
        amount_fen=claim.lines[-1].amount_fen,
        lines=tuple(claim.lines),
        year=uow.today.year,
        submitted_at=uow.now,
        reviewers=reviewers(programme.kind, claim.county, claim.town),
        contract_id=claim.contract_id,
    )
    store.add_application(application)
    store.count_usage(application, application.amount_fen)
    uow.publish("subsidy-applied", application.id, outgoing.applied(application, uow.today))
    return application


def approve(uow: UnitOfWork, who: Principal, application_id: str) -> Application:
    """The official of the current step approves; the first approval reserves the amount (or is refused)."""
    store = SubsidyStore(uow)
    application = store.application(application_id)
    require_step(who, application.current_step())
    outcome = application.approve(who.subject, uow.now, uow.today)
    if outcome.reserve and not store.reserve(application.programme_id, outcome.reserve):
        left = store.budget(application.programme_id)["left_fen"]
        raise Refused(
            f"the budget has {left} fen left, less than the {outcome.reserve} fen to reserve",
            reasons=[{"rule": "budget_left", "text": f"预算余额 {yuan(left)} 元不足 {yuan(outcome.reserve)} 元"}],
        )
    return _saved(uow, store, application, outcome)


def reject(uow: UnitOfWork, who: Principal, application_id: str, reason: str) -> Application:
    """Whoever acts now refuses with a reason; a reservation is released."""
    store = SubsidyStore(uow)
    application = store.application(application_id)
    require_step(who, application.current_step())
    return _saved(uow, store, application, application.reject(who.subject, reason, uow.now))


def pay(uow: UnitOfWork, who: Principal, application_id: str, reference: str) -> Application:
    """Finance pays once; the same reference again for the same application changes nothing."""
    store = SubsidyStore(uow)
    application = store.application(application_id)
    require_step(who, Step(FINANCE))
    recorded = store.payment(reference)
    if recorded and recorded["application_id"] == application_id:
        return application
    if recorded:
        raise Conflict(f"payment reference {reference} is recorded for another application")
    outcome = application.pay(reference, who.subject, uow.today, uow.now)
    store.add_payment(reference, application_id, who.subject)
    return _saved(uow, store, application, outcome)


def contract_ended(uow: UnitOfWork, contract_id: str, on) -> list[Application]:
    """A contract ended early: cancel its unpaid applications, flag its paid ones for recovery (追回)."""
    store = SubsidyStore(uow)
    return [
        _saved(uow, store, a, outcome)
        for a in store.applications_of_contract(contract_id)
        if (outcome := a.contract_ended(on, uow.now)).event
    ]


def require_step(who: Principal, step: Step | None) -> None:
    """The official of the step's division, finance for payment, or admin."""
    if who.is_admin or step is None:
        return
    allowed = who.role == FINANCE if step.level == FINANCE else (who.role == "official" and who.org == step.division)
    if not allowed:
        raise Forbidden(f"this step is for {step.level} {step.division or ''}".strip())


def _saved(uow: UnitOfWork, store: SubsidyStore, application: Application, outcome: Outcome) -> Application:
    """Move the budget as the outcome says, save, publish its event."""
    if outcome.release:
        store.release(application.programme_id, outcome.release)
    if outcome.spend:
        store.spend(application.programme_id, outcome.spend)
    if outcome.event == "subsidy-rejected":
        store.count_usage(application, -application.amount_fen)
    store.save_application(application)
    if outcome.event:
        uow.publish(outcome.event, application.id, outgoing.DATA[outcome.event](application))
    return application
