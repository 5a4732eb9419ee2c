"""The chain of what credit publishes (公示链) and correction notices (更正公告), no token; each as a table (CSV)."""

from __future__ import annotations

from services.common.errors import NotFound
from services.common.site.sheets import Column, Sheet
from services.common.storage.store import UnitOfWork

from ..store import CreditStore

NOTICES_LISTED = 120
CHAIN_COLUMNS = [
    Column("序号", "count", 6),
    Column("公示", width=30),
    Column("发布日", width=11),
    Column("摘要（SHA-256）", width=66),
    Column("前一期摘要", width=66),
]
LINE_COLUMNS = [
    Column("更正公告", width=28),
    Column("发布日", width=11),
    Column("机构名称", width=30),
    Column("统一社会信用代码", width=20),
    Column("所更正的公示", width=14),
    Column("原信用分", "count", 8),
    Column("原等级", width=6),
    Column("原名单", width=24),
    Column("更正后信用分", "count", 8),
    Column("更正后等级", width=6),
    Column("更正后名单", width=24),
]


def chain(uow: UnitOfWork) -> list[dict]:
    """Every link, in the order published."""
    return CreditStore(uow).chain()


def notices(uow: UnitOfWork) -> list[dict]:
    """Correction notices, the newest first."""
    return CreditStore(uow).notices(NOTICES_LISTED)


def notice(uow: UnitOfWork, notice_id: str) -> dict:
    found = CreditStore(uow).notice(notice_id)
    if found is None:
        raise NotFound(f"no correction notice {notice_id!r}")
    return found


def title(notice_id: str) -> str:
    """`2024-05-001` -> 2024 年 5 月第 1 号信用公示更正公告."""
    year, month, number = notice_id.split("-")
    return f"{year} 年 {int(month)} 月第 {int(number)} 号信用公示更正公告"


def bulletin_title(month: str) -> str:
    """`2024-05` -> 2024 年 5 月信用公示."""
    return f"{month[:4]} 年 {int(month[5:])} 月信用公示"


def link_title(link: dict) -> str:
    """What a link of the chain is, by name: a month's bulletin or a correction notice."""
    return bulletin_title(link["ref"]) if link["kind"] == "bulletin" else title(link["ref"])


def chain_sheet(uow: UnitOfWork, links: list[dict]) -> Sheet:
    rows = [
        [
            link["sequence"],
            link_title(link),
            link["published_on"],
            link["digest"],
            link["previous"],
        ]
        for link in links
    ]
    notes = [
        "每期的摘要 = SHA-256（其公开内容按 RFC 8785 规范化的 JSON，连同前一期摘要）；第一期的前一期摘要为 64 个 0。",
        "校验：python -m services.credit.verify <平台地址>，只读取公开的 JSON。",
    ]
    return Sheet(
        "信用公示校验链", f"截至 {uow.today.isoformat()}", CHAIN_COLUMNS, rows, uow.now, notes=notes, name="校验链"
    )


def notices_sheet(uow: UnitOfWork, found: list[dict]) -> Sheet:
    rows = [
        [title(n["id"]), n["published_on"], line.get("name") or "（名称待同步）", line["agency_id"]]
        + [bulletin_title(line["bulletin"]), *_shown(line["before"]), *_shown(line["after"])]
        for n in found
        for line in n["lines"]
    ]
    notes = ["原公示保持发布时的内容不变，并在相应条目旁链接更正公告。"]
    return Sheet(
        "信用公示更正公告", f"截至 {uow.today.isoformat()}", LINE_COLUMNS, rows, uow.now, notes=notes, name="更正"
    )


def _shown(shown: dict) -> list:
    lists = [
        f"严重失信（至 {shown['listed_until']}）" if shown.get("listed_until") else "",
        f"限期整改（至 {shown['rectification_until']}）" if shown.get("rectification_until") else "",
    ]
    return [shown["score"], f"{shown['grade']} 级", "；".join(x for x in lists if x) or "—"]
