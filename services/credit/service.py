"""Service layer: store a fact, recompute the agency's rating, record history and publish rating-changed.

Every function works inside one unit of work (transaction) so the fact, the rating and the outgoing
event commit together.
"""
from __future__ import annotations

from datetime import date

from services.common.clock import utcnow
from services.common.store import UnitOfWork

from .domain import Rating, rate, reasons
from .facts import Fact
from .store import CreditStore

#: a change in any of these is published as rating-changed
PUBLISHED = ("score", "grade", "listed_until", "rectification_until", "interview_required")


def today() -> date:
    """The current UTC day."""
    return utcnow().date()


def record(uow: UnitOfWork, agency_id: str, fact: Fact, cause: str) -> dict:
    """Store a fact (once) and bring the agency's rating up to date."""
    CreditStore.of(uow).add_fact(agency_id, fact)
    return refresh(uow, agency_id, today(), cause)


def refresh(uow: UnitOfWork, agency_id: str, on: date, cause: str) -> dict:
    """Recompute the rating from the stored facts; save it if it changed; publish a published change.

    Returns the new stored rating with `changed` (stored rating differed) and `published` flags.
    """
    store = CreditStore.of(uow)
    old = (store.agency(agency_id) or {}).get("rating")
    new = rate(store.facts(agency_id), on)
    doc = {"agency_id": agency_id, **new.to_dict()}
    changed = old is None or _without_day(old) != _without_day(doc)
    published = old is None or any(old.get(k) != doc[k] for k in PUBLISHED)
    if changed:
        store.save_rating(agency_id, doc)
    if published:
        data = _rating_changed(agency_id, old, new, cause)
        event = uow.publish("rating-changed", agency_id, data)
        store.add_history(agency_id, {**data, "cause": cause, "event_id": event.id})
    return {**doc, "changed": changed, "published": published}


def _without_day(rating: dict) -> dict:
    return {k: v for k, v in rating.items() if k not in ("as_of", "changed", "published")}


def _rating_changed(agency_id: str, old: dict | None, new: Rating, cause: str) -> dict:
    return {
        "agency_id": agency_id, "as_of": new.as_of.isoformat(),
        "old_score": old["score"] if old else None, "new_score": new.score,
        "old_grade": old["grade"] if old else None, "new_grade": new.grade,
        "reasons": reasons(Rating.from_dict(old) if old else None, new) or [cause],
        "interview_required": new.interview_required,
        "rectification_until": _iso(new.rectification_until), "listed_until": _iso(new.listed_until),
        "rule_version": new.rule_version,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
