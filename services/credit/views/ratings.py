"""The read side for signed-in callers: ratings, history, facts and due process, the interview list.

Rating effects, history and facts are the agency's own, the regulators' and the admin's; anyone else signed
in sees what the public sees (score, grade, lists).
"""

from __future__ import annotations

from datetime import date

from services.common.errors import Forbidden, NotFound
from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from ..domain.dueprocess import statuses
from ..domain.rating import rate
from ..rulebook import BOOK
from ..store import AGENCIES, HELD, HISTORY, CreditStore

PUBLIC_RATING = (
    "as_of",
    "known_at",
    "score",
    "grade",
    "subtotals",
    "listed_until",
    "rectification_until",
    "rule_version",
)


def privileged(who: Principal, agency_id: str) -> bool:
    """The agency itself, a regulator or the admin."""
    return who.role in ("regulator", "admin") or (who.role == "agency" and who.org == agency_id)


def require_privileged(who: Principal, agency_id: str) -> None:
    if not privileged(who, agency_id):
        raise Forbidden("only the agency itself, a regulator or the admin may read this")


def rating(uow: UnitOfWork, who: Principal, agency_id: str, as_of: date | None, known_at: date | None = None) -> dict:
    """An agency's rating of a day (default today) from the stored facts known by `known_at` (default today: every
    fact, corrections included)."""
    store = CreditStore(uow)
    doc = store.known_agency(agency_id)
    if not privileged(who, agency_id) and "profile_time" not in doc:
        raise NotFound(f"no agency {agency_id!r} known to the credit service")  # held facts: regulators and admin
    known_at = known_at or uow.today
    found = {
        "agency_id": agency_id,
        **rate(store.rated_facts(agency_id, known_at), as_of or uow.today, BOOK, known_at).to_dict(),
    }
    if privileged(who, agency_id):
        return found
    return {k: found[k] for k in ("agency_id", *PUBLIC_RATING)}


def history(uow: UnitOfWork, who: Principal, agency_id: str, limit: int, cursor: str | None) -> dict:
    """Every published change of the agency's rating, newest first."""
    require_privileged(who, agency_id)
    CreditStore(uow).known_agency(agency_id)
    return paginate(uow[HISTORY], {"agency_id": agency_id}, limit, cursor, descending=True)


def facts(uow: UnitOfWork, who: Principal, agency_id: str) -> dict:
    """The stored facts, each violation's and claim's due-process status (revocations with their reasons)."""
    require_privileged(who, agency_id)
    store = CreditStore(uow)
    store.known_agency(agency_id)
    found = store.facts(agency_id)
    violations, claims = statuses(found, BOOK, uow.today)
    return {"facts": [f.to_dict() for f in found], "violations": violations, "claims": claims}


def interviews(uow: UnitOfWork, limit: int, cursor: str | None) -> dict:
    """约谈: agencies whose stored rating requires an interview."""
    page = paginate(uow[AGENCIES], {"rating.interview_required": True}, limit, cursor)
    return {
        **page,
        "items": [
            {**d["rating"], "agency_id": d["_id"], "name": d.get("name"), "county": d.get("county")}
            for d in page["items"]
        ],
    }


def held(uow: UnitOfWork, limit: int, cursor: str | None) -> dict:
    """Agencies the credit service holds facts about but the registry has not published (never public)."""
    store = CreditStore(uow)
    page = paginate(uow[AGENCIES], HELD, limit, cursor)
    return {
        **page,
        "items": [
            {
                "agency_id": d["_id"],
                **{k: (d.get("rating") or {}).get(k) for k in ("score", "grade", "listed_until")},
                **store.fact_span(d["_id"]),
            }
            for d in page["items"]
        ],
    }


def agency_count(uow: UnitOfWork) -> int:
    """How many agencies the credit service knows."""
    return len(CreditStore(uow).agency_ids())
