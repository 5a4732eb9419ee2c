"""Refresh agencies' standing: their new facts stored and their ratings brought up to the day, each agency once per
unit of work (a batch of consumed events, a due-process step, a job).

One pass: the store reads every agency's standing together; each violation taken in gets its dates
(`violation-scheduled`); the domain refreshes each agency (`standing.incremental` from its ledger and the cases that
changed, or `standing.rebuilt` from every fact when it cannot go forward); `rating-changed` is published when a
published field changed; the store writes it all, each kind of write in one round trip.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from services.common.storage.mapping import to_plain
from services.common.storage.store import UnitOfWork

from .. import outgoing
from ..domain import standing
from ..domain.effects import schedule
from ..domain.facts import Fact, case_key, cases, noticed
from ..domain.ledger import yesterday
from ..rulebook import BOOK
from ..store import CreditStore
from ..store.standings import Changes, Standing

#: a change in any of these is published as rating-changed
PUBLISHED = ("score", "grade", "listed_until", "rectification_until", "interview_required")


@dataclass
class News:
    """What reached one agency in a unit of work: the type of its first event (the refresh's cause) and its new
    facts; `stored`: they are written already (a due-process step's)."""

    agency_id: str
    cause: str
    facts: list[Fact] = field(default_factory=list)
    stored: bool = False


def take_in(uow: UnitOfWork, arrivals: list[tuple[str, str, Fact | None]]) -> None:
    """A batch of consumed events, each `(agency, event type, its fact or None)`: every agency named is refreshed
    once, with its new facts (noticed today), for the type of its first event."""
    news: dict[str, News] = {}
    for agency_id, cause, fact in arrivals:
        found = news.setdefault(agency_id, News(agency_id, cause))
        if fact is not None:
            found.facts.append(noticed(fact, uow.today))
    refresh_all(uow, list(news.values()))


def refresh(uow: UnitOfWork, agency_id: str, cause: str, on: date | None = None) -> dict:
    """Bring one agency's rating up to today (or the job's day)."""
    return refresh_all(uow, [News(agency_id, cause)], on)[0]


def refresh_all(uow: UnitOfWork, news: list[News], on: date | None = None) -> list[dict]:
    """Refresh each agency, in the order given, and write what changed. Returns each stored rating with `changed`
    (it differed, the day aside) and `published` flags."""
    store, today = CreditStore(uow), on or uow.today
    stored = {f.id for item in news if item.stored for f in item.facts}
    found = store.standings({item.agency_id: item.facts for item in news}, stored)
    changes, results = [], []
    for item in news:
        before = found[item.agency_id]
        _schedule(uow, before)
        done = standing.incremental(before.lines, before.chain, before.rating, before.settled, before.new, today, BOOK)
        if done is None:  # it cannot go forward from the stored state
            done = _rebuilt(store, before, today)
        change, result = _published(uow, before, done, item.cause)
        changes.append(change)
        results.append(result)
    store.save_refreshes(changes)
    return results


def rebuild(uow: UnitOfWork, agency_id: str, cause: str, on: date | None = None) -> dict:
    """Rebuild the agency's ledger and rating from every stored fact."""
    store = CreditStore(uow)
    before = store.standings({agency_id: []})[agency_id]
    change, result = _published(uow, before, _rebuilt(store, before, on or uow.today), cause)
    store.save_refreshes([change])
    return result


def _schedule(uow: UnitOfWork, before: Standing) -> None:
    """violation-scheduled for each violation the agency's new facts open (not a copy of one known): its dates."""
    opened = cases([*before.settled, *before.new])
    for fact in before.new:
        case = opened.get(case_key(fact))
        if fact.type == "violation-recorded" and case is not None and case.fact.id == fact.id:
            data = outgoing.violation_scheduled(before.agency_id, fact, schedule(case, BOOK))
            uow.publish("violation-scheduled", before.agency_id, data)


def _rebuilt(store: CreditStore, before: Standing, today: date) -> standing.Refreshed:
    """The refresh from every fact: those stored and the new ones not yet written."""
    old = before.rating
    lines = store.lines(before.agency_id, yesterday(old.as_of)) if old else Counter()
    return standing.rebuilt(lines, old, [*store.facts(before.agency_id), *before.unstored], today, BOOK)


def _published(uow: UnitOfWork, before: Standing, done: standing.Refreshed, cause: str) -> tuple[Changes, dict]:
    """What the refresh changes in the agency's document and history; `rating-changed` if a published field
    changed."""
    agency_id, stored, new = before.agency_id, before.doc.get("rating"), done.rating.summary()
    fields = {f"rating.{k}": v for k, v in new.items() if stored.get(k) != v} if stored else {"rating": new}
    for name, value in (("chain", to_plain(done.chain)), ("next_change_on", to_plain(done.next_change))):
        if before.doc.get(name) != value:
            fields[name] = value
    changed = stored is None or any(k != "rating.as_of" for k in fields if k.startswith("rating"))
    published = stored is None or any(stored.get(k) != new[k] for k in PUBLISHED)
    history = None
    if published:
        data = outgoing.rating_changed(agency_id, stored, done.rating, done.reasons, cause)
        event = uow.publish("rating-changed", agency_id, data)
        history = {**data, "cause": cause, "event_id": event.id}
    change = Changes(agency_id, before.unstored, done.delta, done.rebuilt, fields, history)
    return change, {"agency_id": agency_id, **new, "changed": changed, "published": published}
