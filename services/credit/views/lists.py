"""The two public lists as the public reads them (名单公示): each agency with why it is listed, by whom, on what
legal basis, since and until when, and how it comes off; and the same rows as a table (CSV)."""

from __future__ import annotations

from datetime import date

from services.common.site.sheets import Column, Sheet
from services.common.site.words import place
from services.common.storage.store import UnitOfWork

from ..domain import listings
from ..rulebook import BOOK
from ..store import CreditStore
from .public import listed, since, violations_of

COLUMNS = [
    Column("机构名称", width=30),
    Column("统一社会信用代码", width=20),
    Column("所在地", width=14),
    Column("列入日期", width=11),
    Column("移出日期", width=11),
    Column("列入事由", width=50),
    Column("认定机关", width=24),
    Column("法律依据", width=40),
    Column("移出条件", width=40),
]


def listings_page(uow: UnitOfWork, field: str, args: dict) -> dict:
    """A page of a list (`listed_until` 严重失信, `rectification_until` 限期整改), every agency explained."""
    found = listed(uow, field, args)
    return {**found, "items": [listing(uow, field, item) for item in found["items"]]}


def listing(uow: UnitOfWork, field: str, item: dict) -> dict:
    agency_id, until = item["agency_id"], item[field]
    violations = violations_of(uow, agency_id)
    lines = CreditStore(uow).lines(agency_id, None) if field == listings.RECTIFICATION else {}
    began = listings.listed_since(field, date.fromisoformat(until), violations, lines, BOOK) or date.fromisoformat(
        since(uow, agency_id, field, until) or uow.today.isoformat()
    )
    table = BOOK.on(began)
    why = listings.reasons(field, violations, lines, began, table)
    return {
        **item,
        "list": listings.LIST_NAMES[field],
        "listed_since": began.isoformat(),
        "removal_on": until,
        "reasons": why,
        "legal_basis": listings.legal_basis(field, table),
        "removal_conditions": listings.removal_conditions(field, until, why, table),
    }


def sheet(uow: UnitOfWork, field: str, items: list[dict]) -> Sheet:
    rows = [
        [
            a["name"],
            a["agency_id"],
            place(a["county"], a["town"]),
            a["listed_since"],
            a["removal_on"],
            "；".join(
                f"{r['title']}（{r['description'] or '扣分'}，{r['points']} 分，{r['in_force_from']} 起）"
                for r in a["reasons"]
            ),
            "；".join(sorted({r["authority"] for r in a["reasons"]})),
            a["legal_basis"],
            "".join(a["removal_conditions"]),
        ]
        for a in items
    ]
    name = listings.LIST_NAMES[field]
    notes = ["只含今日仍在名单上的机构；已移出的不再公示。"]
    return Sheet(
        f"安全生产中介服务机构{name}", f"截至 {uow.today.isoformat()}", COLUMNS, rows, uow.now, notes=notes, name=name
    )
