"""Coverage and the yearly assessment as tables an official can hand on (the kit's `Sheet`: XLSX and CSV): a
title with the place and period, Chinese headers, 元 and %, the parts of the division in order (each county
followed by its towns and its row 未登记镇街), the division itself as the totals row, and notes for what does
not add up by design."""

from __future__ import annotations

from datetime import date, datetime

from services.common.reference import SERVICE_CATEGORIES, TOWN_COUNTY
from services.common.reference.practice import TALENT_LEVELS
from services.common.site.labels import LABELS
from services.common.site.sheets import Column, Sheet

from .domain.coverage import UNPLACED, Figures
from .domain.programmes import GRADES

LEVEL_ORDER = {"city": 0, "county": 1, "town": 2, UNPLACED: 3}
LEVEL_NAMES = {**LABELS["level"], UNPLACED: "县（市、区）内未登记镇街"}
TARGETS = (
    "目标：全市为《意见》第二条“在中小企业中基本实现安全生产社会化服务全覆盖”，计 100%；县（市、区）和镇（街道）为"
    "覆盖其所在地的开放补贴项目设定的最高覆盖目标，没有设定的按 100% 计。覆盖率 = 已覆盖 ÷ 在册中小微企业。"
)
GRANTS = "批准补助和已支付只计企业购买服务补助；集聚基地扶持和以奖代补不是服务覆盖，不计入。"
TALENT = (
    "人才为统计期末（最后一天）经认定的人才（嘉兴市人才分类 A 至 E 类，以当日有效的最近一次认定为准），"
    "计入其当日执业机构的登记地；当日不在任何机构执业的人才不计入。"
)
UNPLACED_NOTE = (
    "“未登记镇街”为登记时没有填写镇（街道）的企业、合同、补助和机构：各镇（街道）加上该行等于所属县（市、区）。"
)

SUMMARY = [
    Column("地区", width=16),
    Column("在册中小微企业（家）", "count", 12),
    Column("已覆盖（家）", "count", 10),
    Column("覆盖率", "percent", 9),
    Column("目标", "percent", 9),
    Column("批准补助（元）", "yuan", 15),
    Column("已支付（元）", "yuan", 15),
]
FULL = [
    Column("地区", width=16),
    Column("行政区划代码", width=12),
    Column("层级", width=12),
    *SUMMARY[1:5],
    Column("是否达标", width=8),
    Column("批准补助（笔）", "count", 9),
    SUMMARY[5],
    Column("已支付（笔）", "count", 9),
    SUMMARY[6],
    *(Column(f"{LABELS['category'][c]}合同（份）", "count", 10) for c in SERVICE_CATEGORIES),
    *(Column(f"{g} 级机构（家）", "count", 9) for g in GRADES),
    Column("未评级机构（家）", "count", 9),
    Column("人才（名）", "count", 8),
    *(Column(f"{level} 类人才（名）", "count", 9) for level in TALENT_LEVELS),
]


def ordered(rows: list[Figures], division: str) -> tuple[list[Figures], Figures]:
    """The parts of `division` in reading order (a county, then its towns and its row 未登记镇街), and its own row."""
    top = next(r for r in rows if r.division == division and r.level != UNPLACED)

    def county(r: Figures) -> str:
        return TOWN_COUNTY.get(r.division, r.division)

    parts = sorted((r for r in rows if r is not top), key=lambda r: (county(r), LEVEL_ORDER[r.level], r.division))
    return parts, top


def sheet(rows: list[Figures], division: str, window: tuple[date, date], now: datetime, kind: str, full: bool) -> Sheet:
    """The table of a division's coverage (`kind` 覆盖情况) or assessment (年度考核), full (officials) or the public
    summary."""
    parts, top = ordered(rows, division)
    line = _full if full else _summary
    return Sheet(
        title=f"{top.name}安全生产社会化服务{kind}",
        period=f"统计期间 {window[0].isoformat()} 至 {window[1].isoformat()}",
        columns=FULL if full else SUMMARY,
        rows=[line(r, indent=r.level in ("town", UNPLACED) and top.level == "city") for r in parts],
        totals=line(top, total=True),
        notes=notes(parts, top, full),
        generated_at=now,
        name=kind,
    )


def notes(parts: list[Figures], top: Figures, full: bool) -> list[str]:
    found = [TARGETS, GRANTS, *([TALENT] if full else [])]
    if any(r.level in ("town", UNPLACED) for r in parts):
        found.append(UNPLACED_NOTE)
    if top.level == "city" and any(r.level == "town" for r in parts):
        found.append("镇（街道）行是所属县（市、区）的细分，合计行只计全市一次。")
    if full and top.level == "city":
        agencies = _outside(parts, top, lambda r: sum(r.agencies_by_grade.values()))
        talents = _outside(parts, top, lambda r: r.talents)
        if agencies:
            theirs, what = (f"（其人才 {talents} 名）", "机构数、人才数") if talents else ("", "机构数")
            found.append(
                f"全市机构含嘉兴市外机构 {agencies} 家{theirs}，不属于任何县（市、区），"
                f"故各县（市、区）{what}之和小于全市。"
            )
    return found


def _outside(parts: list[Figures], top: Figures, count) -> int:
    """What the city counts beyond its counties: the agencies from outside Jiaxing (or their talents)."""
    return count(top) - sum(count(r) for r in parts if r.level == "county")


def _name(row: Figures, indent: bool, total: bool) -> str:
    if total:
        return f"合计（{row.name}）"
    return ("　" if indent else "") + row.name


def _summary(row: Figures, indent: bool = False, total: bool = False) -> list:
    return [
        _name(row, indent, total),
        row.registered_smes,
        row.covered_smes,
        (row.covered_smes, row.registered_smes),
        (row.target_permille, 1000),
        row.approved_fen,
        row.paid_fen,
    ]


def _full(row: Figures, indent: bool = False, total: bool = False) -> list:
    return [
        _name(row, indent, total),
        row.division,
        LEVEL_NAMES[row.level],
        *_summary(row)[1:5],
        "是" if row.met else "否",
        row.approved_count,
        row.approved_fen,
        row.paid_count,
        row.paid_fen,
        *(row.contracts_by_category.get(c, 0) for c in SERVICE_CATEGORIES),
        *(row.agencies_by_grade.get(g, 0) for g in (*GRADES, "none")),
        row.talents,
        *(row.talents_by_level.get(level, 0) for level in TALENT_LEVELS),
    ]
