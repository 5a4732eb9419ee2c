"""What the public sees of service (送达): the public notices credit published when no channel reached an agency
(公告送达), and an agency's intended listings (拟列入) in their notice window, as the agency itself sees them."""

from __future__ import annotations

from services.common.reference import COUNTIES, TOWNS
from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork

from ..domain.notices import intended_listings
from ..rulebook import BOOK
from ..store import AGENCIES, KNOWN, PUBLIC_NOTICES, CreditStore


def public_notices(uow: UnitOfWork, args: dict) -> dict:
    """A page of public notices, the newest first, of agencies the registry has published (a held id never is)."""
    page = paginate(uow[PUBLIC_NOTICES], {}, args["limit"], args["cursor"], sort="published_on", descending=True)
    ids = sorted({n["agency_id"] for n in page["items"]})
    known = {
        d["_id"]: d for d in uow[AGENCIES].find({"_id": {"$in": ids}, **KNOWN}, {"name": 1, "county": 1, "town": 1})
    }
    items = [
        {
            **{k: v for k, v in n.items() if k != "_id"},
            "violation_id": n["_id"],
            "name": known[n["agency_id"]].get("name"),
            "county_name": COUNTIES.get(known[n["agency_id"]].get("county") or ""),
            "town_name": TOWNS.get(known[n["agency_id"]].get("town") or ""),
        }
        for n in page["items"]
        if n["agency_id"] in known
    ]
    return {**page, "items": items}


def intended(uow: UnitOfWork, agency_id: str) -> list[dict]:
    """拟列入: the agency's severe violations served whose listing has not started today."""
    return intended_listings(CreditStore(uow).violation_facts(agency_id), BOOK, uow.today)
