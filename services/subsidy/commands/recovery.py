"""Recovery (追回) that happens: a regulator of the application's place or an official of its funder finds that a
paid service was not delivered or was false, with a reason and an evidence reference; the funder's finance records
the money actually recovered (partial allowed, once per reference); a false-report violation tied to a contract
flags that contract's paid subsidies and holds its unpaid ones until it is revoked."""

from __future__ import annotations

from services.common.errors import Conflict, Forbidden
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from ..domain.applications import FINANCE, Application, Status, Step
from ..domain.recovery import Finding
from ..store import SubsidyStore
from .applications import require_step, saved

FALSE_REPORT = "false-report"  # the violation code of a false report or false service (虚假报告)


def require_finder(who: Principal, a: Application) -> None:
    """A regulator whose division holds the application's place, an official of its funder, or admin."""
    if who.is_admin or (who.role == "official" and who.org == a.funder):
        return
    if who.role == "regulator" and who.reaches(a.town or a.county):
        return
    raise Forbidden(
        f"a regulator of the application's place or an official of its funder {a.funder} finds this", rule="finder"
    )


def find(uow: UnitOfWork, who: Principal, application_id: str, body: dict) -> Application:
    """The service paid for was not delivered or was false: flag the paid subsidy for recovery."""
    store = SubsidyStore(uow)
    application = store.application(application_id)
    require_finder(who, application)
    outcome = application.flag(body["finding"], body["reason"], body["evidence_ref"], who.subject, uow.today)
    return saved(uow, store, application, outcome)


def record_recovery(uow: UnitOfWork, who: Principal, application_id: str, reference: str, fen: int) -> Application:
    """The funder's finance records money recovered; the same reference and amount again changes nothing."""
    store = SubsidyStore(uow)
    application = store.application(application_id)
    require_step(who, Step(FINANCE, application.funder))
    recorded = store.receipt(reference)
    if recorded and (recorded["application_id"], recorded["amount_fen"]) == (application_id, fen):
        return application
    if recorded:
        raise Conflict(f"recovery reference {reference} is recorded for another receipt", rule="reference_once")
    outcome = application.recovered(reference, fen, who.subject, uow.today)
    store.add_receipt(reference, application_id, fen, who.subject)
    return saved(uow, store, application, outcome)


def violation_recorded(uow: UnitOfWork, data: dict) -> None:
    """A false-report violation tied to a contract: hold the contract's unpaid subsidies (refusals name it) and
    flag its paid ones for recovery (虚假服务)."""
    contract_id, violation_id = data.get("contract_id"), data["violation_id"]
    if data["code"] != FALSE_REPORT or not contract_id:
        return
    store = SubsidyStore(uow)
    store.mark_false_report(contract_id, violation_id, data["agency_id"])
    deal = store.deal(contract_id)
    if deal is None or violation_id not in deal.false_reports:  # unknown yet (nothing applied for), or not its
        return
    reason = f"出具虚假报告（违法违规记录编号 {violation_id}）：{data['description']}"
    for application in store.applications_of_contract(contract_id):
        if application.status == Status.PAID and not application.flagged:
            outcome = application.flag(
                Finding.FALSE_SERVICE, reason, violation_id, data["recorded_by"], uow.today, violation_id=violation_id
            )
            saved(uow, store, application, outcome)


def violation_revoked(uow: UnitOfWork, data: dict) -> None:
    """A revoked violation never stood: its hold ends, and a flag it raised falls if nothing was recovered."""
    store = SubsidyStore(uow)
    violation_id = data["violation_id"]
    store.clear_false_report(violation_id)
    for application in store.applications_flagged_by(violation_id):
        saved(
            uow,
            store,
            application,
            application.lift(violation_id, f"违法违规记录（记录编号 {violation_id}）已撤销：{data['reason']}"),
        )
