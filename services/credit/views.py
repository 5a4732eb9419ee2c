"""The read side: ratings, history, facts and due-process status, the interview list, public disclosure."""
from __future__ import annotations

from datetime import date

from services.common.auth import Principal
from services.common.errors import NotFound
from services.common.pagination import paginate
from services.common.store import UnitOfWork

from .domain.dueprocess import status
from .domain.facts import cases
from .domain.rating import rate
from .store import AGENCIES, HISTORY, CreditStore

SHOWN = ("name", "county")  # organisations only; no personal data
PUBLIC_RATING = ("score", "grade", "subtotals", "listed_until", "rectification_until", "as_of")
PAGE_SIZE = 500  # agencies on the public page
BULLETINS_LISTED, BULLETINS_ON_PAGE = 120, 12


def rating(uow: UnitOfWork, agency_id: str, as_of: date | None) -> dict:
    """An agency's rating today or as of a day, computed from its stored facts."""
    store = CreditStore(uow)
    store.known_agency(agency_id)
    return {"agency_id": agency_id, **rate(store.facts(agency_id), as_of or uow.today).to_dict()}


def history(uow: UnitOfWork, agency_id: str, limit: int, cursor: str | None) -> dict:
    """Every published change of the agency's rating, newest first."""
    CreditStore(uow).known_agency(agency_id)
    return paginate(uow[HISTORY], {"agency_id": agency_id}, limit, cursor, descending=True)


def facts(uow: UnitOfWork, who: Principal, agency_id: str) -> dict:
    """The stored facts and each violation's due-process status: regulators, or the agency itself."""
    if who.role == "agency":
        who.require_org(agency_id)
    store = CreditStore(uow)
    store.known_agency(agency_id)
    found = store.facts(agency_id)
    return {"facts": [f.to_dict() for f in found], "violations": [status(c) for c in cases(found).values()]}


def interviews(uow: UnitOfWork, limit: int, cursor: str | None) -> dict:
    """约谈: agencies whose stored rating requires an interview."""
    page = paginate(uow[AGENCIES], {"rating.interview_required": True}, limit, cursor)
    return {**page, "items": [{**d["rating"], "agency_id": d["_id"], "name": d.get("name"),
                               "county": d.get("county")} for d in page["items"]]}


def agency_count(uow: UnitOfWork) -> int:
    """How many agencies the credit service knows."""
    return len(CreditStore(uow).agency_ids())


def public_ratings(uow: UnitOfWork, args: dict) -> dict:
    """Rated active agencies (filters: county, grade)."""
    return _public_page(uow, {"status": "active", "rating": {"$ne": None}}, args)


def listed(uow: UnitOfWork, field: str, args: dict) -> dict:
    """Agencies on a list (`listed_until`: 严重失信, `rectification_until`: 限期整改) still running today."""
    return _public_page(uow, _listed(uow, field), args)


def bulletins(uow: UnitOfWork) -> list[dict]:
    """Monthly bulletin summaries, newest first."""
    return CreditStore(uow).bulletins(BULLETINS_LISTED)


def bulletin(uow: UnitOfWork, month: str) -> dict:
    doc = CreditStore(uow).bulletin(month)
    if doc is None:
        raise NotFound(f"no bulletin for {month!r}")
    return doc


def page(uow: UnitOfWork) -> dict:
    """The data of the public page (信用信息公示): today, rated agencies, both lists, the latest bulletins."""
    agencies = uow[AGENCIES]
    active = agencies.find({"status": "active", "rating": {"$ne": None}}).sort([("rating.score", -1), ("_id", 1)])
    return {"today": uow.today.isoformat(), "active": [_public(d) for d in active.limit(PAGE_SIZE)],
            "listed": [_public(d) for d in agencies.find(_listed(uow, "listed_until")).sort("_id")],
            "rectifying": [_public(d) for d in agencies.find(_listed(uow, "rectification_until")).sort("_id")],
            "bulletins": CreditStore(uow).bulletins(BULLETINS_ON_PAGE)}


def _public(doc: dict) -> dict:
    stored = doc.get("rating") or {}
    return {"agency_id": doc["_id"], **{k: doc.get(k) for k in SHOWN}, **{k: stored.get(k) for k in PUBLIC_RATING}}


def _public_page(uow: UnitOfWork, query: dict, args: dict) -> dict:
    for key in ("county", "grade"):
        if args.get(key):
            query[{"grade": "rating.grade"}.get(key, key)] = args[key]
    found = paginate(uow[AGENCIES], query, args["limit"], args["cursor"])
    return {**found, "items": [_public(d) for d in found["items"]]}


def _listed(uow: UnitOfWork, field: str) -> dict:
    """Agencies whose stored rating has the list entry still running today."""
    return {f"rating.{field}": {"$gt": uow.today.isoformat()}}
