"""Event handlers: registry events keep the projection of organisations and their contacts (an address that
becomes known catches up the assured notices); violations are projected (what was recorded, from which source,
whether revoked: a revocation replaces the notices not yet delivered); credit's due-process steps and subsidy's
steps keep the work queues; every event with a rule becomes notifications and deliveries in the same unit of
work (sending is the dispatcher's)."""

from __future__ import annotations

from services.common.events.envelope import Event
from services.common.storage.store import UnitOfWork

from . import commands
from .domain.rules import RULES
from .store import NotifyStore
from .store.cases import CaseStore

AGENCY_FIELDS = ("name", "email", "county", "town", "status", "categories", "valid_categories", "qualifications")
ENTERPRISE_FIELDS = ("name", "email", "county", "town", "status")


def on_agency(event: Event, uow: UnitOfWork) -> None:
    """agency-registered / -updated: the full state; the newest wins. Its e-mail is where notices go."""
    values = {"kind": "agency", **{k: event.data.get(k) for k in AGENCY_FIELDS}}
    _save_org(uow, event.data["agency_id"], values, event.time)


def on_enterprise(event: Event, uow: UnitOfWork) -> None:
    values = {"kind": "enterprise", **{k: event.data.get(k) for k in ENTERPRISE_FIELDS}}
    _save_org(uow, event.data["enterprise_id"], values, event.time)


def _save_org(uow: UnitOfWork, org: str, values: dict, time: str) -> None:
    """Keep the newest state; assured notices not yet delivered go to an e-mail address they never went to."""
    if NotifyStore(uow).save_org(org, values, time):
        commands.catch_up(uow, org)


def on_demand(event: Event, uow: UnitOfWork) -> None:
    """Remember who posted a demand: offers are told to its buyer (those that came first, now)."""
    NotifyStore(uow).save_demand(event.data["demand_id"], event.data["buyer_id"])
    commands.tell_held(uow, event.data["demand_id"])


def on_violation(event: Event, uow: UnitOfWork) -> None:
    """What was recorded and where it came from (notices name its recorder and code from it)."""
    CaseStore(uow).save_violation(event.data["violation_id"], event.data, event.source)


def on_revoked(event: Event, uow: UnitOfWork) -> None:
    """The revocation is told, and replaces the violation's notices not yet delivered."""
    commands.revoked(uow, event)


def on_case_step(event: Event, uow: UnitOfWork) -> None:
    """An objection or repair application awaits the agency's regulators, or was decided."""
    commands.case_step(uow, event)


def on_subsidy_step(event: Event, uow: UnitOfWork) -> None:
    commands.subsidy_step(uow, event)


def on_event(event: Event, uow: UnitOfWork) -> None:
    """Tell whoever the rules name."""
    commands.notify_event(uow, event)


HANDLERS = {
    "agency-registered": [on_agency],
    "agency-updated": [on_agency],
    "enterprise-registered": [on_enterprise],
    "enterprise-updated": [on_enterprise],
    **{event_type: [on_event] for event_type in RULES},
    "demand-posted": [on_demand, on_event],
    "violation-recorded": [on_violation, on_event],
    "violation-revoked": [on_revoked],
    **{
        step: [on_case_step, on_event]
        for step in ("objection-filed", "objection-ruled", "repair-applied", "repair-decided")
    },
    "subsidy-step-changed": [on_subsidy_step],
}
