"""The credit rule tables (信用评价规则): versions with an effective-from day, read from data files.

A fact is rated by the table in force on its start day, so a new table never changes a past rating; what
a whole rating uses (base score, grades, caps, thresholds) is the table in force on the rating day.
Periods are calendar months; an effect is in force from its start day up to, not including, its end day.
"""

from __future__ import annotations

import bisect
import calendar
from dataclasses import dataclass
from datetime import date

DIMENSIONS = ("basic_management", "service_quality", "performance_record")  # 基础管理 / 服务质量 / 履约记录
#: the rows the rating reads: every table must have them
REQUIRED_RULES = (
    "contract.on_time",
    "contract.late",
    "contract.terminated_at_fault",
    "spot_check.passed",
    "spot_check.finding",
    "spot_check.failed",
    "mutual_inspection.passed",
    "violation.minor",
    "violation.general",
    "violation.serious",
    "violation.severe",
)


class InvalidRules(ValueError):
    """A rule table that cannot be used (refused at start)."""


@dataclass(frozen=True)
class Rule:
    """One row: what a fact is worth, for how long, in which dimension."""

    key: str
    points: int
    months: int
    dimension: str
    title: str
    cap_group: str | None = None  # positive points of a group in force on a day are capped
    per_event_cap: int | None = None  # e.g. findings: at most 10 points from one inspection
    repair_after_months: int | None = None  # 信用修复: may apply after this; None = no repair
    veto: bool = False  # 一票否决: grade D and the severe-dishonesty list


@dataclass(frozen=True)
class Grade:
    grade: str
    min_score: int


@dataclass(frozen=True)
class RuleTable:
    version: str
    effective_from: date
    title: str
    base_score: int
    grades: tuple[Grade, ...]  # best first; below the last one: floor_grade
    floor_grade: str
    veto_grade: str
    new_agency_grade: str
    rules: dict[str, Rule]
    caps: dict[str, int]  # cap group -> most points in force on one day
    objection_days: int  # 异议期, from the notice day
    listing_delay_days: int  # a veto listing starts this many days after the notice day
    deduction_window_months: int
    interview_threshold: int  # 约谈
    rectification_threshold: int  # 限期整改
    rectification_months: int
    #: 送达: None = the clocks run from the notice day (version 1); n = from the day the notice was delivered, or,
    #: if no channel reached the agency within n days of the notice day, from its public notice (公告送达)
    public_notice_days: int | None = None
    ruling_days: int = 15  # a regulator rules on an objection within these days of its filing
    repair_decision_days: int = 15  # ... and decides on a repair application within these days
    min_score: int = 0  # a score never goes below it (deductions beyond it are still listed)

    @property
    def max_score(self) -> int:
        """The highest score: the base and every capped group's bonuses (every bonus is capped)."""
        return self.base_score + sum(self.caps.values())

    def grade_for(self, score: int, veto: bool) -> str:
        if veto:
            return self.veto_grade
        return next((g.grade for g in self.grades if score >= g.min_score), self.floor_grade)

    def check(self) -> RuleTable:
        """The table itself, or InvalidRules naming what is wrong."""
        missing = [k for k in REQUIRED_RULES if k not in self.rules]
        problems = [f"missing rules {missing}"] if missing else []
        for rule in self.rules.values():
            if rule.dimension not in DIMENSIONS:
                problems.append(f"{rule.key}: unknown dimension {rule.dimension!r}")
            if rule.months <= 0:
                problems.append(f"{rule.key}: months must be positive")
            if rule.cap_group and (rule.cap_group not in self.caps or rule.points <= 0):
                problems.append(f"{rule.key}: a capped rule needs a declared cap and positive points")
            if rule.points > 0 and not rule.cap_group:
                problems.append(f"{rule.key}: a bonus needs a cap group (the score has a maximum)")
        groups = {}
        for rule in self.rules.values():
            if rule.cap_group and groups.setdefault(rule.cap_group, rule.dimension) != rule.dimension:
                problems.append(f"cap group {rule.cap_group}: rules of one group share a dimension")
        minimums = [g.min_score for g in self.grades]
        if minimums != sorted(minimums, reverse=True):
            problems.append("grades must be listed best first")
        if not self.min_score <= self.base_score <= self.max_score:
            problems.append("the base score must lie between min_score and the maximum")
        if (
            min(self.objection_days, self.listing_delay_days, self.deduction_window_months, self.rectification_months)
            < 0
        ):
            problems.append("days and months cannot be negative")
        if problems:
            raise InvalidRules(f"rule table {self.version}: " + "; ".join(problems))
        return self


class RuleBook:
    """Every rule table by version; the one in force on a day (the earliest also covers earlier days)."""

    def __init__(self, tables):
        self.tables = tuple(sorted((t.check() for t in tables), key=lambda t: t.effective_from))
        if not self.tables:
            raise InvalidRules("no rule table")
        starts = [t.effective_from for t in self.tables]
        versions = [t.version for t in self.tables]
        if len(set(starts)) != len(starts) or len(set(versions)) != len(versions):
            raise InvalidRules("two tables share a version or an effective-from day")
        self._starts = starts

    def on(self, day: date) -> RuleTable:
        """The table in force on a day."""
        return self.tables[max(bisect.bisect_right(self._starts, day) - 1, 0)]

    def version(self, version: str) -> RuleTable | None:
        return next((t for t in self.tables if t.version == version), None)

    def next_change(self, day: date) -> date | None:
        """The first day after `day` on which another table comes into force."""
        return next((s for s in self._starts if s > day), None)


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic; the day is clamped to the month's last day (Jan 31 + 1 = Feb 28/29)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))
