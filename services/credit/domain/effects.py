"""What each case does to the score (an `Effect` per rule it triggers), and when.

Pure. Every effect starts on or after its case's notice day; a case is rated by the rule table in force on
its notice day (never before the day it is dated), so a new table is never retroactive. A violation's objection
window and listing delay, and a buyer's claim's objection period, run from its service (`service.served`); a void
violation has no effect on any day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from services.common.events.catalogue.matching import buyer_claim
from services.common.storage.mapping import from_plain, to_plain

from .facts import Case, Fact, cases
from .rules import Rule, RuleBook, RuleTable, add_months
from .service import Service, served


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
    served_on: date | None = None  # the day the objection window (a listing's delay) runs from
    served_by: str | None = None  # how: delivered, public_notice, notice_day; None while not served
    repair_eligible_on: date | None = None
    veto: bool = False
    cap_group: str | None = None
    capped: int = 0  # points withheld on the rating day: a bonus by its group's cap, a capped term's deductions
    note: str | None = None  # a term of the rating day explained in Chinese (人员配备、继续教育)

    def in_force(self, day: date) -> bool:
        return self.start <= day < self.end

    def to_dict(self) -> dict:
        return to_plain(self)

    @classmethod
    def from_dict(cls, doc: dict) -> Effect:
        return from_plain(cls, doc)


def effects(facts: Iterable[Fact], book: RuleBook) -> list[Effect]:
    """Every effect of the facts' cases, in a canonical order."""
    found = [e for case in cases(facts).values() for e in case_effects(case, book)]
    return sorted(found, key=lambda e: (e.start, e.source_event_id, e.rule))


def case_effects(case: Case, book: RuleBook) -> list[Effect]:
    """The effects of one case (none while due process holds it)."""
    table = book.on(case.notice_on)
    kind = case.key.split(":", 1)[0]
    if kind == "violation":
        return _violation(case, table)
    if kind == "claim":
        return _claim(case, table)
    if kind == "inspection":
        return _inspection(case, table)
    rule = table.rules["contract.on_time" if case.fact.data["on_time"] else "contract.late"]
    return [_effect(rule, case, case.notice_on)]


def clock_start(case: Case, table: RuleTable) -> date | None:
    """The day a case's objection window runs from: its service (None while a violation or a buyer's claim waits
    for one; the notice day of other cases)."""
    service = served(case, table)
    return service.on if service else None


def objection_deadline(case: Case, table: RuleTable) -> date | None:
    """The last day to object (异议): some days from the clock's start (None: not yet served)."""
    start = clock_start(case, table)
    return start + timedelta(days=table.objection_days) if start else None


def violation_start(case: Case, table: RuleTable) -> date | None:
    """When a violation's effect starts: the notice day; a veto listing some days after its service (never before
    the notice day), and an objection filed before then holds it until the ruling (None = void, unserved or held)."""
    rule = table.rules[f"violation.{case.fact.data['severity']}"]
    if case.voided:
        return None
    if not rule.veto:
        return case.notice_on
    service = served(case, table)
    if service is None:
        return None
    start = max(service.on + timedelta(days=table.listing_delay_days), case.notice_on)
    if case.objection_on is None or case.objection_on > start:
        return start
    return None if case.ruling is None else max(start, case.ruling[0])


def claim_start(case: Case, table: RuleTable) -> date | None:
    """When an at-fault claim takes effect: accepted, the day after an uncontested objection period (which runs
    from its service), or the day a regulator confirms it after a contest (None = pending, unserved, dismissed or
    not a claim)."""
    data = case.fact.data
    if data.get("at_fault") != "agency" or not data.get("signed_on"):
        return None  # not at fault, or an unsigned contract (withdrawn, not terminated)
    if not buyer_claim(data):
        return case.notice_on  # the agency's own admission
    deadline = objection_deadline(case, table)
    closes = deadline + timedelta(days=1) if deadline else None  # the day after the period
    if case.objection_on is not None and (closes is None or case.objection_on < closes):
        return None if case.ruling is None or case.ruling[1] else max(case.ruling[0], case.notice_on)
    if case.accepted_on is not None:
        return max(min(d for d in (case.accepted_on, closes) if d), case.notice_on)
    return max(closes, case.notice_on) if closes else None


@dataclass(frozen=True)
class Schedule:
    """A served violation's dates (violation-served)."""

    service: Service
    objection_deadline: date  # the last day to object (异议), included
    start: date | None  # its points count from then (a severe one: the listing); None: held or no effect
    end: date | None  # ... up to, not including
    points: int
    listed: bool  # a severe violation (一票否决): grade D and the severe-dishonesty list while in force


def schedule(case: Case, book: RuleBook) -> Schedule | None:
    """A violation's dates from its service (None while unserved)."""
    table = book.on(case.notice_on)
    service, rule = served(case, table), table.rules[f"violation.{case.fact.data['severity']}"]
    if service is None:
        return None
    effect = next(iter(_violation(case, table)), None)
    start, end = (effect.start, effect.end) if effect else (None, None)
    return Schedule(service, objection_deadline(case, table), start, end, rule.points, rule.veto)


def _effect(
    rule: Rule,
    case: Case,
    start: date,
    points: int | None = None,
    code: str | None = None,
    end: date | None = None,
    **extra,
) -> Effect:
    return Effect(
        rule=rule.key,
        reason_code=code or rule.key,
        dimension=rule.dimension,
        points=rule.points if points is None else points,
        source_event_id=case.fact.id,
        start=start,
        end=end or add_months(start, rule.months),
        veto=rule.veto,
        cap_group=rule.cap_group,
        **extra,
    )


def _claim(case: Case, table: RuleTable) -> list[Effect]:
    start = claim_start(case, table)
    if start is None:
        return []
    rule, deadline = table.rules["contract.terminated_at_fault"], objection_deadline(case, table)
    service = served(case, table)  # None: accepted, or contested and confirmed, before it was served
    return [
        _effect(
            rule,
            case,
            start,
            objection_deadline=deadline,
            served_on=service.on if service else None,
            served_by=service.method if service else None,
        )
    ]


def _inspection(case: Case, table: RuleTable) -> list[Effect]:
    rules, data, on = table.rules, case.fact.data, case.notice_on
    if data["kind"] == "mutual_inspection":
        return [_effect(rules["mutual_inspection.passed"], case, on)] if data["passed"] else []
    if data["kind"] != "quality_spot_check":
        return []
    if not data["passed"]:
        return [_effect(rules["spot_check.failed"], case, on)]
    finding = rules["spot_check.finding"]
    findings = min(int(data.get("findings") or 0) * -finding.points, finding.per_event_cap or 10**9)
    out = [_effect(rules["spot_check.passed"], case, on)]
    return out + ([_effect(finding, case, on, points=-findings)] if findings else [])


def _violation(case: Case, table: RuleTable) -> list[Effect]:
    rule = table.rules[f"violation.{case.fact.data['severity']}"]
    start = violation_start(case, table)
    if start is None:
        return []
    end = min(d for d in (add_months(start, rule.months), case.repaired_on, case.ended_on) if d)
    if end <= start:
        return []
    service = served(case, table)
    return [
        _effect(
            rule,
            case,
            start,
            code=case.fact.data.get("code"),
            end=end,
            objection_deadline=objection_deadline(case, table),
            served_on=service.on if service else None,
            served_by=service.method if service else None,
            repair_eligible_on=add_months(start, rule.repair_after_months) if rule.repair_after_months else None,
        )
    ]
