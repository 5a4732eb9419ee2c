"""Scheduled and admin jobs: the re-evaluation of the agencies time alone may change, the monthly
bulletin (公示), evidence files left unattached, and `rebuild` (admin).

A job's day is the Jiaxing day of the service clock unless given (`on`, for tests and the admin).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from pymongo.errors import DuplicateKeyError

from services.common.clock import jiaxing_day_of
from services.common.storage.context import ServiceContext

from . import commands
from .domain.rating import Rating, rate
from .rulebook import BOOK
from .store import CreditStore
from .store.evidence import PENDING_FOR, EvidenceStore


def reevaluate(ctx: ServiceContext, on: date | None = None) -> list[str]:
    """Refresh the agencies whose next change by time alone is due (a refresh moves that day on, so running
    it again the same day finds none); changes are published."""
    on = on or ctx.clock.today()
    changed = []
    for agency_id in CreditStore(ctx.read()).due(on):  # the consumer may refresh the same agency meanwhile
        if ctx.retrying(lambda uow: commands.refresh(uow, agency_id, "schedule", on))["changed"]:
            changed.append(agency_id)
    return changed


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
    before that day began; frozen once published."""
    on = on or ctx.clock.today()
    month, first = on.strftime("%Y-%m"), on.replace(day=1)
    store = CreditStore(ctx.read())
    if store.bulletin(month):
        return None
    entries = []
    for agency in store.agencies():
        if _status_before(agency, first) == "active":
            facts = [f for f in store.facts(agency["_id"]) if f.notice < first]
            entries.append(_entry(agency, rate(facts, first, BOOK)))
    table = BOOK.on(first)
    grades = Counter(e["grade"] for e in entries)
    doc = {
        "as_of": first.isoformat(),
        "rule_version": table.version,
        "agencies": len(entries),
        "grades": {g: grades.get(g, 0) for g in [*(x.grade for x in table.grades), table.floor_grade]},
    }
    try:
        with ctx.uow() as uow:
            CreditStore(uow).add_bulletin(month, doc, entries)
    except DuplicateKeyError:  # published meanwhile: the first one stays
        return None
    return month


def _status_before(agency: dict, day: date) -> str | None:
    """The agency's status as the day began (its latest status change before the day)."""
    known = [s for s in agency.get("statuses") or [] if jiaxing_day_of(s["time"]) < day]
    return max(known, key=lambda s: s["time"])["status"] if known else None


def _entry(agency: dict, rating: Rating) -> dict:
    summary = rating.summary()
    return {
        "agency_id": agency["_id"],
        "name": agency.get("name"),
        "county": agency.get("county"),
        "town": agency.get("town"),
        **{k: summary[k] for k in ("score", "grade", "subtotals", "listed_until", "rectification_until")},
    }


def discard_unattached_evidence(ctx: ServiceContext) -> list[str]:
    """Evidence files stored for a step that never committed (the process died between the two), an hour on."""
    store = EvidenceStore(ctx.read())
    ids = store.unattached(ctx.clock.now() - PENDING_FOR)
    store.discard(ids)
    return ids


JOBS = [reevaluate, publish_bulletin, discard_unattached_evidence]
