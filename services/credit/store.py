"""Credit storage: stored facts per agency, agency profiles with their current rating, history, bulletins.

Collections: facts (_id = event or fact id), agencies (_id = agency id; profile + current rating),
history (one entry per rating change), bulletins (_id = YYYY-MM, frozen monthly snapshots), jobs.
"""
from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.errors import DuplicateKeyError

from services.common.clock import isotime, utcnow

from .facts import Fact

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


class CreditStore:
    """Reads and writes of the credit database, inside a transaction when given its session."""

    def __init__(self, db, session=None):
        self.db, self.session = db, session

    @classmethod
    def of(cls, uow) -> "CreditStore":
        return cls(uow.db, uow.session)

    def add_fact(self, agency_id: str, fact: Fact) -> bool:
        """Store a fact once; False if a fact with its id is already stored.

        Checked before writing: a failed write would abort the whole transaction.
        """
        if self.db[FACTS].find_one({"_id": fact.id}, {"_id": 1}, session=self.session):
            return False
        self.db[FACTS].insert_one({"_id": fact.id, "agency_id": agency_id, **fact.to_dict(),
                                   "stored_at": utcnow()}, session=self.session)
        return True

    def facts(self, agency_id: str) -> list[Fact]:
        docs = self.db[FACTS].find({"agency_id": agency_id}, session=self.session).sort([("time", 1), ("_id", 1)])
        return [Fact.from_dict(d) for d in docs]

    def violation_agency(self, violation_id: str) -> str | None:
        doc = self.db[FACTS].find_one({"type": "violation-recorded", "data.violation_id": violation_id},
                                      session=self.session)
        return doc["agency_id"] if doc else None

    def agency(self, agency_id: str) -> dict | None:
        return self.db[AGENCIES].find_one({"_id": agency_id}, session=self.session)

    def agency_ids(self, query: dict | None = None) -> list[str]:
        return [d["_id"] for d in self.db[AGENCIES].find(query or {}, {"_id": 1}, session=self.session).sort("_id")]

    def save_profile(self, agency_id: str, data: dict, time: str) -> None:
        """Keep the newest profile (by event time): registry events may arrive out of order."""
        profile = {k: data.get(k) for k in PROFILE_FIELDS}
        self.db[AGENCIES].update_one({"_id": agency_id}, {"$setOnInsert": {"rating": None}}, upsert=True,
                                     session=self.session)
        self.db[AGENCIES].update_one(
            {"_id": agency_id, "$or": [{"profile_time": {"$exists": False}}, {"profile_time": {"$lte": time}}]},
            {"$set": {**profile, "profile_time": time}}, session=self.session)

    def save_rating(self, agency_id: str, rating: dict) -> None:
        self.db[AGENCIES].update_one({"_id": agency_id}, {"$set": {"rating": rating, "rated_at": utcnow()}},
                                     upsert=True, session=self.session)

    def add_history(self, agency_id: str, entry: dict) -> None:
        """One entry per published change; its string _id (time, event id) orders and pages the history."""
        at = utcnow()
        self.db[HISTORY].insert_one({"_id": f"{isotime(at)}|{entry['event_id']}", "agency_id": agency_id, "at": at,
                                     **entry}, session=self.session)

    def bulletin(self, month: str) -> dict | None:
        return self.db[BULLETINS].find_one({"_id": month}, session=self.session)

    def add_bulletin(self, month: str, doc: dict) -> bool:
        """Publish a month's bulletin once (outside a transaction); later attempts leave the first one frozen."""
        try:
            self.db[BULLETINS].insert_one({"_id": month, **doc, "published_at": utcnow()}, session=self.session)
        except DuplicateKeyError:
            return False
        return True

    def active_agencies(self) -> list[dict]:
        return list(self.db[AGENCIES].find({"status": "active"}, session=self.session).sort("_id"))

    def job_day(self, name: str) -> str | None:
        """The last day a daily job completed."""
        doc = self.db[JOBS].find_one({"_id": name}, session=self.session)
        return doc["day"] if doc else None

    def mark_job(self, name: str, day: str) -> None:
        self.db[JOBS].update_one({"_id": name}, {"$set": {"day": day}}, upsert=True, session=self.session)
