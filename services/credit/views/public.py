"""Public disclosure (信用公示), no token: rated active agencies (search by name, filters, pages), the two lists,
monthly bulletins and the rule tables. Organisations only; no personal data; places by name."""

from __future__ import annotations

import re
from datetime import date

from services.common.errors import NotFound
from services.common.reference import COUNTIES, TOWNS
from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork

from ..domain import staffing
from ..domain.disclosure import disclosed_violations
from ..domain.facts import Fact
from ..domain.rules import Rule, RuleTable
from ..domain.staffing import SHORT as STAFFING_SHORT
from ..domain.staffing import TERMS
from ..rulebook import BOOK, published
from ..store import AGENCIES, ENTRIES, FACTS, HISTORY, KNOWN, CreditStore

PUBLIC_RATING = ("score", "grade", "subtotals", "listed_until", "rectification_until", "as_of")
BULLETINS_LISTED, BULLETINS_ON_PAGE, LISTED_ON_PAGE = 120, 12, 100
HISTORY_ON_PAGE = 60  # points of the score-history chart


def public_ratings(uow: UnitOfWork, args: dict, sort: str = "_id") -> dict:
    """Rated active agencies (search by name; filters: county, town, grade)."""
    query = _filtered({"status": "active", "rating": {"$ne": None}, **KNOWN}, args, "rating.grade")
    found = paginate(uow[AGENCIES], query, args["limit"], args["cursor"], sort=sort, descending=sort != "_id")
    return {**found, "items": [public(d) for d in found["items"]]}


def listed(uow: UnitOfWork, field: str, args: dict) -> dict:
    """Agencies known to the registry on a list (`listed_until`: 严重失信, `rectification_until`: 限期整改) still
    running today; an id the registry never published is held, never listed."""
    query = _filtered({f"rating.{field}": {"$gt": uow.today.isoformat()}, **KNOWN}, args, "rating.grade")
    found = paginate(uow[AGENCIES], query, args["limit"], args["cursor"])
    return {**found, "items": [public(d) for d in found["items"]]}


def bulletins(uow: UnitOfWork, limit: int = BULLETINS_LISTED) -> list[dict]:
    """Monthly bulletin summaries, newest first."""
    return CreditStore(uow).bulletins(limit)


def counts(uow: UnitOfWork) -> dict:
    """How many active agencies are rated, and how many are on each list today."""
    today = uow.today.isoformat()
    return {
        "rated": uow[AGENCIES].count_documents({"status": "active", "rating": {"$ne": None}, **KNOWN}),
        "listed": uow[AGENCIES].count_documents({"rating.listed_until": {"$gt": today}, **KNOWN}),
        "rectifying": uow[AGENCIES].count_documents({"rating.rectification_until": {"$gt": today}, **KNOWN}),
    }


def bulletin(uow: UnitOfWork, month: str) -> dict:
    """A month's bulletin: as of the 1st, grades counted, the rule version in force then."""
    doc = CreditStore(uow).bulletin(month)
    if doc is None:
        raise NotFound(f"no bulletin for {month!r}")
    return doc


def bulletin_entries(uow: UnitOfWork, month: str, args: dict) -> dict:
    """A page of a month's bulletin entries (search by name; filters: county, town, grade)."""
    bulletin(uow, month)
    found = paginate(uow[ENTRIES], _filtered({"month": month}, args, "grade"), args["limit"], args["cursor"])
    return {**found, "items": [_named(d) for d in found["items"]]}


def page(uow: UnitOfWork, args: dict) -> dict:
    """The public page's data: today, the rules in force, a page of agencies by score, both lists, bulletins."""
    agencies = public_ratings(uow, args, sort="rating.score")
    lists = {
        name: listed(uow, field, {"limit": LISTED_ON_PAGE, "cursor": None})["items"]
        for name, field in (("listed", "listed_until"), ("rectifying", "rectification_until"))
    }
    total = uow[AGENCIES].count_documents(
        _filtered({"status": "active", "rating": {"$ne": None}, **KNOWN}, args, "rating.grade")
    )
    return {
        "today": uow.today.isoformat(),
        "rules": BOOK.on(uow.today),
        "active": agencies["items"],
        "total": total,
        "next_cursor": agencies["next_cursor"],
        "search": args,
        **lists,
        "bulletins": bulletins(uow, BULLETINS_ON_PAGE),
    }


def bulletin_page(uow: UnitOfWork, month: str, args: dict) -> dict:
    """A month's bulletin page: its header and a page of entries."""
    doc = bulletin(uow, month)
    entries = bulletin_entries(uow, month, args)
    return {"bulletin": doc, "search": args, "items": entries["items"], "next_cursor": entries["next_cursor"]}


