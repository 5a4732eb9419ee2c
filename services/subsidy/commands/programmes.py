"""Programmes: their funder's officials create, change, open, close and version them, and top up their one
budget (shared by every version) with a reason, audited and published."""

from __future__ import annotations

from services.common.clock import isotime
from services.common.errors import Conflict, Forbidden
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from .. import outgoing
from ..domain.programmes import Programme, Rules, Tier
from ..store import SubsidyStore
from .ids import new_id


def require_funder(who: Principal, funder: str) -> None:
    """Only an official of the funding division itself (or admin) manages its programmes."""
    if not who.is_admin and not (who.role == "official" and who.org == funder):
        raise Forbidden(f"only an official of {funder} manages this programme", rule="funder")


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


def change_programme(
    uow: UnitOfWork, who: Principal, programme_id: str, body: dict, expected: frozenset[int] | None = None
) -> Programme:
    """Change a draft (an open one: name and description); `expected`: the versions the caller read (If-Match)."""
    store = SubsidyStore(uow)
    programme = store.programme(programme_id, expected)
    require_funder(who, programme.funder)
    changes = {**body, "rules": _rules(body["rules"])} if "rules" in body else body
    programme.change(changes, who.subject, uow.now)
    store.save_programme(programme)
    return programme


def open_programme(uow: UnitOfWork, who: Principal, programme_id: str) -> Programme:
    """Open for applications; the first version opens the programme's budget, a later one draws on it and
    supersedes (closes) the version before it."""
    store = SubsidyStore(uow)
    programme = store.programme(programme_id)
    require_funder(who, programme.funder)
    programme.open(who.subject, uow.now)
    store.open_budget(programme.lineage, programme.rules.budget_fen)
    store.save_programme(programme)
    if programme.supersedes:
        previous = store.programme(programme.supersedes)
        previous.supersede(programme.id, who.subject, uow.now)
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


def top_up(uow: UnitOfWork, who: Principal, programme_id: str, amount_fen: int, reason: str) -> Programme:
    """The funder raises the budget of an open programme (all its versions) by `amount_fen`, with a reason:
    recorded on the budget and in the programme's history, and published (subsidy-budget-topped-up)."""
    store = SubsidyStore(uow)
    programme = store.programme(programme_id)
    require_funder(who, programme.funder)
    programme.topped_up(amount_fen, reason, who.subject, uow.now)
    entry = {"amount_fen": amount_fen, "reason": reason, "by": who.subject, "at": isotime(uow.now)}
    if not store.top_up(programme.lineage, amount_fen, {**entry, "on": uow.today.isoformat()}):
        raise Conflict("the budget would exceed 10^12 fen (100 亿元)", rule="budget_max", fields=["amount_fen"])
    store.save_programme(programme)
    total = store.budget(programme.lineage)["total_fen"]
    uow.publish(
        "subsidy-budget-topped-up", programme.id, outgoing.topped_up(programme, amount_fen, reason, total, uow.today)
    )
    return programme
