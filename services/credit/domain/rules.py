"""The credit rule table (信用评价规则), version 1, as data so officials can tune it.

Periods are calendar months; an effect is in force from its start day up to, not including, its end day.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

DIMENSIONS = ("basic_management", "service_quality", "performance_record")  # 基础管理 / 服务质量 / 履约记录


@dataclass(frozen=True)
class Rule:
    """One row: what a fact is worth, for how long, in which dimension."""

    key: str
    points: int
    months: int
    dimension: str
    title: str
    cap_group: str | None = None     # positive points of a group are capped in any rolling window
    per_event_cap: int | None = None  # e.g. findings: at most 10 points from one inspection
    repair_after_months: int | None = None  # 信用修复: may apply after this; None = no repair
    veto: bool = False                # 一票否决: grade D and the severe-dishonesty list


@dataclass(frozen=True)
class Cap:
    points: int
    months: int


@dataclass(frozen=True)
class RuleTable:
    version: str
    base_score: int
    grades: tuple[tuple[str, int], ...]  # (grade, minimum score), best first; the last is the floor
    veto_grade: str
    rules: dict[str, Rule]
    caps: dict[str, Cap]
    objection_days: int          # 异议期
    listing_delay_days: int      # a severe listing takes effect this many days after the violation
    deduction_window_months: int
    interview_threshold: int     # 约谈
    rectification_threshold: int  # 限期整改
    rectification_months: int
    new_agency_grade: str = field(default="B")

    def grade_for(self, score: int, veto: bool) -> str:
        if veto:
            return self.veto_grade
        return next(g for g, minimum in self.grades if score >= minimum)


def _rules(*rows: Rule) -> dict[str, Rule]:
    return {r.key: r for r in rows}


V1 = RuleTable(
    version="1",
    base_score=100,
    grades=(("A", 105), ("B", 90), ("C", 75), ("D", -10**9)),
    veto_grade="D",
    rules=_rules(
        Rule("contract.on_time", +1, 12, "performance_record", "合同按期履约 contract completed on time",
             cap_group="contract"),
        Rule("contract.late", -1, 12, "performance_record", "合同逾期完成 contract completed late"),
        Rule("contract.terminated_at_fault", -5, 12, "performance_record",
             "因机构过错解除合同 contract terminated, agency at fault"),
        Rule("spot_check.passed", +2, 12, "service_quality", "质量抽查合格 quality spot check passed",
             cap_group="spot_check"),
        Rule("spot_check.finding", -1, 12, "service_quality", "质量抽查问题 spot check finding (each)",
             per_event_cap=10),
        Rule("spot_check.failed", -10, 12, "service_quality", "质量抽查不合格 quality spot check failed"),
        Rule("mutual_inspection.passed", +1, 12, "service_quality", "行业互查合格 mutual inspection passed"),
        Rule("violation.minor", -2, 3, "basic_management", "轻微违规 minor violation"),
        Rule("violation.general", -5, 12, "basic_management", "一般违规 general violation", repair_after_months=3),
        Rule("violation.serious", -10, 24, "basic_management", "较重违规 serious violation", repair_after_months=12),
        Rule("violation.severe", 0, 36, "basic_management",
             "严重失信 severe: qualification rental, 挂靠, false report or certificate",
             repair_after_months=12, veto=True),
    ),
    caps={"contract": Cap(10, 12), "spot_check": Cap(10, 12)},
    objection_days=15,
    listing_delay_days=7,
    deduction_window_months=12,
    interview_threshold=10,
    rectification_threshold=20,
    rectification_months=6,
)

TABLES = {V1.version: V1}
CURRENT = V1


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic; the day is clamped to the month's last day (Jan 31 + 1 = Feb 28/29)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))
