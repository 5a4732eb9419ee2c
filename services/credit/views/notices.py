"""What the public sees of service (送达): the public notices credit published when no channel reached an agency
(公告送达), and an agency's intended listings (拟列入) in their notice window, as the agency itself sees them."""

from __future__ import annotations

from services.common.reference import COUNTIES, TOWNS
from services.common.site.sheets import Column, Sheet
from services.common.site.words import authority, label
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
            "violation_id": None if n.get("contract_id") else n["_id"],
            "name": known[n["agency_id"]].get("name"),
            "county_name": COUNTIES.get(known[n["agency_id"]].get("county") or ""),
            "town_name": TOWNS.get(known[n["agency_id"]].get("town") or ""),
        }
        for n in page["items"]
        if n["agency_id"] in known
    ]
    return {**page, "items": items}


CLAIMANT = "委托方（主张，未经认定）"  # a claim's row: the buyer claims, nobody has established it
NOTICE_COLUMNS = [
    Column("公告日期", width=11),
    Column("机构名称", width=30),
    Column("统一社会信用代码", width=20),
    Column("所在地", width=16),
    Column("严重程度", width=8),
    Column("事由", width=30),
    Column("认定机关（主张方）", width=24),
    Column("认定日期（解约日期）", width=13),
    Column("异议截止（含）", width=13),
    Column("影响", width=40),
]


def effect(notice: dict) -> str:
    """What the notice does to the agency, in words: its listing or its points, from and until when."""
    if notice["listed"] and notice["effect_from"]:
        return f"拟自 {notice['effect_from']} 起列入严重失信名单，至 {notice['effect_until']}（不含）"
    if notice["listed"]:
        return "异议审查中，暂缓列入"
    if notice["effect_from"] and notice.get("contract_id"):
        return f"异议期满无异议的，自 {notice['effect_from']} 起计入信用评分，至 {notice['effect_until']}（不含）"
    if notice["effect_from"]:
        return f"自 {notice['effect_from']} 起计入信用评分，至 {notice['effect_until']}（不含）"
    return ""


def cause(notice: dict) -> str:
    """What the notice is about: the violation, or a buyer's at-fault claim (过错解约), without the buyer's words
    (an unproven claim; the agency reads them in its own notice)."""
    if notice.get("contract_id"):
        return f"委托方主张机构过错解约（合同编号 {notice['contract_id']}），尚待异议期满或监管部门确认"
    return notice.get("description") or notice["code"]


def by_whom(notice: dict) -> str:
    """Who established it: the authority that recorded the violation; a claim's buyer only claims it."""
    return authority(notice["recorded_by"]) if notice.get("recorded_by") else CLAIMANT


def notices_sheet(uow: UnitOfWork, items: list[dict]) -> Sheet:
    rows = [
        [
            n["published_on"],
            n["name"] or "（名称待同步）",
            n["agency_id"],
            " ".join(filter(None, [n["county_name"] or "嘉兴市外", n["town_name"]])),
            label("severity", n["severity"]) if n.get("severity") else "—",
            cause(n),
            by_whom(n),
            n["recorded_on"],
            n["objection_deadline"],
            effect(n),
        ]
        for n in items
    ]
    notes = [
        "违法违规记录或委托方过错解约主张的告知无法通过站内信、电子邮件、短信或接口送达机构的，在平台公告，"
        "公告之日视为送达；异议期自该日起算。"
    ]
    return Sheet(
        "违法违规记录及过错解约主张公告送达",
        f"截至 {uow.today.isoformat()}",
        NOTICE_COLUMNS,
        rows,
        uow.now,
        notes=notes,
        name="公告送达",
    )


def intended(uow: UnitOfWork, agency_id: str) -> list[dict]:
    """拟列入: the agency's severe violations served whose listing has not started today."""
    return intended_listings(CreditStore(uow).violation_facts(agency_id), BOOK, uow.today)
