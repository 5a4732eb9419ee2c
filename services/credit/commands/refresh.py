"""Refresh agencies' standing: their new facts stored and their ratings brought up to the day, each agency once per
unit of work (a batch of consumed events, a due-process step, a job).

One pass: the store reads every agency's standing together; deliveries are placed on the cases they name
(`deliveries.place`); each violation a new fact serves gets `violation-served`; the domain refreshes each agency
(`standing.incremental` from its ledger and the cases that changed, or `standing.rebuilt` from every fact when it
cannot go forward, which corrects the published history when the past changed and finds every public notice due);
`rating-changed` is published when a published field changed or the past was corrected; the store writes it all,
each kind of write in one round trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.common.storage.mapping import to_plain
from services.common.storage.store import UnitOfWork

from .. import outgoing
from ..domain import standing
from ..domain.facts import NOTICE_DELIVERED, STAFFING_FACTS, Fact, case_key, noticed
from ..domain.notices import corrected_history, due_for_public_notice, service_news
from ..rulebook import BOOK
from ..store import CreditStore
from ..store.standings import Changes, Standing
from . import deliveries

#: a change in any of these is published as rating-changed
PUBLISHED = ("score", "grade", "listed_until", "rectification_until", "interview_required")


@dataclass
class News:
    """What reached one agency in a unit of work: the type of its first event (the refresh's cause), its new facts
    (`stored`: written already, a due-process step's) and deliveries naming cases credit has not taken in."""

    agency_id: str
    cause: str
    facts: list[Fact] = field(default_factory=list)
    stored: bool = False
    unplaced: list[Fact] = field(default_factory=list)
    rebuild: bool = False  # from every fact, whatever the stored state


def take_in(uow: UnitOfWork, arrivals: list[tuple[str, str, Fact | None]]) -> None:
    """A batch of consumed events, each `(agency, event type, its fact or None)`: every agency named is refreshed
    once, with its new facts (noticed today), for the type of its first event."""
    news: dict[str, News] = {}
    for agency_id, cause, fact in arrivals:
        found = news.setdefault(agency_id, News(agency_id, cause))
        if fact is not None:
            found.facts.append(noticed(fact, uow.today))
    told = [f for item in news.values() for f in item.facts if f.type == NOTICE_DELIVERED]
    if told:
        deliveries.name_cases(CreditStore(uow), news.values(), told)
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
        fields = deliveries.place(before, item.unplaced, today)
        served, due = service_news(before.settled, before.new, BOOK)
        for case, dates in served:
            uow.publish("violation-served", before.agency_id, outgoing.violation_served(before.agency_id, case, dates))
        done = None if item.rebuild else _incremental(before, today)
        if done is None:  # it cannot go forward from the stored state; every fact read: every public notice due
            done, every = _rebuilt(store, before, today)
            due = min(filter(None, (due, due_for_public_notice(every, BOOK, date.min)[1])), default=None)
        corrected = _corrected(store, before, done, today)
        change, result = _published(uow, before, done, item.cause, corrected)
        change.fields.update({**fields, **deliveries.due_field(before.doc, due)})
        change.closed = [case_key(f) for f in before.new if f.type == "violation-revoked"]
        change.corrections = [(entry["_id"], values) for entry, values in corrected]
        changes.append(change)
        results.append(result)
    store.save_refreshes(changes)
    return results


def rebuild(uow: UnitOfWork, agency_id: str, cause: str, on: date | None = None) -> dict:
    """Rebuild the agency's ledger and rating from every stored fact."""
    return refresh_all(uow, [News(agency_id, cause, rebuild=True)], on)[0]


def _incremental(before: Standing, today: date) -> standing.Refreshed | None:
    return standing.incremental(before.lines, before.chain, before.rating, before.settled, before.new, today, BOOK)


def _rebuilt(store: CreditStore, before: Standing, today: date) -> tuple[standing.Refreshed, list[Fact]]:
    """The refresh from every fact (those stored and the new ones not yet written) against the whole old ledger,
    and the facts."""
    old, every = before.rating, [*store.facts(before.agency_id), *before.unstored, *before.elsewhere]
    lines = store.lines(before.agency_id, None) if old else {}
    return standing.rebuilt(lines, old, every, today, BOOK, before.unstored), every


def _corrected(store: CreditStore, before: Standing, done: standing.Refreshed, today: date) -> list[tuple[dict, dict]]:
    """When the past was corrected: each published history entry that changes, with what to set."""
    if not done.corrected_from:
        return []
    entries = store.history_since(before.agency_id, done.corrected_from)
    staff = [f for f in (*before.settled, *before.new) if f.type in STAFFING_FACTS]
    return corrected_history(entries, done.delta, BOOK, today, staff)


def _published(
    uow: UnitOfWork, before: Standing, done: standing.Refreshed, cause: str, corrected: list[tuple[dict, dict]]
) -> tuple[Changes, dict]:
    """What the refresh changes in the agency's document and history; `rating-changed` (with the corrected
    entries) if a published field changed or the past was corrected."""
    agency_id, stored, new = before.agency_id, before.doc.get("rating"), done.rating.summary()
    fields = {f"rating.{k}": v for k, v in new.items() if stored.get(k) != v} if stored else {"rating": new}
    for name, value in (("chain", to_plain(done.chain)), ("next_change_on", to_plain(done.next_change))):
        if before.doc.get(name) != value:
            fields[name] = value
    changed = stored is None or any(k != "rating.as_of" for k in fields if k.startswith("rating"))
    published = stored is None or any(stored.get(k) != new[k] for k in PUBLISHED) or bool(done.corrected_from)
    history = None
    if published:
        data = outgoing.rating_changed(
            agency_id, stored, done.rating, done.reasons, cause, done.corrected_from, corrected
        )
        event = uow.publish("rating-changed", agency_id, data)
        history = {**data, "cause": cause, "event_id": event.id}
    change = Changes(agency_id, before.unstored, done.delta, done.rebuilt, fields, history)
    return change, {"agency_id": agency_id, **new, "changed": changed, "published": published}
