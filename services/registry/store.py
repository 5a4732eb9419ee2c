"""Registry storage. Collections: providers and enterprises (_id = USCC), experts (_id = exp-…, unique
id_number). A document is the record's JSON-ready state plus bookkeeping: version (optimistic locking),
created_at/updated_at, history of status changes, and for providers `next_change` (the day the
scheduled check republishes it).
"""
from __future__ import annotations

from datetime import date

from pymongo import ASCENDING

from services.common.errors import Conflict, NotFound
from services.common.clock import isotime, utcnow
from services.common.mapping import from_doc, to_doc
from services.common.store import UnitOfWork

from .domain import Provider, Status
from .enterprises import Enterprise
from .experts import Expert

PROVIDERS, ENTERPRISES, EXPERTS = "providers", "enterprises", "experts"
COLLECTION = {Provider: PROVIDERS, Enterprise: ENTERPRISES, Expert: EXPERTS}
NOUN = {Provider: "provider", Enterprise: "enterprise", Expert: "expert"}


def setup(ctx) -> None:
    """Indexes (once per process)."""
    db = ctx.db
    db[EXPERTS].create_index("id_number", unique=True)  # one record per person (a ban cannot be dodged)
    db[PROVIDERS].create_index([("status", ASCENDING), ("categories", ASCENDING), ("county", ASCENDING)])
    db[PROVIDERS].create_index("next_change")
    db[ENTERPRISES].create_index([("county", ASCENDING), ("town", ASCENDING)])
    db[EXPERTS].create_index([("county", ASCENDING), ("grade", ASCENDING)])


class RegistryStore:
    """Loads and saves records inside one unit of work (every call passes its session)."""

    def __init__(self, uow: UnitOfWork):
        self.uow = uow

    def get(self, cls, record_id: str) -> tuple[object, dict]:
        """The record and its document (404 if unknown)."""
        doc = self.uow[COLLECTION[cls]].find_one({"_id": record_id}, session=self.uow.session)
        if doc is None:
            raise NotFound(f"no {NOUN[cls]} {record_id}")
        return from_doc(cls, doc), doc

    def add(self, record, by: str, today: date) -> dict:
        """Insert a new record (409 if its id or unique key exists)."""
        cls = type(record)
        if self.uow[COLLECTION[cls]].find_one({"_id": record.id}, {"_id": 1}, session=self.uow.session):
            raise Conflict(f"a {NOUN[cls]} with id {record.id} is registered already")
        if cls is Expert and self.uow[EXPERTS].find_one({"id_number": record.id_number}, {"_id": 1},
                                                        session=self.uow.session):
            raise Conflict("an expert with this ID number is registered already")
        now = isotime(utcnow())
        doc = {**self._state(record, today), "version": 1, "created_at": now, "updated_at": now,
               "created_by": by, "history": []}
        self.uow[COLLECTION[cls]].insert_one(doc, session=self.uow.session)
        return doc

    def replace(self, record, doc: dict, today: date, status_change: dict | None = None) -> dict:
        """Save a changed record if nobody saved it since `doc` was read (409 otherwise)."""
        new = {**doc, **self._state(record, today), "version": doc["version"] + 1,
               "updated_at": isotime(utcnow())}
        if status_change:
            new["history"] = doc.get("history", []) + [status_change]
        result = self.uow[COLLECTION[type(record)]].replace_one(
            {"_id": record.id, "version": doc["version"]}, new, session=self.uow.session)
        if result.matched_count != 1:
            raise Conflict(f"the {NOUN[type(record)]} changed meanwhile; read it again")
        return new

    @staticmethod
    def _state(record, today: date) -> dict:
        doc = to_doc(record)
        if isinstance(record, (Provider, Enterprise)):
            doc["uscc"] = record.id
        if isinstance(record, Provider):
            nxt = record.next_change(today) if record.status != Status.DEREGISTERED else None
            doc["next_change"] = nxt.isoformat() if nxt else None
        if isinstance(record, Enterprise):
            doc["industry_section"] = record.industry_section
        return doc

    def due_providers(self, today: date, limit: int = 100) -> list[str]:
        """Ids of providers whose qualifications or residency changed since they were last published."""
        cursor = self.uow[PROVIDERS].find({"next_change": {"$lte": today.isoformat()}}, {"_id": 1},
                                          session=self.uow.session).sort("next_change", ASCENDING).limit(limit)
        return [doc["_id"] for doc in cursor]
