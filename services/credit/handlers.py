"""Event handlers: a batch's registry and fact events become stored profiles and facts, and each agency they name
is refreshed once (`commands.take_in`)."""

from __future__ import annotations

from services.common.events.envelope import Event
from services.common.messaging.consumer import per_batch
from services.common.storage.store import UnitOfWork

from . import commands
from .domain.facts import Fact
from .store import CreditStore

PROFILES = ("agency-registered", "agency-updated")
CREDIT_INSPECTIONS = ("quality_spot_check", "mutual_inspection")  # service inspections do not rate the agency


@per_batch
def on_events(events: list[Event], uow: UnitOfWork) -> None:
    """Profiles (public profile and status history; a new agency is rated B) and facts (contracts, inspections,
    violations, revocations), in partition order; then the agencies named are refreshed, once each."""
    store, arrivals = CreditStore(uow), []
    for event in events:
        agency_id = event.data["agency_id"]
        if event.type in PROFILES:
            store.save_profile(agency_id, event.data, event.time)
            arrivals.append((agency_id, event.type, None))
        elif event.type != "inspection-completed" or event.data["kind"] in CREDIT_INSPECTIONS:
            fact = Fact(id=event.id, type=event.type, time=event.time, data=event.data)
            arrivals.append((agency_id, event.type, fact))
    commands.take_in(uow, arrivals)


HANDLERS = {
    "agency-registered": [on_events],
    "agency-updated": [on_events],
    "contract-completed": [on_events],
    "contract-terminated": [on_events],
    "inspection-completed": [on_events],
    "violation-recorded": [on_events],
    "violation-revoked": [on_events],
}
