"""The provider projection (registry and credit events, and its staff from the practitioners projection) and its
ladder per category, for recommendations.

`providers`: one document per agency, the newest profile and rating; `ladder` holds the rungs it stands on
("category:score") with its entry on each, `ladder_stale` marks it changed in the running unit of work. The
`ladder` collection keeps each rung in sections (`ladder.py`). An entry is flat (its qualifications as JSON
text): what ranking needs, and cheap to read back in bulk.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from pymongo import UpdateOne

from services.common.reference.practice import staffing_kinds
from services.common.storage.store import Store

from ..domain.recommend import Provider, Qualification
from ..domain.shortlist import Section, ladder_categories, rank_score
from ..domain.staffing import parsed
from .ladder import LADDER, move, section_id, sections
from .staff import STAFF, count_staff, save_practitioner

PROVIDERS = "providers"
QUALIFICATION_FIELDS = ("category", "level", "valid_from", "valid_until", "verified")


class ProviderStore(Store):
    """The provider projection and its ladder, in one unit of work."""

    def provider(self, agency_id: str) -> Provider | None:
        doc = self[PROVIDERS].find_one({"_id": agency_id})
        return provider_from_doc(doc) if doc else None

    def save_states(self, states: dict[tuple[str, str], tuple[str, dict]]) -> None:
        """Keep the newest registry profile and credit rating of providers, `{(stamp, agency id): (event time,
        values)}`, in one write (events may arrive out of order: a state older than the one held is dropped; a
        provider first known by its rating waits for its profile); the changed ones move on the ladder."""
        seen = [
            UpdateOne({"_id": i}, {"$setOnInsert": {"status": "unknown"}}, upsert=True)
            for i in dict.fromkeys(i for _, i in states)
        ]
        newer = [
            UpdateOne(
                {"_id": i, "$or": [{stamp: {"$exists": False}}, {stamp: {"$lte": time}}]},
                {"$set": {**values, stamp: time, "ladder_stale": True}},
            )
            for (stamp, i), (time, values) in states.items()
        ]
        self[PROVIDERS].bulk_write(seen + newer)
        self.refresh_ladder()

    def save_practitioners(self, states: list[tuple[dict, str]]) -> None:
        """Keep each practitioner's newest state (his data, the event time); then count the staff of the agencies
        they changed, once, and move those on the ladder."""
        agencies: set[str] = set()
        for data, time in states:
            agencies |= save_practitioner(self[STAFF], data, time)
        if agencies:
            count_staff(self[STAFF], self[PROVIDERS], agencies)
            self.refresh_ladder()

    def ladder(self, category: str) -> list[Section]:
        """The sections of a category's ladder."""
        return sections(self[LADDER].find_one({"_id": category}))

    def section_providers(self, category: str, wanted: list[Section]) -> list[LadderEntry]:
        """The providers in these sections, each a `Provider` as ranking reads it (built when first needed)."""
        docs = self[LADDER].find({"_id": {"$in": [section_id(category, score, low) for score, low, _ in wanted]}})
        return [LadderEntry(e, category) for d in docs for e in d["entries"]]

    def refresh_ladder(self) -> None:
        """Move the providers changed in this unit of work (`ladder_stale`) to the rungs they now stand on."""
        leaving, joining, moved = defaultdict(list), defaultdict(list), {}
        for doc in self[PROVIDERS].find({"ladder_stale": True}):
            held, wanted = doc.get("ladder", {}), ladder_entries(doc)
            moved[doc["_id"]] = wanted
            if held == wanted:
                continue
            for rung in held:
                leaving[rung].append(doc["_id"])
            for rung, entry in wanted.items():
                joining[rung].append(entry)
        if leaving or joining:
            move(self[LADDER], leaving, joining)
        if moved:
            self[PROVIDERS].bulk_write(
                [
                    UpdateOne({"_id": i}, {"$set": {"ladder": w}, "$unset": {"ladder_stale": ""}})
                    for i, w in moved.items()
                ]
            )


class LadderEntry:
    """A provider on a rung: what bounds its total (id, score, place) at once, the rest of the `Provider` when
    first read. Of a rung's many providers most are only bounded, never ranked (`domain.shortlist.reachable`)."""

    __slots__ = ("agency_id", "credit_score", "county", "town", "_entry", "_category", "_provider")

    def __init__(self, entry: dict, category: str):
        self.agency_id, self.credit_score = entry["_id"], entry["score"]
        self.county, self.town = entry["county"], entry["town"]
        self._entry, self._category, self._provider = entry, category, None

    def __getattr__(self, name: str):
        if self._provider is None:
            self._provider = provider_from_entry(self._entry, self._category)
        return getattr(self._provider, name)


def rung_id(category: str, score: int) -> str:
    return f"{category}:{score}"


def ladder_entries(doc: dict) -> dict[str, dict]:
    """The rungs a provider document stands on, with its entry on each."""
    provider, rating = provider_from_doc(doc), doc.get("rating") or {}
    return {
        rung_id(category, rank_score(provider)): {
            "_id": doc["_id"],
            "name": doc.get("name", ""),
            "status": provider.status,
            "county": provider.county,
            "town": provider.town,
            "score": rating.get("score"),
            "grade": rating.get("grade"),
            "rectification_until": rating.get("rectification_until"),
            "qualifications": json.dumps(
                [
                    {k: q.get(k) for k in QUALIFICATION_FIELDS}
                    for q in doc["qualifications"]
                    if q["category"] == category and q.get("verified") is True
                ]
            ),
            "staff": json.dumps({k: v for k, v in (doc.get("staff") or {}).items() if k in staffing_kinds(category)}),
        }
        for category in ladder_categories(provider)
    }


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _qualifications(plain: list[dict]) -> tuple[Qualification, ...]:
    return tuple(
        Qualification(
            q["category"], q.get("level"), _day(q["valid_from"]), _day(q["valid_until"]), q.get("verified") is True
        )
        for q in plain
    )


def provider_from_doc(doc: dict) -> Provider:
    """The domain view of a provider projection document."""
    rating = doc.get("rating") or {}
    return Provider(
        agency_id=doc["_id"],
        name=doc.get("name", ""),
        status=doc.get("status", "unknown"),
        categories=tuple(doc.get("categories") or ()),
        qualifications=_qualifications(doc.get("qualifications") or ()),
        county=doc.get("county"),
        town=doc.get("town"),
        credit_score=rating.get("score"),
        grade=rating.get("grade"),
        rectification_until=_day(rating.get("rectification_until")),
        staff=parsed(doc.get("staff")),
    )


def provider_from_entry(entry: dict, category: str) -> Provider:
    """The domain view of a ladder entry (what ranking in `category` needs)."""
    return Provider(
        agency_id=entry["_id"],
        name=entry["name"],
        status=entry["status"],
        categories=(category,),
        qualifications=_qualifications(json.loads(entry["qualifications"])),
        county=entry["county"],
        town=entry["town"],
        credit_score=entry["score"],
        grade=entry["grade"],
        rectification_until=_day(entry["rectification_until"]),
        staff=parsed(json.loads(entry.get("staff") or "{}")),
    )
