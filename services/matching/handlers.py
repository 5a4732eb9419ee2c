"""Event handlers: registry and credit events become the projections of providers (recommendations,
eligibility, listings), their practitioners (staffing) and enterprises (whom a demand may serve); the experts'
own (`experts/handlers.py`) join them in `HANDLERS`."""

from __future__ import annotations

from services.common.events.envelope import Event
from services.common.messaging.consumer import per_batch
from services.common.storage.store import UnitOfWork

from .experts import handlers as experts
from .store import MatchingStore

PROFILE_FIELDS = ("name", "categories", "qualifications", "county", "town", "status")
ENTERPRISE_FIELDS = ("name", "county", "town", "industry_section", "status")


def on_enterprise(event: Event, uow: UnitOfWork) -> None:
    """enterprise-registered / -updated carry the enterprise's full state: keep the newest."""
    profile = {k: event.data.get(k) for k in ENTERPRISE_FIELDS}
    MatchingStore(uow).save_enterprise(event.data["enterprise_id"], profile, event.time)


@per_batch
def on_practitioners(events: list[Event], uow: UnitOfWork) -> None:
    """practitioner-joined / -left and certificate-verified carry where he works now and his verified
    certificates: keep the newest of each; the staff of the agencies they touch is counted again once (人员配备)."""
    MatchingStore(uow).save_practitioners([(event.data, event.time) for event in events])


@per_batch
def on_provider_states(events: list[Event], uow: UnitOfWork) -> None:
    """agency-registered / -updated (the provider's full profile) and rating-changed (its score, grade and
    rectification listing 整改): of a batch's states of a provider, stamped with their event times, the newest of
    each kind is written, unless the projection holds a newer one; the changed providers then move on their
    categories' ladders."""
    newest: dict[tuple[str, str], tuple[str, dict]] = {}
    for event in events:
        stamp, values = provider_state(event)
        held = newest.get((stamp, event.data["agency_id"]))
        if held is None or held[0] <= event.time:
            newest[(stamp, event.data["agency_id"])] = (event.time, values)
    MatchingStore(uow).save_states(newest)


def provider_state(event: Event) -> tuple[str, dict]:
    """The kind of state an event carries (its stamp) and its values."""
    data = event.data
    if event.type == "rating-changed":
        rating = {
            "score": data["new_score"],
            "grade": data["new_grade"],
            "as_of": data["as_of"],
            "rectification_until": data.get("rectification_until"),
        }
        return "rating_time", {"rating": rating}
    return "profile_time", {k: data.get(k) for k in PROFILE_FIELDS}


HANDLERS = {
    "agency-registered": [on_provider_states],
    "agency-updated": [on_provider_states],
    "enterprise-registered": [on_enterprise],
    "enterprise-updated": [on_enterprise],
    **experts.HANDLERS,
    "rating-changed": [on_provider_states],
    "practitioner-joined": [on_practitioners],
    "practitioner-left": [on_practitioners],
    "certificate-verified": [on_practitioners],
}