def agency_page(uow: UnitOfWork, agency_id: str) -> dict:
    """An agency's public credit page: grade and score, its last published scores (oldest first), the
    violations disclosed today and the lists it is on, each with its dates, and its staffing terms."""
    doc = CreditStore(uow).known_agency(agency_id)
    history = list(
        uow[HISTORY]
        .find({"agency_id": agency_id}, {"as_of": 1, "new_score": 1, "new_grade": 1})
        .sort("_id", -1)
        .limit(HISTORY_ON_PAGE)
    )[::-1]
    rating = public(doc) if doc.get("rating") else None
    return {
        "agency": _named(
            {
                "agency_id": agency_id,
                "name": doc.get("name"),
                "county": doc.get("county"),
                "town": doc.get("town"),
                "status": doc.get("status"),
            }
        ),
        "rating": rating,
        "history": history,
        "lists": _lists(uow, agency_id, rating),
        "violations": violations_of(uow, agency_id),
        "staffing": staffing_of(uow, agency_id, rating),
    }


def staffing_of(uow: UnitOfWork, agency_id: str, rating: dict | None) -> list[dict] | None:
    """The staffing terms of the rating in force (人员配备、继续教育), each its Chinese note and points; None when
    its rule table has none."""
    day = date.fromisoformat(rating["as_of"]) if rating else None
    if day is None or STAFFING_SHORT not in BOOK.on(day).rules:
        return None
    found = staffing.terms(CreditStore(uow).staffing_facts(agency_id), day, BOOK.on(day))
    return [{"note": t.note, "points": t.points} for t in found]


def violations_of(uow: UnitOfWork, agency_id: str) -> list[dict]:
    """The agency's violations disclosed today (in force, not revoked or repaired)."""
    facts = uow[FACTS].find({"agency_id": agency_id, "case": {"$regex": "^violation:"}})
    return disclosed_violations([Fact.from_dict(d) for d in facts], BOOK, uow.today)


def since(uow: UnitOfWork, agency_id: str, field: str, until: str) -> str | None:
    """The day a listing began: the first published rating that put the agency there until `until`."""
    first = uow[HISTORY].find_one({"agency_id": agency_id, field: until}, {"as_of": 1}, sort=[("_id", 1)])
    return first["as_of"] if first else None


def _lists(uow: UnitOfWork, agency_id: str, rating: dict | None) -> list[dict]:
    """The lists the agency is on today, from the first published rating that put it there."""
    found = []
    for name, field in (("严重失信名单", "listed_until"), ("限期整改名单", "rectification_until")):
        until = (rating or {}).get(field)
        if until and until > uow.today.isoformat():
            found.append({"name": name, "since": since(uow, agency_id, field, until), "until": until})
    return found


def rules() -> list[dict]:
    """Every rule table version with its effective-from day, the newest first."""
    return [{"version": t.version, "effective_from": t.effective_from, "title": t.title} for t in reversed(BOOK.tables)]


def rule_table(version: str) -> dict:
    return published(rule_book(version))


def rule_book(version: str) -> RuleTable:
    table = BOOK.version(version)
    if table is None:
        raise NotFound(f"no rule table version {version!r}")
    return table


#: the staffing terms (人员配备、继续教育), explained on the rules page
STATE_TERM = (
    "按评价当日平台已知的从业人员状态计分（期限栏不适用），不计入约谈和限期整改的扣分；"
    "依据为机构在注册系统登记的从业人员、经核验的证书和继续教育学时，有误由机构在注册系统更正。"
)


def rule_note(table: RuleTable, rule: Rule) -> str:
    """What else a rule table row says, in words: its cap, its veto, when repair may be applied for."""
    notes = [STATE_TERM] if rule.key in TERMS else []
    if rule.cap_group:
        notes.append(f"同类加分在评价日有效的合计不超过 {table.caps[rule.cap_group]} 分。")
    if rule.per_event_cap:
        notes.append(f"{'合计' if rule.key in TERMS else '每次'}最多扣 {rule.per_event_cap} 分。")
    if rule.veto:
        notes.append(f"一票否决：评为 {table.veto_grade} 级并列入严重失信名单，同时扣分。")
    if rule.repair_after_months is not None:
        notes.append(f"满 {rule.repair_after_months} 个月可申请信用修复。")
    return "".join(notes)


def public(doc: dict) -> dict:
    """An agency as the public sees it: name, place names, score, grade, lists."""
    stored = doc.get("rating") or {}
    return _named(
        {
            "agency_id": doc["_id"],
            "name": doc.get("name"),
            "county": doc.get("county"),
            "town": doc.get("town"),
            **{k: stored.get(k) for k in PUBLIC_RATING},
        }
    )


def _named(entry: dict) -> dict:
    return {
        **entry,
        "county_name": COUNTIES.get(entry.get("county") or ""),
        "town_name": TOWNS.get(entry.get("town") or ""),
    }


def _filtered(query: dict, args: dict, grade_field: str) -> dict:
    if args.get("q"):
        query["name"] = {"$regex": re.escape(args["q"]), "$options": "i"}
    for key, field in (("county", "county"), ("town", "town"), ("grade", grade_field)):
        if args.get(key):
            query[field] = args[key]
    return query
