"""What the public lists say of each agency on them (名单公示): why it is listed (the deductions and the
authorities that recorded them), on what legal basis, since and until when, and how it comes off the list.

严重失信名单: a veto violation lists the agency for the violation's period. 限期整改名单: the deductions that
started within the deduction window and were in force on the listing day reached the threshold. Pure: the
disclosed violations (`disclosure.disclosed_violations`), the ledger lines, the days and the rule table in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from services.common.site.words import authority, label

from .ledger import Line
from .rules import RuleBook, RuleTable, add_months

SEVERE, RECTIFICATION = "listed_until", "rectification_until"
LIST_NAMES = {SEVERE: "严重失信名单", RECTIFICATION: "限期整改名单"}
NATIONAL_RULES = "《安全生产严重失信主体名单管理办法》（应急管理部令第11号）"


def listed_since(
    field: str, until: date, violations: list[dict], lines: Mapping[Line, int], book: RuleBook
) -> date | None:
    """The day the listing began: the start of the earliest veto violation in force (严重失信), or the deduction
    day whose listing runs until `until` (限期整改: listed for some months from that day)."""
    if field == SEVERE:
        starts = [date.fromisoformat(v["in_force_from"]) for v in violations if _veto(v, book)]
        return min(starts, default=None)
    days = sorted({line.start for line in lines if line.points < 0})
    return next((d for d in days if add_months(d, book.on(d).rectification_months) == until), None)


def _veto(violation: dict, book: RuleBook) -> bool:
    return book.on(date.fromisoformat(violation["in_force_from"])).rules[violation["rule"]].veto


def reasons(field: str, violations: list[dict], lines: Mapping[Line, int], since: date, table: RuleTable) -> list[dict]:
    """Why the agency is on the list: its veto violations (严重失信), or every deduction in force on the listing day
    that started within the window (限期整改), violations with their authority and dates."""
    if field == SEVERE:
        return [_violation(v) for v in violations if table.rules[v["rule"]].veto]
    window = add_months(since, -table.deduction_window_months)
    found = [
        _violation(v)
        for v in violations
        if v["points"] < 0 and window < date.fromisoformat(v["in_force_from"]) <= since
    ]
    for line, count in sorted(lines.items(), key=lambda item: item[0].start):
        if line.points < 0 and not line.rule.startswith("violation.") and line.in_force(since) and line.start > window:
            rule = table.rules[line.rule]
            found.append(
                {
                    "rule": line.rule,
                    "title": rule.title,
                    "points": line.points * count,
                    "description": None,
                    "authority": "依据评价规则计分",
                    "recorded_on": None,
                    "in_force_from": line.start.isoformat(),
                    "repair_from": None,
                }
            )
    return found


def _violation(v: dict) -> dict:
    described = v.get("description") or label("violation_code", v.get("code"))
    return {
        "rule": v["rule"],
        "title": v["title"],
        "points": v["points"],
        "description": described,
        "authority": authority(v.get("recorded_by")),
        "recorded_on": v["recorded_on"],
        "in_force_from": v["in_force_from"],
        "repair_from": v["repair_from"],
    }


def legal_basis(field: str, table: RuleTable) -> str:
    if field == SEVERE:
        veto = next(r for r in table.rules.values() if r.veto)
        return f"{NATIONAL_RULES}；《{table.title}》“{veto.title}”（列入 {veto.months} 个月）"
    return (
        f"《{table.title}》：{table.deduction_window_months} 个月内开始且仍有效的扣分累计达 "
        f"{table.rectification_threshold} 分的，列入限期整改名单 {table.rectification_months} 个月"
    )


def removal_conditions(field: str, until: str, reasons_: list[dict], table: RuleTable) -> list[str]:
    """How the agency comes off the list: at the end by itself, earlier by repair (严重失信) or revocation."""
    found = [f"{until} 期满自动移出。"]
    repairs = sorted({r["repair_from"] for r in reasons_ if r.get("repair_from")})
    if field == SEVERE and repairs:
        found.append(f"自 {repairs[0]} 起可申请信用修复，监管部门决定修复后移出。")
    found.append("违规记录经异议成立或被认定机关撤销的，视为自始不存在，名单随之更正。")
    if field == RECTIFICATION:
        months, threshold = table.deduction_window_months, table.rectification_threshold
        found.append(f"期满后新的扣分使 {months} 个月内扣分累计再达 {threshold} 分的，重新列入。")
    return found
