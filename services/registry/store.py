"""Registry storage. Collections: providers and enterprises (_id = USCC), experts (_id = exp-…, unique
id_number), practitioners (_id = prc-…, unique id_number; `agency_id` = the employer now) and trainings (hours
recorded, one document per course). A document is the record's JSON-ready state plus bookkeeping: version
(optimistic locking, the kit's), created_at/updated_at/created_by, history of status changes, and for providers
`next_change` (the day the daily check republishes it).
"""

from __future__ import annotations

from pymongo import ASCENDING

from services.common.clock import isotime
from services.common.errors import Conflict
from services.common.storage.mapping import from_doc, to_doc
from services.common.storage.search import GRAMS, grams
from services.common.storage.store import Store

from .domain.education import Training
from .domain.enterprises import Enterprise
from .domain.experts import Expert
from .domain.practitioners import Practitioner
from .domain.providers import Provider, Status

PROVIDERS, ENTERPRISES, EXPERTS = "providers", "enterprises", "experts"
PRACTITIONERS, TRAININGS = "practitioners", "trainings"
COLLECTION = {Provider: PROVIDERS, Enterprise: ENTERPRISES, Expert: EXPERTS, Practitioner: PRACTITIONERS}
NOUN = {Provider: "provider", Enterprise: "enterprise", Expert: "expert", Practitioner: "practitioner"}


def setup(ctx) -> None:
    """Indexes (once per process)."""
    db = ctx.db
    db[EXPERTS].create_index("id_number", unique=True)  # one record per person (a ban cannot be dodged)
    db[PROVIDERS].create_index([("status", ASCENDING), ("categories", ASCENDING), ("county", ASCENDING)])
    db[PROVIDERS].create_index("next_change")
    db[ENTERPRISES].create_index([("county", ASCENDING), ("town", ASCENDING)])
    db[EXPERTS].create_index([("county", ASCENDING), ("grade", ASCENDING)])
    db[PRACTITIONERS].create_index("id_number", unique=True)  # one record per person: one agency at a time
    db[PRACTITIONERS].create_index("agency_id")
    db[PRACTITIONERS].create_index("ce_assessed")
    db[PRACTITIONERS].create_index("talent.level", sparse=True)
    db[TRAININGS].create_index([("practitioner_id", ASCENDING), ("trained_on", ASCENDING)])
    for name in (PROVIDERS, EXPERTS):  # name search (名称检索): records stored before it get their grams once
        db[name].create_index(GRAMS)
        for doc in db[name].find({GRAMS: {"$exists": False}}, {"name": 1}):
            db[name].update_one({"_id": doc["_id"]}, {"$set": {GRAMS: grams(doc["name"])}})


class RegistryStore(Store):
    """Providers, experts and enterprises in one unit of work; days and times are the unit of work's."""

    def __init__(self, uow):
        super().__init__(uow)
        self._loaded: dict[tuple[type, str], dict] = {}

    def document(self, cls, record_id: str, expected: frozenset[int] | None = None) -> dict:
        """The stored document of a record (NotFound if unknown; PreconditionFailed if not at an `expected`
        version); its version is remembered for `save`."""
        doc = self.load(COLLECTION[cls], record_id, NOUN[cls], expected)
        self._loaded[(cls, record_id)] = doc
        return doc

    def record(self, cls, record_id: str, expected: frozenset[int] | None = None):
        """The record itself (NotFound if unknown)."""
        return from_doc(cls, self.document(cls, record_id, expected))

    def add(self, record, by: str) -> dict:
        """Insert a new record (Conflict if its id or, for an expert, its ID number is registered already)."""
        cls = type(record)
        if self[COLLECTION[cls]].find_one({"_id": record.id}, {"_id": 1}):
            raise Conflict(f"a {NOUN[cls]} with id {record.id} is registered already")
        if cls in (Expert, Practitioner) and self[COLLECTION[cls]].find_one(
            {"id_number": record.id_number}, {"_id": 1}
        ):
            raise Conflict(f"{'an' if cls is Expert else 'a'} {NOUN[cls]} with this ID number is registered already")
        now = isotime(self.uow.now)
        doc = {**self._state(record), "created_at": now, "updated_at": now, "created_by": by, "history": []}
        return self.insert_versioned(COLLECTION[cls], doc)

    def save(self, record, status_change: dict | None = None) -> dict:
        """Write back a record read with `record`/`document` (Conflict if someone saved it meanwhile)."""
        cls = type(record)
        loaded = self._loaded[(cls, record.id)]
        doc = {**loaded, **self._state(record), "updated_at": isotime(self.uow.now)}
        if status_change:
            doc["history"] = loaded.get("history", []) + [status_change]
        doc = self.replace_versioned(COLLECTION[cls], doc, NOUN[cls])
        self._loaded[(cls, record.id)] = doc
        return doc

    def _state(self, record) -> dict:
        doc = to_doc(record)
        if isinstance(record, (Provider, Enterprise)):
            doc["uscc"] = record.id
        if isinstance(record, (Provider, Expert)):
            doc[GRAMS] = grams(record.name)
        if isinstance(record, Provider):
            nxt = record.next_change(self.today) if record.status != Status.DEREGISTERED else None
            doc["next_change"] = nxt.isoformat() if nxt else None
        if isinstance(record, Enterprise):
            doc["industry_section"] = record.industry_section
        if isinstance(record, Practitioner):
            doc["agency_id"] = record.employer
        return doc

    def due_providers(self, limit: int = 100) -> list[str]:
        """Ids of providers whose qualifications or residency changed (by today) since last published."""
        cursor = self[PROVIDERS].find({"next_change": {"$lte": self.today.isoformat()}}, {"_id": 1})
        return [doc["_id"] for doc in cursor.sort("next_change", ASCENDING).limit(limit)]

    def person(self, id_number: str) -> Practitioner | None:
        """The practitioner record of this resident ID number, if any (remembered for `save`)."""
        found = self[PRACTITIONERS].find_one({"id_number": id_number}, {"_id": 1})
        return self.record(Practitioner, found["_id"]) if found else None

    def add_training(self, training: Training) -> None:
        self[TRAININGS].insert_one(to_doc(training))

    def unassessed(self, year: int, limit: int = 100) -> list[str]:
        """Ids of practitioners whose continuing education of `year` is not assessed yet."""
        cursor = self[PRACTITIONERS].find({"ce_assessed": {"$lt": year}}, {"_id": 1})
        return [doc["_id"] for doc in cursor.sort("_id", ASCENDING).limit(limit)]
