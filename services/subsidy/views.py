"""Reads of the subsidy service: programmes with their budgets, applications as each caller may see them,
recoveries for funders, coverage and the yearly assessment, the public list of programmes.

Who sees what: an applicant its own applications; an official those of its division (a county official its
towns too; the city's officials everything); a regulator those whose place lies in its division; finance those
its division funds; admin all.
"""

from __future__ import annotations

from datetime import date

from services.common.errors import Forbidden, Invalid, NotFound
from services.common.reference import CITY_CODE, county_of
from services.common.storage.mapping import from_doc, to_doc
from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from .domain import divisions
from .domain.applications import Application
from .domain.coverage import UNPLACED, Figures, coverage, last_twelve_months, unplaced, year_window
from .domain.programmes import Programme
from .domain.terms import terms
from .store import APPLICATIONS, PROGRAMMES, SubsidyStore, awaiting_payment, awaiting_review

FIRST_YEAR = 2016  # the policy's year
PUBLIC_PROGRAMMES = {"state": {"$ne": "draft"}, "superseded_by": None}  # each programme once: its current version
#: the fields of an application that a division role's area is matched against
AREA_FIELDS = {"official": ("county", "town", "funder"), "regulator": ("county", "town"), "finance": ("funder",)}


def _scope_query(who: Principal) -> dict:
    """The applications a caller may see."""
    if who.is_admin:
        return {}
    if who.role in AREA_FIELDS:
        area = list(divisions.scope(who.org)) if who.role != "finance" else [who.org]
        return {"$or": [{k: {"$in": area}} for k in AREA_FIELDS[who.role]]}
    return {"applicant_id": who.org or "-"}


def _may_see(who: Principal, doc: dict) -> bool:
    if who.is_admin:
        return True
    if who.role in AREA_FIELDS:
        area = divisions.scope(who.org) if who.role != "finance" else (who.org,)
        return any(doc.get(k) in area for k in AREA_FIELDS[who.role])
    return doc["applicant_id"] == who.org


def application_doc(a: Application, today: date) -> dict:
    """An application with who acts next and by when (days left on `today`), the reasons of a refusal and what was
    recovered of it."""
    step, r, due = a.current_step(), a.recovery, a.due_on()
    recovery = r and {
        **to_doc(r),
        "recovered_fen": r.recovered_fen,
        "outstanding_fen": r.outstanding_fen,
        "state": r.state,
    }
    timing = {"current_step": to_doc(step) if step else None, "due_on": due, "days_left": due and (due - today).days}
    return {**to_doc(a), **timing, "reasons": a.reasons, "recovery": recovery}


def application_view(uow: UnitOfWork, who: Principal, application_id: str) -> dict:
    application = SubsidyStore(uow).application(application_id)
    doc = application_doc(application, uow.today)
    if not _may_see(who, doc):
        raise NotFound(f"no application {application_id}")  # others' applications do not exist for the caller
    return doc


