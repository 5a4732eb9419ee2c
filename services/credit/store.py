"""Credit storage: facts, the ledger, agencies (profile, status history, rating and its carried state),
history, bulletins.

Collections: facts (_id = event or fact id; `case`), lines (the ledger: effects counted by kind, per agency),
agencies (_id = agency id), history (one entry per
published change), bulletins (_id = YYYY-MM, frozen) with bulletin_entries.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date

from pymongo import ASCENDING, DESCENDING, UpdateOne

from services.common.clock import isotime
from services.common.errors import NotFound
from services.common.storage.mapping import from_plain, to_plain
from services.common.storage.store import Store

from .domain.facts import Fact, case_key
from .domain.ledger import Chain, Line

FACTS, LINES, AGENCIES, HISTORY = "facts", "lines", "agencies", "history"
BULLETINS, ENTRIES = "bulletins", "bulletin_entries"
PROFILE_FIELDS = ("name", "kind", "county", "town", "status")  # public; no personal data
#: an agency the registry has published (its profile arrived). Facts about any other id are held: rated, never public.
KNOWN = {"profile_time": {"$exists": True}}
HELD = {"profile_time": {"$exists": False}}


def setup(ctx) -> None:
    """Indexes (run once per process)."""
    db = ctx.db
    db[FACTS].create_index("case")  # few indexes: a batch inserts its facts in one write
    db[FACTS].create_index([("agency_id", ASCENDING), ("time", ASCENDING)])
    db[LINES].create_index([("agency_id", ASCENDING), ("end", ASCENDING)])
    db[AGENCIES].create_index([("status", ASCENDING), ("rating.score", DESCENDING)])
    db[AGENCIES].create_index("next_change_on")
    db[AGENCIES].create_index("name")
    for field in ("rating.listed_until", "rating.rectification_until", "rating.interview_required"):
        db[AGENCIES].create_index(field)
    db[HISTORY].create_index([("agency_id", ASCENDING), ("_id", DESCENDING)])
    db[ENTRIES].create_index([("month", ASCENDING), ("_id", ASCENDING)])


class CreditStore(Store):
    """Reads and writes of the credit database, in one unit of work."""

    def add_fact(self, agency_id: str, fact: Fact) -> None:
        """Store one fact (a concurrent one with its id fails on the unique _id)."""
        self[FACTS].insert_one(self._fact_doc(agency_id, fact))

    def add_facts(self, facts: list[tuple[str, Fact]]) -> None:
        """Store new facts (agency, fact) in one write; their ids were checked unknown in this transaction."""
        if facts:
            self[FACTS].insert_many([self._fact_doc(agency_id, fact) for agency_id, fact in facts])

    def _fact_doc(self, agency_id: str, fact: Fact) -> dict:
        return {
            "_id": fact.id,
            "agency_id": agency_id,
            **fact.to_dict(),
            "case": case_key(fact),
            "stored_at": self.uow.now,
        }

    def facts(self, agency_id: str) -> list[Fact]:
        return [Fact.from_dict(d) for d in self[FACTS].find({"agency_id": agency_id}).sort([("time", 1), ("_id", 1)])]

    def facts_of_cases(self, keys: set[str], agencies: set[str]) -> dict[str, list[Fact]]:
        """The stored facts of these agencies in these cases (a copy of a new fact among them), by agency."""
        found: dict[str, list[Fact]] = {a: [] for a in agencies}
        if keys:
            for doc in self[FACTS].find({"case": {"$in": sorted(keys)}}):
                if doc["agency_id"] in found:
                    found[doc["agency_id"]].append(Fact.from_dict(doc))
        return found

    def case_facts(self, agency_id: str, key: str) -> list[Fact]:
        return [Fact.from_dict(d) for d in self[FACTS].find({"case": key, "agency_id": agency_id})]

    def case_agency(self, key: str) -> str | None:
        """The agency a violation or claim is about."""
        primary = "violation-recorded" if key.startswith("violation:") else "contract-terminated"
        doc = self[FACTS].find_one({"case": key, "type": primary}, {"agency_id": 1})
        return doc["agency_id"] if doc else None

    def lines(self, agency_id: str, ended_after: date | None) -> Counter:
        """The agency's ledger lines not ended on or before a day (all of them for None)."""
        query = {"agency_id": agency_id, "count": {"$ne": 0}}
        if ended_after:
            query["end"] = {"$gt": ended_after.isoformat()}
        return Counter({from_plain(Line, d): d["count"] for d in self[LINES].find(query)})

    def open_lines(self, through: dict[str, date]) -> dict[str, Counter]:
        """Each agency's ledger lines not ended on or before its day (one query)."""
        found: dict[str, Counter] = {a: Counter() for a in through}
        if through:
            query = {
                "agency_id": {"$in": sorted(through)},
                "count": {"$ne": 0},
                "end": {"$gt": min(through.values()).isoformat()},
            }
            for doc in self[LINES].find(query):
                line = from_plain(Line, doc)
                if line.end > through[doc["agency_id"]]:
                    found[doc["agency_id"]][line] = doc["count"]
        return found

    def add_lines(self, deltas: list[tuple[str, Counter]]) -> None:
        """Add (agency, delta) changes to the ledger in one write."""
        updates = [
            UpdateOne(
                {"_id": _line_id(agency_id, plain)},
                {"$inc": {"count": n}, "$setOnInsert": {"agency_id": agency_id, **plain}},
                upsert=True,
            )
            for agency_id, delta in deltas
            for line, n in delta.items()
            if (plain := to_plain(line))
        ]
        if updates:
            self[LINES].bulk_write(updates, ordered=False)

    def replace_lines(self, agency_id: str, lines: Counter) -> None:
        self[LINES].delete_many({"agency_id": agency_id})
        docs = [
            {"_id": _line_id(agency_id, p), "agency_id": agency_id, **p, "count": n}
            for line, n in lines.items()
            if (p := to_plain(line))
        ]
        if docs:
            self[LINES].insert_many(docs)

    def agency(self, agency_id: str) -> dict | None:
        return self[AGENCIES].find_one({"_id": agency_id})

    def agencies_by_id(self, agency_ids: set[str]) -> dict[str, dict]:
        return {d["_id"]: d for d in self[AGENCIES].find({"_id": {"$in": sorted(agency_ids)}})}

    def known_agency(self, agency_id: str) -> dict:
        """The agency's profile and rating (NotFound if the credit service never heard of it)."""
        doc = self.agency(agency_id)
        if doc is None:
            raise NotFound(f"no agency {agency_id!r} known to the credit service")
        return doc

    def fact_span(self, agency_id: str) -> dict:
        """How many facts are stored about an agency, and the times of the first and the last."""
        times = [d["time"] for d in self[FACTS].find({"agency_id": agency_id}, {"time": 1}).sort("time", 1)]
        return {
            "facts": len(times),
            "first_fact_at": times[0] if times else None,
            "last_fact_at": times[-1] if times else None,
        }

    def agency_ids(self, query: dict | None = None) -> list[str]:
        return [d["_id"] for d in self[AGENCIES].find(query or {}, {"_id": 1}).sort("_id")]

    def agencies(self) -> list[dict]:
        """Every agency's profile and status history (no ratings), for bulletins."""
        return list(self[AGENCIES].find({}, {"rating": 0, "chain": 0}).sort("_id"))

    def due(self, day: date) -> list[str]:
        """Agencies whose rating time alone may have changed by a day."""
        return self.agency_ids({"next_change_on": {"$lte": day.isoformat()}})

    def save_profile(self, agency_id: str, data: dict, time: str) -> None:
        """Keep the newest profile (by event time) and every status change, for bulletins of past days."""
        profile = {k: data.get(k) for k in PROFILE_FIELDS}
        self.upsert_newer(AGENCIES, agency_id, "profile_time", time, profile, on_insert={"rating": None})
        self[AGENCIES].update_one(
            {"_id": agency_id}, {"$addToSet": {"statuses": {"time": time, "status": data["status"]}}}
        )

    def save_standings(self, changes: dict[str, dict]) -> None:
        """Write only the fields that changed (`rating.score`, `chain`, `next_change_on`...), by agency."""
        updates = [UpdateOne({"_id": a}, {"$set": fields}, upsert=True) for a, fields in changes.items() if fields]
        if updates:
            self[AGENCIES].bulk_write(updates, ordered=False)

    def add_history(self, entries: list[tuple[str, dict]]) -> None:
        """One entry per published change (agency, entry); its string _id (time, event id) orders the history."""
        at = self.uow.now
        if entries:
            self[HISTORY].insert_many(
                [{"_id": f"{isotime(at)}|{e['event_id']}", "agency_id": a, "at": at, **e} for a, e in entries]
            )

    def bulletin(self, month: str) -> dict | None:
        return self[BULLETINS].find_one({"_id": month})

    def bulletins(self, limit: int) -> list[dict]:
        """Bulletin summaries, newest first."""
        return list(self[BULLETINS].find({}).sort("_id", -1).limit(limit))

    def add_bulletin(self, month: str, doc: dict, entries: list[dict]) -> None:
        """A month's bulletin; a second one for the month fails on the unique _id (it stays frozen)."""
        self[BULLETINS].insert_one({"_id": month, **doc, "published_at": self.uow.now})
        if entries:
            self[ENTRIES].insert_many([{**e, "_id": f"{month}|{e['agency_id']}", "month": month} for e in entries])


def chain_of(doc: dict | None) -> Chain:
    return from_plain(Chain, (doc or {}).get("chain") or {})


def _line_id(agency_id: str, plain: dict) -> str:
    return f"{agency_id}|" + hashlib.sha1(json.dumps(plain, sort_keys=True).encode()).hexdigest()[:20]
