"""Credit storage: stored facts per agency, agency profiles with their current rating, history, bulletins.

Collections: facts (_id = event or fact id), agencies (_id = agency id; profile + current rating),
history (one entry per rating change), bulletins (_id = YYYY-MM, frozen monthly snapshots), jobs.
"""
from __future__ import annotations

from pymongo import ASCENDING, DESCENDING

from services.common.clock import isotime
from services.common.errors import NotFound
from services.common.store import Store

from .domain.facts import Fact

FACTS, AGENCIES, HISTORY, BULLETINS, JOBS = "facts", "agencies", "history", "bulletins", "jobs"
PROFILE_FIELDS = ("name", "kind", "county", "town", "status")  # public; no personal data


def setup(ctx) -> None:
    """Indexes (run once per process)."""
    db = ctx.db
    db[FACTS].create_index([("agency_id", ASCENDING), ("time", ASCENDING)])
    db[FACTS].create_index("data.violation_id")
    db[AGENCIES].create_index([("status", ASCENDING), ("rating.score", DESCENDING)])
    db[AGENCIES].create_index("rating.listed_until")
    db[AGENCIES].create_index("rating.rectification_until")
    db[AGENCIES].create_index("rating.interview_required")
    db[HISTORY].create_index([("agency_id", ASCENDING), ("_id", DESCENDING)])


class CreditStore(Store):
    """Reads and writes of the credit database, in one unit of work."""

    def add_fact(self, agency_id: str, fact: Fact) -> bool:
        """Store a fact once; False if a fact with its id is already stored.

        Checked before writing: a failed write would abort the whole transaction.
        """
        if self[FACTS].find_one({"_id": fact.id}, {"_id": 1}):
            return False
        self[FACTS].insert_one({"_id": fact.id, "agency_id": agency_id, **fact.to_dict(), "stored_at": self.uow.now})
        return True

    def facts(self, agency_id: str) -> list[Fact]:
        return [Fact.from_dict(d) for d in self[FACTS].find({"agency_id": agency_id}).sort([("time", 1), ("_id", 1)])]

    def violation_agency(self, violation_id: str) -> str | None:
        doc = self[FACTS].find_one({"type": "violation-recorded", "data.violation_id": violation_id})
        return doc["agency_id"] if doc else None

    def agency(self, agency_id: str) -> dict | None:
        return self[AGENCIES].find_one({"_id": agency_id})

    def known_agency(self, agency_id: str) -> dict:
        """The agency's profile and rating (NotFound if the credit service never heard of it)."""
        doc = self.agency(agency_id)
        if doc is None:
            raise NotFound(f"no agency {agency_id!r} known to the credit service")
        return doc

    def agency_ids(self) -> list[str]:
        return [d["_id"] for d in self[AGENCIES].find({}, {"_id": 1}).sort("_id")]

    def active_agencies(self) -> list[dict]:
        return list(self[AGENCIES].find({"status": "active"}).sort("_id"))

    def save_profile(self, agency_id: str, data: dict, time: str) -> None:
        """Keep the newest profile (by event time): registry events may arrive out of order."""
        profile = {k: data.get(k) for k in PROFILE_FIELDS}
        self.upsert_newer(AGENCIES, agency_id, "profile_time", time, profile, on_insert={"rating": None})

    def save_rating(self, agency_id: str, rating: dict) -> None:
        self[AGENCIES].update_one({"_id": agency_id}, {"$set": {"rating": rating, "rated_at": self.uow.now}},
                                  upsert=True)

    def add_history(self, agency_id: str, entry: dict) -> None:
        """One entry per published change; its string _id (time, event id) orders and pages the history."""
        at = self.uow.now
        self[HISTORY].insert_one({"_id": f"{isotime(at)}|{entry['event_id']}", "agency_id": agency_id, "at": at,
                                  **entry})

    def bulletin(self, month: str) -> dict | None:
        return self[BULLETINS].find_one({"_id": month})

    def bulletins(self, limit: int) -> list[dict]:
        """Bulletin summaries (without entries), newest first."""
        return list(self[BULLETINS].find({}, {"entries": 0}).sort("_id", -1).limit(limit))

    def add_bulletin(self, month: str, doc: dict) -> None:
        """A month's bulletin; a second one for the month fails on the unique _id (it stays frozen)."""
        self[BULLETINS].insert_one({"_id": month, **doc, "published_at": self.uow.now})

    def job_day(self, name: str) -> str | None:
        """The last day a daily job completed."""
        doc = self[JOBS].find_one({"_id": name})
        return doc["day"] if doc else None

    def mark_job(self, name: str, day: str) -> None:
        self[JOBS].update_one({"_id": name}, {"$set": {"day": day}}, upsert=True)
