"""Scheduled and admin jobs: the re-evaluation of the agencies time alone may change, public notices of violations
no channel served in time (公告送达), the monthly bulletin (公示) and its corrections (更正公告), evidence files left
unattached, and `rebuild` (admin).

A job's day is the Jiaxing day of the service clock unless given (`on`, for tests and the admin).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from pymongo.errors import DuplicateKeyError

from services.common.clock import JIAXING
from services.common.storage.context import ServiceContext

from . import commands
from .domain import bulletins
from .rulebook import BOOK
from .store import CreditStore
from .store.evidence import PENDING_FOR, EvidenceStore

#: how long after its time a fact may still commit (MongoDB ends a transaction after 60 s): checks overlap by it
LATE_COMMIT = timedelta(minutes=5)


def reevaluate(ctx: ServiceContext, on: date | None = None) -> list[str]:
    """Refresh the agencies whose next change by time alone is due (a refresh moves that day on, so running
    it again the same day finds none); changes are published."""
    on = on or ctx.clock.today()
    changed = []
    for agency_id in CreditStore(ctx.read()).due(on):  # the consumer may refresh the same agency meanwhile
        if ctx.retrying(lambda uow: commands.refresh(uow, agency_id, "schedule", on))["changed"]:
            changed.append(agency_id)
    return changed


def publish_notices(ctx: ServiceContext, on: date | None = None) -> list[str]:
    """公告送达: for each agency a public notice may fall due for, publish the notices due (dated `on`); their clocks
    start that day. Returns the violations published (a claim as `claim:<contract>`)."""
    on = on or ctx.clock.today()
    published = []
    for agency_id in CreditStore(ctx.read()).notices_due(on):
        published += ctx.retrying(lambda uow: commands.publish_notices(uow, agency_id, on))
    return published


def rebuild(ctx: ServiceContext, on: date | None = None) -> list[str]:
    """Rebuild every agency's ledger and rating from its stored facts; return those whose rating differed."""
    on = on or ctx.clock.today()
    changed = []
    for agency_id in CreditStore(ctx.read()).agency_ids():
        if ctx.retrying(lambda uow: commands.rebuild(uow, agency_id, "rebuild", on))["changed"]:
            changed.append(agency_id)
    return changed


def publish_bulletin(ctx: ServiceContext, on: date | None = None) -> str | None:
    """The month's bulletin (信用公示) as of the 1st: the agencies active then, rated from what was known
    before that day began; frozen once published, and chained (`domain/chain.py`)."""
    on = on or ctx.clock.today()
    month, first = on.strftime("%Y-%m"), on.replace(day=1)
    store = CreditStore(ctx.read())
    if store.bulletin(month):
        return None
    active = [a for a in store.agencies() if bulletins.status_before(a, first) == "active"]
    doc, entries = bulletins.freeze(active, {a["_id"]: store.rated_facts(a["_id"]) for a in active}, first, BOOK)
    try:
        with ctx.uow() as uow:
            CreditStore(uow).add_bulletin(month, doc, entries)
    except DuplicateKeyError:  # published meanwhile (the month, or a link of the chain): the first one stays
        return None
    return month


def publish_corrections(ctx: ServiceContext) -> str | None:
    """The correction notice (更正公告) of the current month, if what is known now changes a published bulletin:
    every entry of an agency whose facts changed since the last check, its day rated now (`as_known_now`),
    compared with what it shows; the differences published together, each corrected entry linked to the notice.
    Returns the notice's id."""
    now = ctx.clock.now()
    store = CreditStore(ctx.read())
    latest, lines = store.bulletins(1), []
    changed = store.agencies_with_facts_since(_since(store), date.fromisoformat(latest[0]["as_of"])) if latest else []
    for agency_id in changed:
        facts = store.rated_facts(agency_id)
        for entry in store.entries_of(agency_id):
            found = bulletins.correction(entry, bulletins.as_known_now(facts, bulletins.first_of(entry["month"]), BOOK))
            lines += [found] if found else []
    return ctx.retrying(lambda uow: commands.publish_corrections(uow, lines, now))


def _since(store: CreditStore) -> datetime:
    """From when stored facts may correct a bulletin: the last check, or the start of the day of a bulletin
    published since (its facts stored that day came after it began), less a transaction's lifetime."""
    checked = store.checked_through()
    days = [date.fromisoformat(b["as_of"]) for b in store.published_since(checked)]
    starts = [datetime.combine(d, time(), JIAXING) for d in days] + ([checked] if checked else [])
    return min(starts, default=datetime.max.replace(tzinfo=UTC)) - LATE_COMMIT


def discard_unattached_evidence(ctx: ServiceContext) -> list[str]:
    """Evidence files stored for a step that never committed (the process died between the two), an hour on."""
    store = EvidenceStore(ctx.read())
    ids = store.unattached(ctx.clock.now() - PENDING_FOR)
    store.discard(ids)
    return ids


JOBS = [reevaluate, publish_notices, publish_bulletin, publish_corrections, discard_unattached_evidence]
