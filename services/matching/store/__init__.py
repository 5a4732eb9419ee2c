"""Matching storage (the market's; the experts' is `experts/store.py`). Collections: demands (offers inside,
_id = demand id), contracts, inspections, and the projections providers (registry and credit events),
practitioners (staffing) and enterprises (registry events). Times are ISO strings (UTC, Z), dates ISO dates;
demands and contracts carry a version so two concurrent changes cannot both win.
"""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, DESCENDING

from services.common.clock import isotime
from services.common.storage.mapping import from_doc, to_doc

from ..domain.buyers import Enterprise
from ..domain.contract import Contract, Inspection
from ..domain.demand import Demand, DemandStatus
from ..domain.recommend import Track
from ..experts import store as experts
from . import tracks
from .ladder import LADDER
from .providers import PROVIDERS, ProviderStore
from .staff import STAFF
from .tracks import TRACKS, count_change

DEMANDS, CONTRACTS, INSPECTIONS, ENTERPRISES = "demands", "contracts", "inspections", "enterprises"


def setup(ctx) -> None:
    """Indexes (once per process), the experts' too."""
    db = ctx.db
    db[DEMANDS].create_index([("buyer_id", ASCENDING), ("posted_at", DESCENDING)])
    db[DEMANDS].create_index([("status", ASCENDING), ("category", ASCENDING), ("county", ASCENDING)])
    db[DEMANDS].create_index([("status", ASCENDING), ("expires_at", ASCENDING)])
    if db[CONTRACTS].index_information().get("demand_id_1", {}).get("unique"):
        db[CONTRACTS].drop_index("demand_id_1")  # was one contract per demand: a withdrawn one may be followed
    db[CONTRACTS].create_index("offer_id", unique=True)  # one contract per accepted offer
    db[CONTRACTS].create_index("demand_id")
    db[CONTRACTS].create_index([("agency_id", ASCENDING), ("status", ASCENDING)])
    db[CONTRACTS].create_index("buyer_id")
    db[CONTRACTS].create_index([("status", ASCENDING), ("industry", ASCENDING), ("agency_id", ASCENDING)])
    db[PROVIDERS].create_index("ladder_stale", sparse=True)
    db[STAFF].create_index("agency_id")
    db[INSPECTIONS].create_index([("contract_id", ASCENDING), ("inspected_on", ASCENDING)])
    experts.setup(ctx)
    ctx.retrying(put_on_ladder)  # the API and the worker may start together
    ctx.retrying(count_tracks)


def count_tracks(uow) -> None:
    """Tracks counted from every contract, once (contracts made before tracks were kept)."""
    if uow[TRACKS].find_one({"_id": tracks.BEST}) is None:
        tracks.rebuild(uow[TRACKS], uow[CONTRACTS])


def put_on_ladder(uow) -> None:
    """Providers projected before the ladder, or onto a ladder of whole rungs (before sections), stand on it."""
    if uow[LADDER].find_one({"counts": {"$exists": True}}):
        uow[LADDER].delete_many({})
        uow[PROVIDERS].update_many({}, {"$unset": {"ladder": ""}})
    uow[PROVIDERS].update_many({"ladder": {"$exists": False}}, {"$set": {"ladder_stale": True}})
    MatchingStore(uow).refresh_ladder()


def demand_doc(demand: Demand) -> dict:
    """A demand's document, with the time it expires if still open (the expiry job queries it)."""
    expires = isotime(demand.expiry_time()) if demand.status == DemandStatus.OPEN else None
    return {**to_doc(demand), "expires_at": expires}


class MatchingStore(ProviderStore):
    """Demands, contracts, inspections and the provider projection, in one unit of work."""

    def __init__(self, uow):
        super().__init__(uow)
        self._statuses: dict[str, str] = {}  # contract id -> status as loaded, for its agency's track

    # --- demands ----------------------------------------------------------------------------------
    def add_demand(self, demand: Demand) -> None:
        self.insert_versioned(DEMANDS, demand_doc(demand))

    def demand(self, demand_id: str) -> Demand:
        return from_doc(Demand, self.load(DEMANDS, demand_id, "demand"))

    def save_demand(self, demand: Demand) -> None:
        self.replace_versioned(DEMANDS, demand_doc(demand), "demand")

    def expired_demand_ids(self, now: datetime, limit: int = 100) -> list[str]:
        query = {"status": "open", "expires_at": {"$lt": isotime(now)}}
        return [d["_id"] for d in self[DEMANDS].find(query, {"_id": 1}).limit(limit)]

    # --- contracts and inspections ----------------------------------------------------------------
    def add_contract(self, contract: Contract) -> None:
        self.insert_versioned(CONTRACTS, to_doc(contract))
        count_change(self[TRACKS], contract.agency_id, contract.industry, None, contract.status)

    def contract(self, contract_id: str) -> Contract:
        contract = from_doc(Contract, self.load(CONTRACTS, contract_id, "contract"))
        self._statuses[contract_id] = contract.status
        return contract

    def save_contract(self, contract: Contract) -> None:
        """Write back a contract loaded by `contract`, its agency's track following the change of status."""
        self.replace_versioned(CONTRACTS, to_doc(contract), "contract")
        count_change(self[TRACKS], contract.agency_id, contract.industry, self._statuses[contract.id], contract.status)
        self._statuses[contract.id] = contract.status

    def tracks(self, agency_ids: list[str], industry: str | None) -> tuple[dict[str, Track], int]:
        """The tracks of these agencies, and the most contracts anyone completed in `industry` (up to the cap)."""
        return tracks.read(self[TRACKS], agency_ids, industry)

    def add_inspection(self, inspection: Inspection) -> None:
        self[INSPECTIONS].insert_one(to_doc(inspection))

    def inspections(self, contract_id: str) -> list[Inspection]:
        docs = self[INSPECTIONS].find({"contract_id": contract_id})
        return [from_doc(Inspection, d) for d in docs.sort([("inspected_on", 1), ("_id", 1)])]

    # --- the enterprise projection ----------------------------------------------------------------
    def enterprise(self, enterprise_id: str) -> Enterprise | None:
        doc = self[ENTERPRISES].find_one({"_id": enterprise_id})
        return from_doc(Enterprise, doc) if doc else None

    def save_enterprise(self, enterprise_id: str, profile: dict, time: str) -> None:
        """Keep the newest registry state of an enterprise (events may arrive out of order)."""
        self.upsert_newer(ENTERPRISES, enterprise_id, "profile_time", time, profile, on_insert={"status": "unknown"})
