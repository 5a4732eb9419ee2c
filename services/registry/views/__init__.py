"""Reads: records as each caller may see them, and the search filters (dates are stored as ISO strings, so
they compare as text). "Today" is the unit of work's Jiaxing day."""

from __future__ import annotations

from datetime import date

from services.common.errors import Forbidden, NotFound
from services.common.reference import scope
from services.common.storage.mapping import from_doc, to_plain
from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from ..domain.codes import mask_id_number
from ..domain.enterprises import Enterprise
from ..domain.experts import Expert
from ..domain.providers import Provider, Status
from ..domain.rules import Actor
from ..store import ENTERPRISES, EXPERTS, PROVIDERS, RegistryStore

PUBLIC_PROVIDER = ("_id", "uscc", "name", "kind", "county", "town", "origin", "staff")
AUTHORITIES = ("regulator", "official", "finance")  # read the enterprises of their division


def _reaches(who: Principal, doc: dict) -> bool:
    """The caller's division holds the record's place (its town, else its county; None: outside Jiaxing)."""
    return who.reaches(doc.get("town") or doc.get("county"))


# --- providers 机构 and the public directory 公示 -----------------------------------------------------------
def provider_shown(uow: UnitOfWork, who: Principal, doc: dict) -> dict:
    """The stored provider with today's derived values; contacts only for itself, the regulators of its division
    and admin."""
    record, day = from_doc(Provider, doc), uow.today
    view = {**doc, "valid_categories": record.valid_categories(day), "in_cluster_base": record.resident_on(day)}
    regulator = who.role == "regulator" and _reaches(who, doc)
    if not (regulator or who.is_admin or Actor.on(record, who.role, who.org).own):
        view.pop("contacts", None)
    return view


def provider(uow: UnitOfWork, who: Principal, provider_id: str) -> dict:
    return provider_shown(uow, who, RegistryStore(uow).document(Provider, provider_id))


