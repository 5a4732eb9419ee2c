"""Read side of matching: listings, recommendations and the public practice record (执业公示).

Each takes (uow, who, ...): a read-only unit of work (`ctx().read()`) whose `now` / `today` is the time.
"""

from __future__ import annotations

from services.common.clock import isotime
from services.common.errors import Forbidden, NotFound
from services.common.reference import COUNTY_CODES
from services.common.storage.mapping import to_doc
from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from .domain.contract import Inspection
from .domain.demand import Demand
from .domain.recommend import Recommendation, eligible_for, fits, listing_county
from .domain.shortlist import shortlist
from .store import CONTRACTS, DEMANDS, MatchingStore, demand_doc

CITY_COUNTIES = frozenset(COUNTY_CODES)
PUBLIC_CONTRACT = ["signed", "completed", "terminated"]
PUBLIC_FIELDS = (
    "category",
    "buyer_type",
    "county",
    "town",
    "signed_on",
    "completed_on",
    "terminated_on",
    "status",
    "on_time",
    "score",
    "at_fault",
)


def oversees(who: Principal, county: str | None, town: str | None) -> bool:
    """Admin, or a regulator whose division holds the place (its town, else its county)."""
    return who.is_admin or (who.role == "regulator" and who.reaches(town or county))


def visible_offers(doc: dict, who: Principal) -> dict:
    """The buyer, the regulators of its place and admin see every offer on a demand; a provider only its own."""
    if oversees(who, doc.get("county"), doc.get("town")) or who.org == doc["buyer_id"]:
        return doc
    return {**doc, "offers": [o for o in doc["offers"] if o["agency_id"] == who.org]}


def demand_view(uow: UnitOfWork, who: Principal, demand_id: str) -> dict:
    """One demand, to its buyer, regulators, admin and the agencies it fits or that offered on it."""
    store = MatchingStore(uow)
    demand = store.demand(demand_id)
    if not may_read(store, who, demand, uow):
        raise Forbidden("only the buyer, the regulators of its place and the agencies it fits or that offered read it")
    return visible_offers(demand_doc(demand), who)


def may_read(store: MatchingStore, who: Principal, demand: Demand, uow: UnitOfWork) -> bool:
    """Not other enterprises, insurers or agencies it does not fit: the demand names its buyer and budget."""
    if oversees(who, demand.county, demand.town) or (who.org and who.org == demand.buyer_id):
        return True
    if who.role != "agency" or not who.org:
        return False
    if any(o.agency_id == who.org for o in demand.offers):
        return True
    provider = store.provider(who.org)
    return provider is not None and fits(provider, demand, uow.now)


def list_demands(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    """A provider: open demands fitting its categories and region; a buyer: its own; admin: all."""
    query = {"status": args["status"]} if args.get("status") else {}
    if who.role == "agency":
        query = _fitting_query(uow, who, args.get("whole_city", False))
    elif not who.is_admin:
        query["buyer_id"] = who.org
    page = paginate(uow[DEMANDS], query, args["limit"], args.get("cursor"), sort="posted_at", descending=True)
    page["items"] = [visible_offers(d, who) for d in page["items"]]
    return page


def _fitting_query(uow: UnitOfWork, who: Principal, whole_city: bool) -> dict:
    provider = MatchingStore(uow).provider(who.org or "")
    if provider is None:
        raise NotFound("this provider is not registered (or not yet known to matching)")
    query = {
        "status": "open",
        "offer_deadline": {"$gt": isotime(uow.now)},
        "category": {"$in": list(provider.categories)},
    }
    county = listing_county(provider, CITY_COUNTIES, whole_city)
    return query | ({"county": county} if county else {})


def recommendations(uow: UnitOfWork, who: Principal, demand_id: str, limit: int) -> dict:
    """The ranked, explained shortlist for the buyer of a demand."""
    store = MatchingStore(uow)
    demand = store.demand(demand_id)
    who.require_org(demand.buyer_id)

    def fetch(wanted):
        providers = store.section_providers(demand.category, wanted)
        return providers, *store.tracks([p.agency_id for p in providers], demand.industry)

    ranked: list[Recommendation] = shortlist(
        demand, store.ladder(demand.category), fetch, CITY_COUNTIES, uow.today, limit
    )
    offered = {o.agency_id for o in demand.live_offers()}
    return {
        "demand_id": demand.id,
        "buyer_type": demand.buyer_type,
        "items": [{**_plain(r), "has_offered": r.agency_id in offered} for r in ranked],
    }


def standing(uow: UnitOfWork, agency_id: str) -> dict:
    """Whether an agency may serve each category it offers, today (no level asked), with the reasons either way."""
    provider = MatchingStore(uow).provider(agency_id)
    if provider is None:
        raise NotFound("this provider is not registered (or not yet known to matching)")
    rows = [(c, *eligible_for(provider, c, None, {uow.today}, uow.today)) for c in provider.categories]
    categories = [{"category": c, "eligible": ok, "reasons": reasons} for c, ok, reasons in rows]
    return {"agency_id": agency_id, "as_of": uow.today, "categories": categories}


def _plain(r: Recommendation) -> dict:
    return {
        "rank": r.rank,
        "agency_id": r.agency_id,
        "name": r.name,
        "total": r.total,
        "eligibility": list(r.eligibility),
        "factors": [
            {"name": f.name, "value": f.value, "points": f.points, "explanation": f.explanation} for f in r.factors
        ],
    }


def list_contracts(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    query = {} if who.is_admin else {"$or": [{"buyer_id": who.org}, {"agency_id": who.org}]}
    if args.get("status"):
        query = {"$and": [query, {"status": args["status"]}]}
    return paginate(uow[CONTRACTS], query, args["limit"], args.get("cursor"), sort="created_at", descending=True)


def contract_view(uow: UnitOfWork, who: Principal, contract_id: str) -> dict:
    """Parties, the regulators of its place and admin see a contract with its inspections."""
    store = MatchingStore(uow)
    contract = store.contract(contract_id)
    if not oversees(who, contract.county, contract.town) and who.org not in (contract.buyer_id, contract.agency_id):
        raise Forbidden("only the parties and the regulators of its place see a contract", rule="division")
    return {**to_doc(contract), "inspections": [inspection_doc(i) for i in store.inspections(contract_id)]}


def inspection_doc(inspection: Inspection) -> dict:
    return {**to_doc(inspection), "major_hazard": inspection.major_hazard}


def practice_record(uow: UnitOfWork, agency_id: str, args: dict) -> dict:
    """执业公示: the agency's signed contracts, where, for whom (type only), when and how they ended."""
    query = {"agency_id": agency_id, "status": {"$in": PUBLIC_CONTRACT}, "signed_on": {"$ne": None}}
    page = paginate(uow[CONTRACTS], query, args["limit"], args.get("cursor"), sort="signed_on", descending=True)
    page["items"] = [_public_entry(d) for d in page["items"]]
    page["agency_id"] = agency_id
    return page


def _public_entry(doc: dict) -> dict:
    """No amounts, no buyer identity, no personal data."""
    return {"contract_id": doc["_id"], **{k: doc.get(k) for k in PUBLIC_FIELDS}}
