"""Due process (异议、信用修复): which commands are allowed on a violation, and the fact each one records.

Pure: each function takes the agency's stored facts and returns (fact type, fact data) or raises a domain
error (`UnknownViolation` is a NotFound, `NotAllowed` a Conflict).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from services.common.errors import Conflict, NotFound

from .facts import (OBJECTION_FILED, OBJECTION_RULED, REPAIR_APPLIED, REPAIR_DECIDED, Fact, ViolationCase,
                    cases)
from .rating import violation_start
from .rules import CURRENT, RuleTable, add_months


class UnknownViolation(NotFound):
    """No such violation for this agency."""


class NotAllowed(Conflict):
    """Not allowed in the violation's current state."""


def object_to(facts: Iterable[Fact], violation_id: str, on: date, reason: str,
              table: RuleTable = CURRENT) -> tuple[str, dict]:
    """The agency objects (异议) within the objection window."""
    case = _open_case(facts, violation_id)
    if case.objection_on is not None:
        raise NotAllowed("an objection to this violation was already filed")
    deadline = case.recorded_on + timedelta(days=table.objection_days)
    if on > deadline:
        raise NotAllowed(f"the objection window closed on {deadline.isoformat()}")
    return OBJECTION_FILED, {"violation_id": violation_id, "filed_on": on.isoformat(), "reason": reason}


def rule_on_objection(facts: Iterable[Fact], violation_id: str, on: date, upheld: bool,
                      note: str) -> tuple[str, dict]:
    """A regulator rules on a pending objection; upheld revokes the violation."""
    case = _open_case(facts, violation_id)
    if not case.objection_pending:
        raise NotAllowed("no objection to this violation is pending")
    return OBJECTION_RULED, {"violation_id": violation_id, "ruled_on": on.isoformat(), "upheld": upheld,
                             "note": note}


def apply_for_repair(facts: Iterable[Fact], violation_id: str, on: date, evidence: str,
                     table: RuleTable = CURRENT) -> tuple[str, dict]:
    """The agency applies for credit repair (信用修复) after the minimum period, while the effect lasts."""
    case = _open_case(facts, violation_id)
    eligible, end = repair_window(case, table)
    if eligible is None:
        raise NotAllowed(f"a {case.severity} violation in this state cannot be repaired")
    if on < eligible:
        raise NotAllowed(f"repair may be applied for from {eligible.isoformat()}")
    if on >= end:
        raise NotAllowed("the effect has already ended")
    if case.repair_pending:
        raise NotAllowed("a repair application is already pending")
    return REPAIR_APPLIED, {"violation_id": violation_id, "applied_on": on.isoformat(), "evidence": evidence}


def decide_repair(facts: Iterable[Fact], violation_id: str, on: date, approved: bool,
                  note: str) -> tuple[str, dict]:
    """A regulator approves (the effect ends that day) or refuses a pending repair application."""
    case = _open_case(facts, violation_id)
    if not case.repair_pending:
        raise NotAllowed("no repair application is pending")
    return REPAIR_DECIDED, {"violation_id": violation_id, "decided_on": on.isoformat(), "approved": approved,
                            "note": note}


def repair_window(case: ViolationCase, table: RuleTable = CURRENT) -> tuple[date | None, date | None]:
    """(first day repair may be applied for, day the effect ends); (None, None) if it cannot be repaired."""
    rule = table.rules[f"violation.{case.severity}"]
    start = violation_start(case, table)
    if rule.repair_after_months is None or start is None or case.repaired_on is not None:
        return None, None
    return add_months(start, rule.repair_after_months), add_months(start, rule.months)


def _open_case(facts: Iterable[Fact], violation_id: str) -> ViolationCase:
    case = cases(facts).get(violation_id)
    if case is None:
        raise UnknownViolation(f"no violation {violation_id!r} for this agency")
    if case.revoked:
        raise NotAllowed("the violation was revoked")
    return case


def status(case: ViolationCase, table: RuleTable = CURRENT) -> dict:
    """Where a violation stands in due process (for the agency and the regulator)."""
    eligible, _ = repair_window(case, table)
    start = violation_start(case, table)
    return {
        "violation_id": case.violation_id, "severity": case.severity, "code": case.fact.data.get("code"),
        "source_event_id": case.fact.id, "recorded_on": case.recorded_on.isoformat(),
        "objection_deadline": (case.recorded_on + timedelta(days=table.objection_days)).isoformat(),
        "objection": None if case.objection_on is None else (
            "pending" if case.ruling is None else ("upheld" if case.ruling[1] else "rejected")),
        "revoked": case.revoked, "effect_start": start.isoformat() if start else None,
        "repair_eligible_on": eligible.isoformat() if eligible else None,
        "repair": "pending" if case.repair_pending else ("approved" if case.repaired_on else None),
    }
