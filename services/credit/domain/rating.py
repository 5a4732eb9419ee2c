"""The credit rating (信用评价): a pure function of an agency's stored facts and a date.

Every point of a rating comes from an effect, and every effect names its rule and source fact.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from services.common.mapping import from_plain, to_plain

from .facts import Fact, ViolationCase, canonical, cases
from .rules import CURRENT, DIMENSIONS, Rule, RuleTable, add_months


@dataclass(frozen=True)
class Effect:
    """What one fact does to the score, from start up to (not including) end."""

    rule: str
    reason_code: str
    dimension: str
    points: int
    source_event_id: str
    start: date
    end: date
    objection_deadline: date | None = None
    repair_eligible_on: date | None = None
    veto: bool = False

    def in_force(self, day: date) -> bool:
        return self.start <= day < self.end

    def to_dict(self) -> dict:
        return to_plain(self)

    @classmethod
    def from_dict(cls, doc: dict) -> "Effect":
        return from_plain(cls, doc)


@dataclass(frozen=True)
class Rating:
    as_of: date
    score: int
    grade: str
    subtotals: dict[str, int]
    effects: tuple[Effect, ...]
    deductions: int             # deductions in force that started within the window
    interview_required: bool    # 约谈
    rectification_until: date | None  # 限期整改名单, up to (not including)
    listed_until: date | None   # 严重失信名单, up to (not including)
    rule_version: str

    def to_dict(self) -> dict:
        return to_plain(self)

    @classmethod
    def from_dict(cls, doc: dict) -> "Rating":
        return from_plain(cls, doc)


def effects(facts: Iterable[Fact], table: RuleTable = CURRENT) -> list[Effect]:
    """Every effect the facts ever produce, capped, in a canonical order."""
    ordered = canonical(facts)
    raw = [e for f in ordered for e in _fact_effects(f, table)]
    raw += [e for case in cases(ordered).values() for e in _violation_effects(case, table)]
    raw.sort(key=lambda e: (e.start, e.source_event_id, e.rule))
    return _capped(raw, table)


def rate(facts: Iterable[Fact], as_of: date, table: RuleTable = CURRENT) -> Rating:
    """The rating on a day."""
    every = effects(facts, table)
    live = tuple(e for e in every if e.in_force(as_of))
    subtotals = {d: sum(e.points for e in live if e.dimension == d) for d in DIMENSIONS}
    score = table.base_score + sum(subtotals.values())
    vetoes = [e for e in live if e.veto]
    deductions = _deductions(every, as_of, table)
    return Rating(
        as_of=as_of, score=score, grade=table.grade_for(score, bool(vetoes)), subtotals=subtotals,
        effects=live, deductions=deductions, interview_required=deductions >= table.interview_threshold,
        rectification_until=_rectification_until(every, as_of, table),
        listed_until=max((e.end for e in vetoes), default=None), rule_version=table.version,
    )


def reasons(old: Rating | None, new: Rating) -> list[str]:
    """What changed between two ratings, as `+rule:reason` (new effect) and `-rule:reason` (ended)."""
    def keys(r: Rating | None) -> dict:
        return {(e.rule, e.source_event_id): e for e in (r.effects if r else ())}
    before, after = keys(old), keys(new)
    out = [f"+{e.rule}:{e.reason_code}" for k, e in after.items() if k not in before]
    out += [f"-{e.rule}:{e.reason_code}" for k, e in before.items() if k not in after]
    if old and old.rectification_until != new.rectification_until:
        out.append("rectification" if new.rectification_until else "-rectification")
    if old and old.interview_required != new.interview_required:
        out.append("interview" if new.interview_required else "-interview")
    return sorted(out)


def _effect(rule: Rule, fact: Fact, start: date, points: int | None = None, code: str | None = None,
            end: date | None = None, **extra) -> Effect:
    return Effect(rule=rule.key, reason_code=code or rule.key, dimension=rule.dimension,
                  points=rule.points if points is None else points, source_event_id=fact.id, start=start,
                  end=end or add_months(start, rule.months), veto=rule.veto, **extra)


def _fact_effects(fact: Fact, table: RuleTable) -> list[Effect]:
    rules, data = table.rules, fact.data
    if fact.type == "contract-completed":
        return [_effect(rules["contract.on_time" if data["on_time"] else "contract.late"], fact,
                        fact.date("completed_on"))]
    if fact.type == "contract-terminated" and data["at_fault"] == "agency":
        return [_effect(rules["contract.terminated_at_fault"], fact, fact.date("terminated_on"))]
    if fact.type == "inspection-completed":
        return _inspection_effects(fact, table)
    return []


def _inspection_effects(fact: Fact, table: RuleTable) -> list[Effect]:
    rules, data, on = table.rules, fact.data, fact.date("inspected_on")
    if data["kind"] == "mutual_inspection":
        return [_effect(rules["mutual_inspection.passed"], fact, on)] if data["passed"] else []
    if data["kind"] != "quality_spot_check":
        return []
    if not data["passed"]:
        return [_effect(rules["spot_check.failed"], fact, on)]
    finding = rules["spot_check.finding"]
    findings = min(int(data.get("findings") or 0) * -finding.points, finding.per_event_cap)
    out = [_effect(rules["spot_check.passed"], fact, on)]
    return out + ([_effect(finding, fact, on, points=-findings)] if findings else [])


def _violation_effects(case: ViolationCase, table: RuleTable) -> list[Effect]:
    rule = table.rules[f"violation.{case.severity}"]
    start = violation_start(case, table)
    if case.revoked or start is None:
        return []
    natural_end = add_months(start, rule.months)
    repaired = case.repaired_on
    return [_effect(
        rule, case.fact, start, code=case.fact.data.get("code"),
        end=min(natural_end, repaired) if repaired else natural_end,
        objection_deadline=case.recorded_on + timedelta(days=table.objection_days),
        repair_eligible_on=add_months(start, rule.repair_after_months) if rule.repair_after_months else None,
    )]


def violation_start(case: ViolationCase, table: RuleTable = CURRENT) -> date | None:
    """When a violation's effect starts. A veto listing waits some days; an objection filed before then
    holds it until the ruling (None = held)."""
    if not table.rules[f"violation.{case.severity}"].veto:
        return case.recorded_on
    start = case.recorded_on + timedelta(days=table.listing_delay_days)
    if case.objection_on is None or case.objection_on > start:
        return start
    return None if case.ruling is None else max(start, case.ruling[0])


def _capped(raw: list[Effect], table: RuleTable) -> list[Effect]:
    """Drop positive effects of a capped group beyond its points in any rolling window."""
    groups = {r.key: r.cap_group for r in table.rules.values() if r.cap_group}
    kept: list[Effect] = []
    for e in raw:
        group = groups.get(e.rule)
        if group and e.points > 0:
            cap = table.caps[group]
            since = add_months(e.start, -cap.months)
            used = sum(k.points for k in kept if groups.get(k.rule) == group and since < k.start <= e.start)
            if used + e.points > cap.points:
                continue
        kept.append(e)
    return kept


def _deductions(every: list[Effect], day: date, table: RuleTable) -> int:
    since = add_months(day, -table.deduction_window_months)
    return -sum(e.points for e in every if e.points < 0 and e.in_force(day) and e.start > since)


def _rectification_until(every: list[Effect], as_of: date, table: RuleTable) -> date | None:
    """限期整改: listed for some months from a day deductions reach the threshold, unless already listed."""
    until = None
    for day in sorted({e.start for e in every if e.points < 0 and e.start <= as_of}):
        if (until is None or day >= until) and _deductions(every, day, table) >= table.rectification_threshold:
            until = add_months(day, table.rectification_months)
    return until if until and as_of < until else None
