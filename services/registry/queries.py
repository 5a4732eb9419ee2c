"""Search filters as MongoDB queries (dates are stored as ISO strings, so they compare as text)."""
from __future__ import annotations

from datetime import date


def valid_qualification(day: date, category: str | None = None) -> dict:
    """Holds a qualification (of `category`, if given) valid on `day`."""
    match = {"valid_from": {"$lte": day.isoformat()}, "valid_until": {"$gte": day.isoformat()}}
    if category:
        match["category"] = category
    return {"qualifications": {"$elemMatch": match}}


def resident(day: date) -> dict:
    iso = day.isoformat()
    return {"cluster_base.since": {"$lte": iso}, "$or": [{"cluster_base.until": None},
                                                         {"cluster_base.until": {"$gte": iso}}]}


def _equal(args: dict, *names: str) -> dict:
    return {name: args[name] for name in names if args.get(name) is not None}


def providers(args: dict, today: date) -> dict:
    """Filters of GET /providers: category offered, or with valid_on a qualification valid that day."""
    query = _equal(args, "county", "town", "status", "kind")
    parts = [query]
    if args.get("valid_on"):
        parts.append(valid_qualification(args["valid_on"], args.get("category")))
    elif args.get("category"):
        query["categories"] = args["category"]
    if args.get("cluster_base") is True:
        parts.append(resident(today))
    elif args.get("cluster_base") is False:
        parts.append({"$nor": [resident(today)]})
    return parts[0] if len(parts) == 1 else {"$and": parts}


def directory(args: dict, today: date) -> dict:
    """The public directory: active providers with a qualification valid today (in `category` if given)."""
    return {"$and": [{"status": "active", **_equal(args, "county", "town", "kind")},
                     valid_qualification(today, args.get("category"))]}


def experts(args: dict) -> dict:
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


def enterprises(args: dict) -> dict:
    query = _equal(args, "county", "town", "size", "status")
    if args.get("industry"):
        query["industry_section"] = args["industry"]
    return query
