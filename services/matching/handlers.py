"""Event handlers: registry and credit events become the projections of providers (recommendations,
eligibility, listings), their practitioners (staffing) and enterprises (whom a demand may serve); the experts'
own (`experts/handlers.py`) join them in `HANDLERS`."""

from __future__ import annotations

from services.common.events.envelope import Event
from services.common.storage.store import UnitOfWork

from .experts import handlers as experts
from .store import MatchingStore

PROFILE_FIELDS = ("name", "categories", "qualifications", "county", "town", "status")
ENTERPRISE_FIELDS = ("name", "county", "town", "industry_section", "status")


def on_agency(event: Event, uow: UnitOfWork) -> None:
    """agency-registered / -updated carry the provider's full state: keep the newest."""
    profile = {k: event.data.get(k) for k in PROFILE_FIELDS}
    keep_newest(uow, "profile_time", event.data["agency_id"], event.time, profile)


def on_enterprise(event: Event, uow: UnitOfWork) -> None:
    """enterprise-registered / -updated carry the enterprise's full state: keep the newest."""
    profile = {k: event.data.get(k) for k in ENTERPRISE_FIELDS}
    MatchingStore(uow).save_enterprise(event.data["enterprise_id"], profile, event.time)


def on_rating_changed(event: Event, uow: UnitOfWork) -> None:
    """Keep the newest score, grade and rectification listing (整改) of a provider."""
    data = event.data
    rating = {
        "score": data["new_score"],
        "grade": data["new_grade"],
        "as_of": data["as_of"],
        "rectification_until": data.get("rectification_until"),
    }
    keep_newest(uow, "rating_time", data["agency_id"], event.time, {"rating": rating})


def on_practitioner(event: Event, uow: UnitOfWork) -> None:
    """practitioner-joined / -left and certificate-verified carry where he works now and his verified
    certificates: keep the newest; his agencies' staff is counted again (人员配备)."""
    MatchingStore(uow).save_practitioner(event.data, event.time)


def keep_newest(uow: UnitOfWork, stamp: str, agency_id: str, time: str, values: dict) -> None:
    """Of a batch's states of a provider (its profile, or its rating, stamped with the event time), the newest is
    written once at the end of the batch, unless the projection holds a newer one; the changed providers then
    move on their categories' ladders."""
    newest = uow.keep("provider-states", dict)
    held = newest.get((stamp, agency_id))
    if held is None or held[0] <= time:
        newest[(stamp, agency_id)] = (time, values)
    uow.once("provider-states", lambda: MatchingStore(uow).save_states(newest))


HANDLERS = {
    "agency-registered": [on_agency],
    "agency-updated": [on_agency],
    "enterprise-registered": [on_enterprise],
    "enterprise-updated": [on_enterprise],
    **experts.HANDLERS,
    "rating-changed": [on_rating_changed],
    "practitioner-joined": [on_practitioner],
    "practitioner-left": [on_practitioner],
    "certificate-verified": [on_practitioner],
}
