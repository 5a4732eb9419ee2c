"""Event handlers: a batch's registry and fact events become stored profiles and facts, and each agency they name
is refreshed once (`commands.take_in`). notify's notice-delivered of a violation's (a claim's) notice serves it (送达).
Practitioners' events and the profiles of agencies in a staffed category become trimmed staffing facts (人员配备)."""

from __future__ import annotations

from services.common.events.envelope import Event
from services.common.messaging.consumer import per_batch
from services.common.storage.store import UnitOfWork

from . import commands
from .commands.deliveries import SERVED
from .domain.facts import NOTICE_DELIVERED, PRACTITIONER_FACTS, Fact
from .staffing import profile_fact, staffing_fact
from .store import CreditStore

PROFILES = ("agency-registered", "agency-updated")
CREDIT_INSPECTIONS = ("quality_spot_check", "mutual_inspection")  # service inspections do not rate the agency


@per_batch
def on_events(events: list[Event], uow: UnitOfWork) -> None:
    """Profiles (public profile and status history; a new agency is rated B) and facts (contracts, inspections,
    violations, revocations, deliveries of a violation's or a claim's notice), in partition order; then the agencies
    named are refreshed, once each. Deliveries of other notices start no clock and are passed over."""
    store, arrivals = CreditStore(uow), []
    for event in events:
        if event.type == NOTICE_DELIVERED:
            if event.data["event_type"] in SERVED:
                arrivals.append((event.data["org_id"], event.type, _fact(event)))
            continue
        if event.type in PRACTITIONER_FACTS:
            arrivals.extend(staffing_fact(event))
            continue
        agency_id = event.data["agency_id"]
        if event.type in PROFILES:
            store.save_profile(agency_id, event.data, event.time)
            arrivals.append((agency_id, event.type, profile_fact(event)))
        elif event.type != "inspection-completed" or event.data["kind"] in CREDIT_INSPECTIONS:
            arrivals.append((agency_id, event.type, _fact(event)))
    commands.take_in(uow, arrivals)


def _fact(event: Event) -> Fact:
    return Fact(id=event.id, type=event.type, time=event.time, data=event.data)


HANDLERS = {
    "agency-registered": [on_events],
    "agency-updated": [on_events],
    "contract-completed": [on_events],
    "contract-terminated": [on_events],
    "inspection-completed": [on_events],
    "violation-recorded": [on_events],
    "violation-revoked": [on_events],
    "notice-delivered": [on_events],
    **{name: [on_events] for name in PRACTITIONER_FACTS},
}
