"""Scheduled and admin jobs: daily re-evaluation (time alone lapses effects), rebuild, monthly bulletins (公示)."""
from __future__ import annotations

from collections import Counter
from datetime import date

from services.common.context import ServiceContext

from . import service
from .domain import rate
from .rules import CURRENT
from .store import CreditStore

REEVALUATE = "reevaluate"


def reevaluate(ctx: ServiceContext, on: date | None = None) -> list[str]:
    """Once a day: recompute every rating; a change caused by time alone is published like any other."""
    on = on or service.today()
    if CreditStore(ctx.db).job_day(REEVALUATE) == on.isoformat():
        return []
    changed = rebuild(ctx, on, cause="schedule")
    CreditStore(ctx.db).mark_job(REEVALUATE, on.isoformat())
    return changed


def rebuild(ctx: ServiceContext, on: date | None = None, cause: str = "rebuild") -> list[str]:
    """Recompute every agency's rating from its stored facts; return the agencies whose stored rating differed."""
    on = on or service.today()
    changed = []
    for agency_id in CreditStore(ctx.db).agency_ids():
        with ctx.uow() as uow:
            if service.refresh(uow, agency_id, on, cause)["changed"]:
                changed.append(agency_id)
    return changed


def publish_bulletin(ctx: ServiceContext, on: date | None = None) -> str | None:
    """The month's bulletin (信用公示): every active agency as of the 1st, frozen once published."""
    on = on or service.today()
    month, first = on.strftime("%Y-%m"), on.replace(day=1)
    store = CreditStore(ctx.db)
    if store.bulletin(month):
        return None
    entries = []
    for agency in store.active_agencies():
        rating = rate(store.facts(agency["_id"]), first)
        entries.append({"agency_id": agency["_id"], "name": agency.get("name"), "county": agency.get("county"),
                        "score": rating.score, "grade": rating.grade, "subtotals": rating.subtotals,
                        "listed_until": _iso(rating.listed_until),
                        "rectification_until": _iso(rating.rectification_until)})
    grades = Counter(e["grade"] for e in entries)
    doc = {"as_of": first.isoformat(), "rule_version": CURRENT.version, "entries": entries,
           "grades": {g: grades.get(g, 0) for g, _ in CURRENT.grades}}
    return month if store.add_bulletin(month, doc) else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
