"""Event handlers: registry and credit events become the projections of providers (recommendations,
eligibility, listings), enterprises (whom a demand may serve) and experts (whom a request may draw)."""

from __future__ import annotations

from services.common.events.envelope import Event
from services.common.messaging.consumer import per_batch
from services.common.storage.store import UnitOfWork

from .store import MatchingStore

PROFILE_FIELDS = ("name", "categories", "qualifications", "county", "town", "status")
ENTERPRISE_FIELDS = ("name", "county", "town", "industry_section", "status")
EXPERT_FIELDS = (
    "name",
    "county",
    "industries",
    "specialties",
    "grade",
    "available",
    "status",
    "employer",
    "linked_orgs",
    "leave",
)


def on_enterprise(event: Event, uow: UnitOfWork) -> None:
    """enterprise-registered / -updated carry the enterprise's full state: keep the newest."""
    profile = {k: event.data.get(k) for k in ENTERPRISE_FIELDS}
    MatchingStore(uow).save_enterprise(event.data["enterprise_id"], profile, event.time)


def on_expert(event: Event, uow: UnitOfWork) -> None:
    """expert-registered / -updated carry the expert's full state (ties and leave too): keep the newest."""
    profile = {k: event.data.get(k) for k in EXPERT_FIELDS}
    MatchingStore(uow).save_expert(event.data["expert_id"], profile, event.time)


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
    "expert-registered": [on_expert],
    "expert-updated": [on_expert],
    "rating-changed": [on_provider_states],
}
