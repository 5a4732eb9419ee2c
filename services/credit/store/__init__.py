"""Credit storage: facts, the ledger, agencies (profile, status history, rating and its carried state),
history, bulletins.

Collections: facts, lines, agencies and history (`standings.py`: what a refresh reads and writes), bulletins
(_id = YYYY-MM, frozen; with its link of the chain: sequence, digest, previous) with bulletin_entries (frozen; a
correction's link beside them), the chain and correction notices (`publications.py`).
"""

from __future__ import annotations

from datetime import date

from pymongo import ASCENDING, DESCENDING

from services.common.errors import NotFound

from ..domain.chain import BULLETIN, bulletin_document
from ..domain.facts import Fact
from .publications import BULLETINS, ENTRIES, PublicationStore
from .standings import AGENCIES, FACTS, HISTORY, LINES, StandingStore, fact_doc

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
    db[ENTRIES].create_index("agency_id")  # an agency's entries, checked for corrections
    db[FACTS].create_index("stored_at")  # the agencies whose facts changed since the last check


class CreditStore(StandingStore, PublicationStore):
    """Reads and writes of the credit database, in one unit of work."""

    def add_fact(self, agency_id: str, fact: Fact) -> None:
        """Store one fact (a concurrent one with its id fails on the unique _id)."""
        self[FACTS].insert_one(fact_doc(agency_id, fact, self.uow.now))

    def facts(self, agency_id: str) -> list[Fact]:
        return [Fact.from_dict(d) for d in self[FACTS].find({"agency_id": agency_id}).sort([("time", 1), ("_id", 1)])]

    def case_facts(self, agency_id: str, key: str) -> list[Fact]:
        return [Fact.from_dict(d) for d in self[FACTS].find({"case": key, "agency_id": agency_id})]

    def case_agency(self, key: str) -> str | None:
        """The agency a violation or claim is about."""
        primary = "violation-recorded" if key.startswith("violation:") else "contract-terminated"
        doc = self[FACTS].find_one({"case": key, "type": primary}, {"agency_id": 1})
        return doc["agency_id"] if doc else None

    def agency(self, agency_id: str) -> dict | None:
        return self[AGENCIES].find_one({"_id": agency_id})

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

    def bulletin(self, month: str) -> dict | None:
        return self[BULLETINS].find_one({"_id": month})

    def bulletins(self, limit: int) -> list[dict]:
        """Bulletin summaries, newest first."""
        return list(self[BULLETINS].find({}).sort("_id", -1).limit(limit))

    def add_bulletin(self, month: str, doc: dict, entries: list[dict]) -> None:
        """A month's bulletin, chained; a second one for the month fails on the unique _id (it stays frozen)."""
        chained = self.link(BULLETIN, month, bulletin_document({"month": month, **doc}, entries), self.uow.today)
        self[BULLETINS].insert_one({"_id": month, **doc, **chained, "published_at": self.uow.now})
        if entries:
            self[ENTRIES].insert_many([{**e, "_id": f"{month}|{e['agency_id']}", "month": month} for e in entries])
