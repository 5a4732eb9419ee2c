"""Store a fact, then refresh the agency's standing: one cheap refresh per agency per unit of work.

A refresh reads the ledger lines not yet ended and the stored facts of the cases that changed, writes the
changed lines and only the rating fields that changed, and publishes `rating-changed` only when a published
field changed. A batch's reads and writes go together (`batch.py`). When it cannot go forward from the
stored state, it rebuilds from every fact.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from services.common.storage.mapping import to_plain
from services.common.storage.store import UnitOfWork

from .. import outgoing
from ..domain import standing
from ..domain.facts import Fact, noticed
from ..domain.ledger import yesterday
from ..domain.rating import Rating
from ..rulebook import BOOK
from ..store import CreditStore, chain_of
from .batch import batch_of

#: a change in any of these is published as rating-changed
PUBLISHED = ("score", "grade", "listed_until", "rectification_until", "interview_required")


def record_fact(uow: UnitOfWork, agency_id: str, fact: Fact, cause: str) -> None:
    """A fact (noticed today; stored once) for the agency's refresh, once, when the unit of work ends."""
    batch_of(uow).arrive(agency_id, noticed(fact, uow.today))
    refresh_later(uow, agency_id, cause)


def refresh_later(uow: UnitOfWork, agency_id: str, cause: str) -> None:
    """Refresh the agency once per unit of work, after every fact of the batch arrived (the first cause wins)."""
    batch_of(uow).expect(agency_id)
    uow.once(("refresh", agency_id), lambda: refresh(uow, agency_id, cause))


def refresh(uow: UnitOfWork, agency_id: str, cause: str, on: date | None = None) -> dict:
    """Bring the agency's rating up to today (or the job's day) from its ledger and its new facts.

    Returns the stored rating with `changed` (it differed, the day aside) and `published` flags.
    """
    batch, today = batch_of(uow), on or uow.today
    seen = batch.read(agency_id)
    old, chain = _rating(seen.doc), chain_of(seen.doc)
    done = standing.incremental(seen.lines, chain, old, seen.settled, seen.new, today, BOOK)
    if done is None:
        batch.flush()  # the new facts too: a rebuild reads every stored fact
        return rebuild(uow, agency_id, cause, today)
    batch.add_lines(agency_id, done.delta)
    return _save(uow, agency_id, seen.doc, done, cause)


def rebuild(uow: UnitOfWork, agency_id: str, cause: str, on: date | None = None) -> dict:
    """Rebuild the agency's ledger and rating from every stored fact."""
    store = CreditStore(uow)
    doc = store.agency(agency_id) or {}
    old = _rating(doc)
    before = store.lines(agency_id, yesterday(old.as_of)) if old else Counter()
    done = standing.rebuilt(before, old, store.facts(agency_id), on or uow.today, BOOK)
    store.replace_lines(agency_id, done.delta)
    return _save(uow, agency_id, doc, done, cause)


def _save(uow: UnitOfWork, agency_id: str, doc: dict, done: standing.Refreshed, cause: str) -> dict:
    batch, stored, new = batch_of(uow), doc.get("rating"), done.rating.summary()
    changes = {f"rating.{k}": v for k, v in new.items() if stored.get(k) != v} if stored else {"rating": new}
    for field, value in (("chain", to_plain(done.chain)), ("next_change_on", to_plain(done.next_change))):
        if doc.get(field) != value:
            changes[field] = value
    batch.save_standing(agency_id, changes)
    changed = stored is None or any(k != "rating.as_of" for k in changes if k.startswith("rating"))
    published = stored is None or any(stored.get(k) != new[k] for k in PUBLISHED)
    if published:
        data = outgoing.rating_changed(agency_id, stored, done.rating, done.reasons, cause)
        event = uow.publish("rating-changed", agency_id, data)
        batch.add_history(agency_id, {**data, "cause": cause, "event_id": event.id})
    return {"agency_id": agency_id, **new, "changed": changed, "published": published}


def _rating(doc: dict) -> Rating | None:
    return Rating.from_summary(doc["rating"]) if doc.get("rating") else None
