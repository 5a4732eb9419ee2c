"""What service (送达) means for the parties: the violations new facts serve (violation-served), the public notices
due (公告送达: of violations and of buyers' claims), the intended listings (拟列入) the public sees in their notice
window, and the history as now known.

Pure: facts, ledger lines, the rule book and days in; cases, dates and plain dicts out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .effects import Schedule, objection_deadline, schedule, violation_start
from .facts import Case, Fact, cases
from .ledger import Ledger, yesterday
from .rating import ratings_on
from .rules import RuleBook
from .service import NOTICE_DAY, public_notice_due, served

#: the published fields of a history entry a correction may change
CORRECTED = (
    "old_score",
    "new_score",
    "old_grade",
    "new_grade",
    "interview_required",
    "rectification_until",
    "listed_until",
)


def service_news(
    settled: list[Fact], new: list[Fact], book: RuleBook
) -> tuple[list[tuple[Case, Schedule]], date | None]:
    """What the new facts change in service: the violations they serve, with their dates (a void one is not told:
    it never stood), and the earliest day a public notice falls due for one of the changed cases (a violation, a
    buyer's claim)."""
    before, after = cases(settled), cases([*settled, *new])
    news, due = [], []
    for key, case in after.items():
        due.append(public_notice_due(case, book.on(case.notice_on)))
        was = before.get(key)
        if not key.startswith("violation:") or case.service is None or case.voided:
            continue
        if was is not None and was.service is not None:
            continue
        dates = schedule(case, book)
        if dates is not None and dates.service.method != NOTICE_DAY:
            news.append((case, dates))
    return news, min((d for d in due if d), default=None)


def due_for_public_notice(facts: Iterable[Fact], book: RuleBook, on: date) -> tuple[list[Case], date | None]:
    """The violations and buyers' claims whose public notice is due by `on` (no service known, not revoked or
    dismissed), and the next later day one falls due (`on=date.min`: the first day one falls due)."""
    found = [(public_notice_due(c, book.on(c.notice_on)), c) for c in cases(facts).values()]
    due = [case for day, case in found if day and day <= on]
    return due, min((day for day, _ in found if day and day > on), default=None)


def intended_listings(facts: Iterable[Fact], book: RuleBook, on: date) -> list[dict]:
    """拟列入: the severe violations served and standing (not revoked or repaired) whose listing has not started by
    `on`, waiting for its day or held by a pending objection, with that day and the objection deadline."""
    found = []
    for key, case in cases(facts).items():
        table = book.on(case.notice_on)
        if not key.startswith("violation:") or case.revoked or case.repaired_on is not None:
            continue
        service, start = served(case, table), violation_start(case, table)
        veto = table.rules[f"violation.{case.fact.data['severity']}"].veto
        if not veto or service is None or (start is None and not case.objection_pending) or (start and start <= on):
            continue
        data = case.fact.data
        found.append(
            {
                **{k: data.get(k) for k in ("violation_id", "severity", "code", "description", "recorded_by")},
                "recorded_on": case.dated.isoformat(),
                "served_on": service.on.isoformat(),
                "served_by": service.method,
                "objection_deadline": objection_deadline(case, table).isoformat(),
                "listing_from": start.isoformat() if start else None,
                "objection_pending": case.objection_pending,
            }
        )
    return sorted(found, key=lambda v: (v["served_on"], v["violation_id"]))


def corrected_history(
    entries: list[dict], lines: Ledger, book: RuleBook, on: date, staff: Iterable[Fact] = ()
) -> list[tuple[dict, dict]]:
    """Each published history entry (`_id`, `as_of`, its fields) whose day changed, with what to set so it shows
    its day as now known: the ratings of that day and the day before from the whole ledger, what was published
    (kept from the first correction) and the day corrected (each day with its staffing terms). Entries already
    right are left out; a first rating keeps no old."""
    days = {date.fromisoformat(e["as_of"]) for e in entries}
    rated = ratings_on(lines, days | {yesterday(d) for d in days}, book, staff)
    out = []
    for entry in entries:
        day = date.fromisoformat(entry["as_of"])
        now, before = rated[day], rated[yesterday(day)]
        first = entry.get("old_score") is None
        values = {
            "old_score": None if first else before.score,
            "new_score": now.score,
            "old_grade": None if first else before.grade,
            "new_grade": now.grade,
            "interview_required": now.interview_required,
            "rectification_until": _iso(now.rectification_until),
            "listed_until": _iso(now.listed_until),
        }
        if any(entry.get(k) != v for k, v in values.items()):
            published = entry.get("published") or {k: entry.get(k) for k in CORRECTED}
            out.append((entry, {**values, "published": published, "corrected_on": on.isoformat()}))
    return out


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