def provider_page(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    page = paginate(uow[PROVIDERS], provider_filter(args, uow.today), args["limit"], args["cursor"])
    return {**page, "items": [provider_shown(uow, who, doc) for doc in page["items"]]}


def public_provider(doc: dict, day: date) -> dict:
    """A provider as the public sees it on `day`, no personal data: its services (`categories`) are those of its
    verified qualifications valid that day, each shown with when it was verified; a category it only declared is
    `unverified_categories` (未核验), never searched or counted."""
    record = from_doc(Provider, doc)
    services = record.valid_categories(day)
    return {
        **{k: doc.get(k) for k in PUBLIC_PROVIDER},
        "categories": services,
        "unverified_categories": sorted(set(record.categories) - set(services)),
        "qualifications": to_plain(record.valid_qualifications(day)),
        "in_cluster_base": record.resident_on(day),
    }


def directory_entry(uow: UnitOfWork, provider_id: str) -> dict:
    """One active provider as the public sees it (NotFound if not active)."""
    doc = RegistryStore(uow).document(Provider, provider_id)
    if doc["status"] != Status.ACTIVE:
        raise NotFound(f"no active provider {provider_id}")
    return public_provider(doc, uow.today)


def directory_page(uow: UnitOfWork, args: dict) -> dict:
    page = paginate(uow[PROVIDERS], directory_filter(args, uow.today), args["limit"], args["cursor"])
    return {**page, "items": [public_provider(doc, uow.today) for doc in page["items"]]}


# --- experts 专家 and enterprises 企业 ----------------------------------------------------------------------
def expert_shown(who: Principal, doc: dict) -> dict:
    """Never the ID number; masked only to the expert and the regulators of his county; contacts and leave also
    to admin."""
    view = {k: v for k, v in doc.items() if k != "id_number"}
    own = who.role == "expert" and who.org == doc["_id"]
    regulator = who.role == "regulator" and _reaches(who, doc)
    if own or regulator:
        view["id_number_masked"] = mask_id_number(doc["id_number"])
    if not (own or regulator or who.is_admin):
        view.pop("contacts", None)
        view.pop("leave", None)
    return view


def expert(uow: UnitOfWork, who: Principal, expert_id: str) -> dict:
    return expert_shown(who, RegistryStore(uow).document(Expert, expert_id))


def expert_page(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    page = paginate(uow[EXPERTS], expert_filter(args), args["limit"], args["cursor"])
    return {**page, "items": [expert_shown(who, doc) for doc in page["items"]]}


def require_enterprise_reader(who: Principal, doc: dict) -> None:
    """The enterprise itself, the authorities of its division and admin read an enterprise record."""
    if who.role in AUTHORITIES:
        who.require_reach(doc.get("town") or doc["county"], f"enterprise {doc['_id']}")
    elif not who.is_admin and not (who.role == "enterprise" and who.org == doc["_id"]):
        raise Forbidden("only the enterprise itself and the authorities read an enterprise record")


def enterprise(uow: UnitOfWork, who: Principal, enterprise_id: str) -> dict:
    doc = RegistryStore(uow).document(Enterprise, enterprise_id)
    require_enterprise_reader(who, doc)
    return doc


def enterprise_page(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    """Enterprises in the caller's division (the city's authorities and admin: all)."""
    query = enterprise_filter(args)
    if not who.reaches(None):  # anything short of the city
        area = list(scope(who.org))
        query = {"$and": [query, {"$or": [{"county": {"$in": area}}, {"town": {"$in": area}}]}]}
    return paginate(uow[ENTERPRISES], query, args["limit"], args["cursor"])


# --- search filters ----------------------------------------------------------------------------------------
def valid_qualification(day: date, category: str | None = None) -> dict:
    """Holds a verified qualification (of `category`, if given) valid on `day`."""
    match = {"verified": True, "valid_from": {"$lte": day.isoformat()}, "valid_until": {"$gte": day.isoformat()}}
    if category:
        match["category"] = category
    return {"qualifications": {"$elemMatch": match}}


def resident(day: date) -> dict:
    iso = day.isoformat()
    return {
        "cluster_base.since": {"$lte": iso},
        "$or": [{"cluster_base.until": None}, {"cluster_base.until": {"$gte": iso}}],
    }


def _equal(args: dict, *names: str) -> dict:
    return {name: args[name] for name in names if args.get(name) is not None}


def provider_filter(args: dict, today: date) -> dict:
    """Filters of GET /providers: category offered, or with valid_on a verified qualification valid that day;
    unverified: declares a certificate not yet verified (or not)."""
    query = _equal(args, "county", "town", "status", "kind")
    parts = [query]
    if args.get("valid_on"):
        parts.append(valid_qualification(args["valid_on"], args.get("category")))
    elif args.get("category"):
        query["categories"] = args["category"]
    if args.get("unverified") is True:
        parts.append({"qualifications": {"$elemMatch": {"verified": {"$ne": True}}}})
    elif args.get("unverified") is False:
        parts.append({"qualifications": {"$not": {"$elemMatch": {"verified": {"$ne": True}}}}})
    if args.get("cluster_base") is True:
        parts.append(resident(today))
    elif args.get("cluster_base") is False:
        parts.append({"$nor": [resident(today)]})
    return parts[0] if len(parts) == 1 else {"$and": parts}


def directory_filter(args: dict, today: date) -> dict:
    """The public directory: active providers with a verified qualification valid today (in `category` if given)."""
    return {
        "$and": [
            {"status": "active", **_equal(args, "county", "town", "kind")},
            valid_qualification(today, args.get("category")),
        ]
    }


def expert_filter(args: dict) -> dict:
    query = _equal(args, "county", "grade", "status")
    if args.get("industry"):
        query["industries"] = args["industry"]
    if args.get("specialty"):
        query["specialties"] = args["specialty"]
    if args.get("available") is True:
        query.update(status="active", available=True)
    elif args.get("available") is False:
        query["$or"] = [{"available": False}, {"status": {"$ne": "active"}}]
    return query


def enterprise_filter(args: dict) -> dict:
    query = _equal(args, "county", "town", "size", "status")
    if args.get("industry"):
        query["industry_section"] = args["industry"]
    return query
