"""Scheduled and admin jobs: daily re-evaluation (time alone lapses effects), rebuild, monthly bulletins (公示).

A job's day is the Jiaxing day of the service clock unless given (`on`, for tests and the admin).
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from pymongo.errors import DuplicateKeyError

from services.common.context import ServiceContext

from . import commands
from .domain.rating import Rating, rate
from .domain.rules import CURRENT
from .store import CreditStore

REEVALUATE = "reevaluate"


def reevaluate(ctx: ServiceContext, on: date | None = None) -> list[str]:
    """Once a day: recompute every rating; a change caused by time alone is published like any other."""
    on = on or ctx.clock.today()
    if CreditStore(ctx.read()).job_day(REEVALUATE) == on.isoformat():
        return []
    changed = rebuild(ctx, on, cause="schedule")
    with ctx.uow() as uow:
        CreditStore(uow).mark_job(REEVALUATE, on.isoformat())
    return changed


def rebuild(ctx: ServiceContext, on: date | None = None, cause: str = "rebuild") -> list[str]:
    """Recompute every agency's rating from its stored facts; return the agencies whose stored rating differed."""
    on = on or ctx.clock.today()
    changed = []
    for agency_id in CreditStore(ctx.read()).agency_ids():
        with ctx.uow() as uow:
            if commands.rerate(uow, agency_id, on, cause)["changed"]:
                changed.append(agency_id)
    return changed


def publish_bulletin(ctx: ServiceContext, on: date | None = None) -> str | None:
    """The month's bulletin (信用公示): every active agency as of the 1st, frozen once published."""
    on = on or ctx.clock.today()
    month, first = on.strftime("%Y-%m"), on.replace(day=1)
    store = CreditStore(ctx.read())
    if store.bulletin(month):
        return None
    entries = [_entry(agency, rate(store.facts(agency["_id"]), first)) for agency in store.active_agencies()]
    grades = Counter(e["grade"] for e in entries)
    doc = {"as_of": first.isoformat(), "rule_version": CURRENT.version, "entries": entries,
           "grades": {g: grades.get(g, 0) for g, _ in CURRENT.grades}}
    try:
        with ctx.uow() as uow:
            CreditStore(uow).add_bulletin(month, doc)
    except DuplicateKeyError:  # published meanwhile: the first one stays
        return None
    return month


def _entry(agency: dict, rating: Rating) -> dict:
    return {"agency_id": agency["_id"], "name": agency.get("name"), "county": agency.get("county"),
            "score": rating.score, "grade": rating.grade, "subtotals": rating.subtotals,
            "listed_until": _iso(rating.listed_until), "rectification_until": _iso(rating.rectification_until)}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


JOBS = [reevaluate, publish_bulletin]