def list_applications(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    """Newest first; awaiting=me: the caller's own step only, oldest first (a work queue)."""
    query = _scope_query(who)
    for key in ("programme_id", "status", "kind"):
        if args.get(key):
            query = {"$and": [query, {key: args[key]}]}
    if args.get("recovery"):
        query = {"$and": [query, {"recovery": {"$ne": None}, "recovery.lifted": None}]}
    queue = args.get("awaiting") == "me"
    if queue:
        query = {"$and": [query, _awaiting(who)]}
    page = paginate(uow[APPLICATIONS], query, args["limit"], args.get("cursor"), "submitted_at", not queue)
    page["items"] = [application_doc(from_doc(Application, d), uow.today) for d in page["items"]]
    return page


def _awaiting(who: Principal) -> dict:
    """Applications at the caller's own step: officials review, finance pays; nothing awaits any other role."""
    if who.role == "finance":
        return awaiting_payment(who.org)
    if who.role == "official":
        return awaiting_review(divisions.level(who.org), who.org)
    return {"_id": {"$in": []}}


def programme_doc(store: SubsidyStore, programme_id: str) -> dict:
    """A programme with its one budget (shared by all its versions)."""
    doc = to_doc(store.programme(programme_id))
    return {**doc, "budget": store.budget(doc["lineage"])}


def programme_version(store: SubsidyStore, programme_id: str) -> int:
    """The stored version (revision) of a programme read or written in this unit of work: its ETag."""
    return store.version(PROGRAMMES, programme_id)


def programme_view(uow: UnitOfWork, who: Principal, programme_id: str) -> tuple[dict, int]:
    """A programme as the caller may see it, and its stored version (ETag)."""
    store = SubsidyStore(uow)
    doc = programme_doc(store, programme_id)
    if doc["state"] == "draft" and not _manages(who, doc["funder"]):
        raise NotFound(f"no programme {programme_id}")  # drafts are the funder's own
    return doc, programme_version(store, programme_id)


def list_programmes(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    query: dict = {"state": {"$ne": "draft"}}
    if who.is_admin:
        query = {}
    elif who.role == "official":
        query = {"$or": [query, {"funder": {"$in": list(divisions.scope(who.org))}}]}
    for key in ("state", "kind", "funder"):
        if args.get(key):
            query = {"$and": [query, {key: args[key]}]}
    page = paginate(uow[PROGRAMMES], query, args["limit"], args.get("cursor"))
    store = SubsidyStore(uow)
    page["items"] = [programme_doc(store, d["_id"]) for d in page["items"]]
    return page


def _manages(who: Principal, funder: str) -> bool:
    return who.is_admin or (who.role == "official" and funder in divisions.scope(who.org))


def public_programmes(uow: UnitOfWork) -> list[dict]:
    """Open and closed programmes: name, period, budget used and left, beneficiaries (a count only)."""
    store = SubsidyStore(uow)
    return [
        _public_programme(uow, store, doc)
        for doc in uow[PROGRAMMES].find(PUBLIC_PROGRAMMES).sort([("period_start", -1), ("_id", 1)])
    ]


def public_programme_page(uow: UnitOfWork, args: dict) -> dict:
    """A page of the public programmes, newest period first."""
    found = paginate(
        uow[PROGRAMMES], PUBLIC_PROGRAMMES, args["limit"], args["cursor"], sort="period_start", descending=True
    )
    store = SubsidyStore(uow)
    return {**found, "items": [_public_programme(uow, store, doc) for doc in found["items"]]}


def _public_programme(uow: UnitOfWork, store: SubsidyStore, doc: dict) -> dict:
    """A programme's current version with its one budget: every version's money counts, each top-up shown."""
    lineage = doc.get("lineage") or doc["_id"]
    budget, programme = store.budget(lineage), from_doc(Programme, doc)
    beneficiaries = uow[APPLICATIONS].distinct(
        "applicant_id",
        {"$or": [{"lineage": lineage}, {"programme_id": lineage}], "status": {"$in": ["approved", "paid"]}},
    )
    top_ups = [{k: t[k] for k in ("amount_fen", "reason", "on")} for t in budget["top_ups"]]
    return {
        "programme_id": doc["_id"],
        "name": doc["name"],
        "kind": doc["kind"],
        "funder": doc["funder"],
        "funder_name": divisions.name(doc["funder"]),
        "state": doc["state"],
        "period_start": doc["period_start"],
        "period_end": doc["period_end"],
        "budget_fen": budget["total_fen"],
        "used_fen": budget["reserved_fen"] + budget["spent_fen"],
        "paid_fen": budget["spent_fen"],
        "left_fen": budget["left_fen"],
        "recovered_fen": budget["recovered_fen"],
        "topped_up_fen": sum(t["amount_fen"] for t in top_ups),
        "top_ups": top_ups,
        "beneficiaries": len(beneficiaries),
        "terms": terms(programme.kind, programme.rules),
    }


# --- coverage and assessment ----------------------------------------------------------------------
def report_scope(who: Principal, division: str | None) -> str:
    """The division a caller reports on: its own or one inside it (official, regulator, finance), any (admin)."""
    division = division or (CITY_CODE if who.is_admin else who.org)
    if not divisions.is_division(division):
        raise NotFound(f"no division {division}")
    if not who.reaches(division):
        raise Forbidden(f"a report on {division} lies outside the division {who.org}", rule="division")
    return division


def figures(uow: UnitOfWork, who: Principal, division: str | None, year: int | None = None) -> list[Figures]:
    """Coverage of the division and every division inside it: the last 12 months, or a calendar year."""
    return _figures(uow, report_scope(who, division), year)


def public_coverage(uow: UnitOfWork, division: str | None, limit: int = 20, cursor: str | None = None) -> dict:
    """Coverage of the last 12 months for the public (counts only): the city and its counties, or a county
    and its towns and its row 未登记镇街 (last), `limit` of them after the one coded `cursor` (by code)."""
    division = division or CITY_CODE
    if not divisions.is_division(division) or divisions.level(division) == "town":
        raise NotFound(f"no city or county {division}")
    start, end = window_of(uow, None)
    rows = _figures(uow, division, None)
    below = ("county",) if divisions.level(division) == "city" else ("town", UNPLACED)
    parts = sorted((r for r in rows if r.level in below), key=lambda r: (r.level == UNPLACED, r.division))
    codes = [r.division for r in parts]  # a county's row 未登记镇街 (last) by the county's code
    if cursor is not None and cursor not in codes:
        raise Invalid("a cursor is the code of the last county or town shown", field="cursor", location="query")
    shown = parts[codes.index(cursor) + 1 :] if cursor is not None else parts
    return {
        "division": division,
        "name": divisions.name(division),
        "window_start": start.isoformat(),
        "window_end": end.isoformat(),
        "total": next(r for r in rows if r.division == division),
        "parts": shown[:limit],
        "next_cursor": shown[limit - 1].division if len(shown) > limit else None,
    }


def _figures(uow: UnitOfWork, division: str, year: int | None) -> list[Figures]:
    level = divisions.level(division)
    county = None if level == "city" else division if level == "county" else county_of(division)
    codes = list(divisions.scope(division))
    codes += [unplaced(c) for c in codes if divisions.level(c) == "county"]
    return coverage(codes, *SubsidyStore(uow).coverage_inputs(county), window_of(uow, year), _targets(uow, codes))


def _targets(uow: UnitOfWork, codes: list[str]) -> dict[str, int]:
    """The target of each division: the highest set by an open programme whose funder's area holds it."""
    targets: dict[str, int] = {}
    for doc in uow[PROGRAMMES].find({"state": "open", "rules.coverage_target_permille": {"$ne": None}}):
        for code in codes:
            if divisions.inside(doc["funder"], code):
                targets[code] = max(targets.get(code, 0), doc["rules"]["coverage_target_permille"])
    return targets


def window_of(uow: UnitOfWork, year: int | None) -> tuple[date, date]:
    """The last 12 months, or a calendar year from 2016 (the policy) up to this one."""
    if year is not None and not FIRST_YEAR <= year <= uow.today.year:
        raise Invalid(f"a year from {FIRST_YEAR} to {uow.today.year}", field="year", location="path")
    return year_window(year, uow.today) if year else last_twelve_months(uow.today)
