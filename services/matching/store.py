"""Matching storage. Collections: demands (offers inside, _id = demand id), contracts, inspections, and
providers (the projection of registry and credit events). Times are ISO strings (UTC, Z), dates ISO dates;
a demand carries a version so two concurrent changes cannot both win.
"""
from __future__ import annotations

from datetime import date, datetime

from pymongo import ASCENDING, DESCENDING

from services.common.errors import Conflict, NotFound
from services.common.clock import isotime
from services.common.mapping import from_doc, to_doc

from .contract import Contract, Inspection
from .domain import Demand, DemandStatus
from .recommend import Provider, Qualification

DEMANDS, CONTRACTS, INSPECTIONS, PROVIDERS = "demands", "contracts", "inspections", "providers"
OPEN_CONTRACT = ["pending", "signed"]


def setup(ctx) -> None:
    """Indexes (once per process)."""
    db = ctx.db
    db[DEMANDS].create_index([("buyer_id", ASCENDING), ("posted_at", DESCENDING)])
    db[DEMANDS].create_index([("status", ASCENDING), ("category", ASCENDING), ("county", ASCENDING)])
    db[DEMANDS].create_index([("status", ASCENDING), ("expires_at", ASCENDING)])
    db[CONTRACTS].create_index("demand_id", unique=True)  # one contract per demand
    db[CONTRACTS].create_index([("agency_id", ASCENDING), ("status", ASCENDING)])
    db[CONTRACTS].create_index("buyer_id")
    db[INSPECTIONS].create_index([("contract_id", ASCENDING), ("inspected_on", ASCENDING)])


def demand_doc(demand: Demand) -> dict:
    """A demand's document, with the time it expires if still open (the expiry job queries it)."""
    expires = isotime(demand.expiry_time()) if demand.status == DemandStatus.OPEN else None
    return {**to_doc(demand), "expires_at": expires}


class MatchingStore:
    """Reads and writes inside one unit of work (every call passes its session)."""

    def __init__(self, uow):
        self.db, self.session = uow.db, uow.session
        self._versions: dict[str, int] = {}

    # --- demands ----------------------------------------------------------------------------------
    def add_demand(self, demand: Demand) -> None:
        self.db[DEMANDS].insert_one({**demand_doc(demand), "version": 1}, session=self.session)

    def demand(self, demand_id: str) -> Demand:
        return from_doc(Demand, self._read(DEMANDS, demand_id, "demand"))

    def save_demand(self, demand: Demand) -> None:
        self._replace(DEMANDS, demand.id, demand_doc(demand), "demand")

    def _read(self, collection: str, ident: str, noun: str) -> dict:
        """A document, remembering its version for `_replace` (404 if unknown)."""
        doc = self.db[collection].find_one({"_id": ident}, session=self.session)
        if doc is None:
            raise NotFound(f"no {noun} {ident}")
        self._versions[ident] = doc["version"]
        return doc

    def _replace(self, collection: str, ident: str, doc: dict, noun: str) -> None:
        """Write back what was read, unless someone changed it meanwhile (optimistic version check)."""
        version = self._versions[ident]
        result = self.db[collection].replace_one({"_id": ident, "version": version}, {**doc, "version": version + 1},
                                                 session=self.session)
        if result.matched_count != 1:
            raise Conflict(f"the {noun} changed meanwhile; retry")
        self._versions[ident] = version + 1

    def expired_demand_ids(self, now: datetime, limit: int = 100) -> list[str]:
        query = {"status": "open", "expires_at": {"$lt": isotime(now)}}
        return [d["_id"] for d in self.db[DEMANDS].find(query, {"_id": 1}, session=self.session).limit(limit)]

    # --- contracts and inspections ----------------------------------------------------------------
    def add_contract(self, contract: Contract) -> None:
        self.db[CONTRACTS].insert_one({**to_doc(contract), "version": 1}, session=self.session)

    def contract(self, contract_id: str) -> Contract:
        return from_doc(Contract, self._read(CONTRACTS, contract_id, "contract"))

    def save_contract(self, contract: Contract) -> None:
        self._replace(CONTRACTS, contract.id, to_doc(contract), "contract")

    def add_inspection(self, inspection: Inspection) -> None:
        self.db[INSPECTIONS].insert_one(to_doc(inspection), session=self.session)

    def inspections(self, contract_id: str) -> list[Inspection]:
        docs = self.db[INSPECTIONS].find({"contract_id": contract_id}, session=self.session)
        return [from_doc(Inspection, d) for d in docs.sort([("inspected_on", 1), ("_id", 1)])]

    def contract_counts(self, agency_ids: list[str], industry: str | None) -> tuple[dict, dict]:
        """Per agency: contracts running now, and contracts completed for buyers in `industry`."""
        running, done = {}, {}
        query = {"agency_id": {"$in": agency_ids}, "$or": [
            {"status": {"$in": OPEN_CONTRACT}}, {"status": "completed", "industry": industry or "-"}]}
        for doc in self.db[CONTRACTS].find(query, {"agency_id": 1, "status": 1}, session=self.session):
            counter = running if doc["status"] in OPEN_CONTRACT else done
            counter[doc["agency_id"]] = counter.get(doc["agency_id"], 0) + 1
        return running, done

    # --- provider projection ----------------------------------------------------------------------
    def provider(self, agency_id: str) -> Provider | None:
        doc = self.db[PROVIDERS].find_one({"_id": agency_id}, session=self.session)
        return provider_from_doc(doc) if doc else None

    def candidates(self, category: str) -> list[Provider]:
        """Active providers holding some qualification for `category` (eligibility decides the rest)."""
        query = {"status": "active", "qualifications.category": category}
        return [provider_from_doc(d) for d in self.db[PROVIDERS].find(query, session=self.session)]

    def save_profile(self, agency_id: str, profile: dict, time: str) -> None:
        """Keep the newest registry state (events may arrive out of order)."""
        self._upsert_newer(agency_id, "profile_time", time, profile)

    def save_rating(self, agency_id: str, rating: dict, time: str) -> None:
        """Keep the newest credit rating."""
        self._upsert_newer(agency_id, "rating_time", time, {"rating": rating})

    def _upsert_newer(self, agency_id: str, stamp: str, time: str, values: dict) -> None:
        providers = self.db[PROVIDERS]
        providers.update_one({"_id": agency_id}, {"$setOnInsert": {"status": "unknown"}}, upsert=True,
                             session=self.session)
        providers.update_one({"_id": agency_id, "$or": [{stamp: {"$exists": False}}, {stamp: {"$lte": time}}]},
                             {"$set": {**values, stamp: time}}, session=self.session)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def provider_from_doc(doc: dict) -> Provider:
    """The domain view of a provider projection document."""
    rating = doc.get("rating") or {}
    return Provider(
        agency_id=doc["_id"], name=doc.get("name", ""), status=doc.get("status", "unknown"),
        categories=tuple(doc.get("categories", ())),
        qualifications=tuple(Qualification(q["category"], q.get("level"), _day(q["valid_from"]), _day(q["valid_until"]))
                             for q in doc.get("qualifications", ())),
        county=doc.get("county"), town=doc.get("town"), credit_score=rating.get("score"), grade=rating.get("grade"),
        rectification_until=_day(rating.get("rectification_until")))
