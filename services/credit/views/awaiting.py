"""Work queues (待办): the objections and repair applications waiting for a regulator's decision, the earliest due
first, with the days left. `awaiting=me` keeps those the caller decides: of agencies whose home (town, else county)
lies in its division, as `commands.require_regulator` checks when it rules; the city's and the admin's are all."""

from __future__ import annotations

from datetime import date

from services.common import reference
from services.common.reference import COUNTIES, TOWNS
from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from ..store import AGENCIES, AWAITING


def awaiting(uow: UnitOfWork, who: Principal, kind: str, args: dict) -> dict:
    """A page of what waits for a decision (`objection` or `repair`)."""
    query: dict = {"kind": kind}
    if args["awaiting"] == "me" and not (who.is_admin or who.org == reference.CITY_CODE):
        query["agency_id"] = {"$in": _agencies_within(uow, who.org)}
    page = paginate(uow[AWAITING], query, args["limit"], args["cursor"], sort="due_on")
    ids = sorted({d["agency_id"] for d in page["items"]})
    agencies = {d["_id"]: d for d in uow[AGENCIES].find({"_id": {"$in": ids}}, {"name": 1, "county": 1, "town": 1})}
    return {**page, "items": [_item(d, agencies.get(d["agency_id"]) or {}, uow.today) for d in page["items"]]}


def _agencies_within(uow: UnitOfWork, division: str | None) -> list[str]:
    """The agencies whose home lies in a division: their town in it, or no town and their county in it."""
    inside = list(reference.scope(division))
    query = {"$or": [{"town": {"$in": inside}}, {"town": {"$in": [None, ""]}, "county": {"$in": inside}}]}
    return [d["_id"] for d in uow[AGENCIES].find(query, {"_id": 1})]


def _item(doc: dict, agency: dict, today: date) -> dict:
    case, ident = doc["case"].split(":", 1)
    return {
        "kind": doc["kind"],
        "violation_id": ident if case == "violation" else None,
        "contract_id": ident if case == "claim" else None,
        "agency_id": doc["agency_id"],
        "agency_name": agency.get("name"),
        "county_name": COUNTIES.get(agency.get("county") or ""),
        "town_name": TOWNS.get(agency.get("town") or ""),
        "since": doc["since"],
        "due_on": doc["due_on"],
        "days_left": (date.fromisoformat(doc["due_on"]) - today).days,
    }
