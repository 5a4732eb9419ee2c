"""Monthly bulletins (月度信用公示) and their corrections (更正公告). Pure.

A bulletin freezes the 1st of a month as the day began: the agencies active then, each rated from the facts that
had reached the platform before the day (`as_published`). Published, it never changes. What is known now about
that day (`as_known_now`) is the same day rated with every fact now known about the cases the bulletin knew: a
later ruling or revocation of one of them may change it; a case that arrived on the day or later does not (it is
no correction). Where the two differ in what a bulletin shows (`SHOWN`), a correction notice lists the entry
before and after (`correction`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from services.common.clock import jiaxing_day_of

from .facts import STAFFING_FACTS, Fact, case_key
from .rating import Rating, rate
from .rules import RuleBook

#: an entry's fields, as published (and as its digest covers them: domain/chain.py)
ENTRY = ("agency_id", "name", "county", "town", "score", "grade", "subtotals", "listed_until", "rectification_until")
#: what a correction notice compares and lists: the grade, the score and the two lists
SHOWN = ("score", "grade", "listed_until", "rectification_until")


def first_of(month: str) -> date:
    """The day a month's bulletin is of: its 1st (`month` is YYYY-MM)."""
    return date.fromisoformat(f"{month}-01")


def status_before(agency: Mapping, day: date) -> str | None:
    """The agency's status as the day began (its latest status change before the day)."""
    known = [s for s in agency.get("statuses") or [] if jiaxing_day_of(s["time"]) < day]
    return max(known, key=lambda s: s["time"])["status"] if known else None


def as_published(facts: Iterable[Fact], first: date, book: RuleBook) -> Rating:
    """The rating a bulletin of `first` freezes: from the facts that had reached the platform before the day (known
    at the end of the day before)."""
    return rate(facts, first, book, known_at=first - timedelta(days=1))


def as_known_now(facts: Iterable[Fact], first: date, book: RuleBook) -> Rating:
    """The bulletin's day rated with everything known now about the cases it knew (those that had reached the
    platform before the day, with every later step about them); staffing facts are states, each new: only those
    known before the day."""
    facts = list(facts)
    known = {case_key(f) for f in facts if f.notice < first and f.type not in STAFFING_FACTS} - {None}
    return rate([f for f in facts if f.notice < first or case_key(f) in known], first, book)


def entry(agency: Mapping, rating: Rating) -> dict:
    """An agency's bulletin entry: its public profile and the rating as published."""
    summary = rating.summary()
    return {
        "agency_id": agency["_id"],
        "name": agency.get("name"),
        "county": agency.get("county"),
        "town": agency.get("town"),
        **{k: summary[k] for k in ENTRY[4:]},
    }


def freeze(agencies: Iterable[Mapping], facts: Mapping[str, list[Fact]], first: date, book: RuleBook) -> tuple:
    """A month's bulletin of `first`: its summary (rule version, agencies, grades counted) and its entries, of the
    agencies active as the day began, as published (`facts`: each agency's, by id)."""
    entries = [
        entry(a, as_published(facts.get(a["_id"], []), first, book))
        for a in agencies
        if status_before(a, first) == "active"
    ]
    table = book.on(first)
    grades = Counter(e["grade"] for e in entries)
    summary = {
        "as_of": first.isoformat(),
        "rule_version": table.version,
        "agencies": len(entries),
        "grades": {g: grades.get(g, 0) for g in [*(x.grade for x in table.grades), table.floor_grade]},
    }
    return summary, entries


def shown(entry: Mapping) -> dict:
    """What an entry shows now: as frozen, or as its latest correction says."""
    corrections = entry.get("corrections") or []
    return dict(corrections[-1]["after"]) if corrections else {k: entry.get(k) for k in SHOWN}


def correction(entry: Mapping, now: Rating) -> dict | None:
    """The line of a correction notice for an entry whose day now rates otherwise than it shows: its month, agency,
    name, and what it showed (`before`) and shows now (`after`); None when nothing shown changed."""
    before, rated = shown(entry), now.summary()
    after = {k: rated[k] for k in SHOWN}
    if after == before:
        return None
    return {
        "bulletin": entry["month"],
        "agency_id": entry["agency_id"],
        "name": entry.get("name"),
        "before": before,
        "after": after,
    }
