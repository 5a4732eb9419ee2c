"""Event handlers: registry and credit events become the projections of providers (recommendations,
eligibility, listings) and enterprises (whom a demand may serve)."""
from __future__ import annotations

from services.common.events import Event
from services.common.store import UnitOfWork

from .store import MatchingStore

PROFILE_FIELDS = ("name", "categories", "qualifications", "county", "town", "status")
ENTERPRISE_FIELDS = ("name", "county", "town", "industry_section", "status")


def on_agency(event: Event, uow: UnitOfWork) -> None:
    """agency-registered / -updated carry the provider's full state: keep the newest."""
    profile = {k: event.data.get(k) for k in PROFILE_FIELDS}
    MatchingStore(uow).save_profile(event.data["agency_id"], profile, event.time)


def on_enterprise(event: Event, uow: UnitOfWork) -> None:
    """enterprise-registered / -updated carry the enterprise's full state: keep the newest."""
    profile = {k: event.data.get(k) for k in ENTERPRISE_FIELDS}
    MatchingStore(uow).save_enterprise(event.data["enterprise_id"], profile, event.time)


def on_rating_changed(event: Event, uow: UnitOfWork) -> None:
    """Keep the newest score, grade and rectification listing (整改) of a provider."""
    data = event.data
    rating = {"score": data["new_score"], "grade": data["new_grade"], "as_of": data["as_of"],
              "rectification_until": data.get("rectification_until")}
    MatchingStore(uow).save_rating(data["agency_id"], rating, event.time)


HANDLERS = {
    "agency-registered": [on_agency],
    "agency-updated": [on_agency],
    "enterprise-registered": [on_enterprise],
    "enterprise-updated": [on_enterprise],
    "rating-changed": [on_rating_changed],
}
