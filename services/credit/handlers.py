"""Event handlers: a consumed event becomes a stored fact; each agency of a batch is refreshed once, at its end."""

from __future__ import annotations

from services.common.events.envelope import Event
from services.common.storage.store import UnitOfWork

from . import commands
from .domain.facts import Fact
from .store import CreditStore

CREDIT_INSPECTIONS = ("quality_spot_check", "mutual_inspection")  # service inspections do not rate the agency


def on_agency(event: Event, uow: UnitOfWork) -> None:
    """agency-registered / -updated: keep the public profile and status history; a new agency is rated (B)."""
    agency_id = event.data["agency_id"]
    CreditStore(uow).save_profile(agency_id, event.data, event.time)
    commands.refresh_later(uow, agency_id, event.type)


def on_fact(event: Event, uow: UnitOfWork) -> None:
    """Contracts, inspections, violations and revocations: store the fact; the agency is refreshed later."""
    if event.type == "inspection-completed" and event.data["kind"] not in CREDIT_INSPECTIONS:
        return
    fact = Fact(id=event.id, type=event.type, time=event.time, data=event.data)
    commands.record_fact(uow, event.data["agency_id"], fact, event.type)


HANDLERS = {
    "agency-registered": [on_agency],
    "agency-updated": [on_agency],
    "contract-completed": [on_fact],
    "contract-terminated": [on_fact],
    "inspection-completed": [on_fact],
    "violation-recorded": [on_fact],
    "violation-revoked": [on_fact],
}
