"""Applications: apply, the officials' review, finance's payment, and a contract that ended early.

Applications are reviewed by the official of each step (`Step.division`, exactly that division) and paid by the
finance of the division that funds the programme. Every budget move is a conditional update inside the same
transaction as the application's state, on the programme's one budget (all versions), so a refused
reservation leaves nothing behind.
"""

from __future__ import annotations

from services.common.errors import Conflict, Forbidden
from services.common.site.words import yuan
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from .. import claims, outgoing
from ..domain.applications import FINANCE, Application, Outcome, Step, reviewers
from ..store import SubsidyStore
from .ids import new_id


class Refused(Conflict):
    """The application breaks rules (`reasons` names each) or the budget cannot hold it."""


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
        lineage=programme.lineage,
    )
    store.add_application(application)
    store.count_usage(application, application.amount_fen)
    uow.publish("subsidy-applied", application.id, outgoing.applied(application, uow.today))
    return moved(uow, application)


def approve(uow: UnitOfWork, who: Principal, application_id: str) -> Application:
    """The official of the current step approves; the first approval reserves the amount (or is refused)."""
    store = SubsidyStore(uow)
    application = store.application(application_id)
    require_step(who, application.current_step())
    _not_held(store, application)
    outcome = application.approve(who.subject, uow.now, uow.today)
    if outcome.reserve and not store.reserve(application.lineage, outcome.reserve):
        left = store.budget(application.lineage)["left_fen"]
        raise Refused(
            f"the budget has {left} fen left, less than the {outcome.reserve} fen to reserve",
            reasons=[{"rule": "budget_left", "text": f"预算余额 {yuan(left)} 元不足 {yuan(outcome.reserve)} 元"}],
        )
    return moved(uow, saved(uow, store, application, outcome))


def reject(uow: UnitOfWork, who: Principal, application_id: str, reason: str) -> Application:
    """Whoever acts now refuses with a reason; a reservation is released."""
    store = SubsidyStore(uow)
    application = store.application(application_id)
    require_step(who, application.current_step())
    return moved(uow, saved(uow, store, application, application.reject(who.subject, reason, uow.now)))


def pay(uow: UnitOfWork, who: Principal, application_id: str, reference: str) -> Application:
    """The funder's finance pays once; the same reference again for the same application changes nothing."""
    store = SubsidyStore(uow)
    application = store.application(application_id)
    require_step(who, Step(FINANCE, application.funder))
    recorded = store.payment(reference)
    if recorded and recorded["application_id"] == application_id:
        return application
    if recorded:
        raise Conflict(f"payment reference {reference} is recorded for another application", rule="reference_once")
    _not_held(store, application)
    outcome = application.pay(reference, who.subject, uow.today, uow.now)
    store.add_payment(reference, application_id, who.subject)
    return moved(uow, saved(uow, store, application, outcome))


def contract_ended(uow: UnitOfWork, contract_id: str, on) -> list[Application]:
    """A contract ended early: cancel its unpaid applications, flag its paid ones for recovery (追回)."""
    store = SubsidyStore(uow)
    ended = [
        (saved(uow, store, a, outcome), outcome.event)
        for a in store.applications_of_contract(contract_id)
        if (outcome := a.contract_ended(on, uow.now)).event
    ]
    return [moved(uow, a) if event == "subsidy-rejected" else a for a, event in ended]


def require_step(who: Principal, step: Step | None) -> None:
    """The official of exactly the step's division, the finance of the funding division, or admin."""
    if who.is_admin or step is None:
        return
    role = FINANCE if step.level == FINANCE else "official"
    if who.role != role or who.org != step.division:
        raise Forbidden(f"this step is for the {role} of {step.division}", rule="step")


def _not_held(store: SubsidyStore, application: Application) -> None:
    """No approval or payment while a false-report violation stands on the contract (a reviewer may reject)."""
    deal = store.deal(application.contract_id) if application.contract_id else None
    if deal and deal.false_reports:
        raise Refused(
            f"a false-report violation stands on contract {deal.id}",
            reasons=[
                {
                    "rule": "false_report",
                    "text": f"合同的服务被认定为虚假报告（违法违规记录编号 {'、'.join(deal.false_reports)}）",
                }
            ],
        )


def moved(uow: UnitOfWork, application: Application) -> Application:
    """The application reached another step, or left review: who it awaits now, and until when."""
    uow.publish("subsidy-step-changed", application.id, outgoing.step_changed(application))
    return application


def saved(uow: UnitOfWork, store: SubsidyStore, application: Application, outcome: Outcome) -> Application:
    """Move the budget as the outcome says, save, publish its event."""
    if outcome.release:
        store.release(application.lineage, outcome.release)
    if outcome.spend:
        store.spend(application.lineage, outcome.spend)
    if outcome.recover:
        store.recover(application.lineage, outcome.recover)
    if outcome.event == "subsidy-rejected":
        store.count_usage(application, -application.amount_fen)
    store.save_application(application)
    if outcome.event:
        uow.publish(outcome.event, application.id, outgoing.DATA[outcome.event](application))
    return application
