"""Due process (异议、信用修复、撤销): which steps are allowed on a violation or an at-fault claim, the fact each
records, and where a case stands.

Pure: each step takes the case's stored facts and returns (fact type, fact data) or raises a domain error
(`UnknownCase` is a NotFound, `NotAllowed` a Conflict). A violation's and a buyer's claim's objection window runs
from its service (an objection before it is served is in time).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from services.common.errors import Conflict, NotFound

from .effects import claim_start, objection_deadline, violation_start
from .facts import (
    CLAIM_ACCEPTED,
    OBJECTION_FILED,
    OBJECTION_RULED,
    REPAIR_APPLIED,
    REPAIR_DECIDED,
    VOID,
    Case,
    Fact,
    cases,
    subject_of,
)
from .rules import RuleBook, add_months
from .service import served


class UnknownCase(NotFound):
    """No such violation or claim for this agency."""


class NotAllowed(Conflict):
    """Not allowed in the case's current state."""


def object_to(facts: Iterable[Fact], key: str, on: date, reason: str, book: RuleBook) -> tuple[str, dict]:
    """The agency objects (异议) within the objection period, counted from the service of the notice."""
    case = _open(facts, key)
    if case.objection_on is not None:
        raise NotAllowed("an objection was already filed")
    if case.accepted_on is not None:
        raise NotAllowed("the claim was accepted")
    deadline = objection_deadline(case, book.on(case.notice_on))
    if deadline is not None and on > deadline:
        raise NotAllowed(f"the objection window closed on {deadline.isoformat()}")
    return OBJECTION_FILED, {**subject_of(key), "filed_on": on.isoformat(), "reason": reason}


def rule_on_objection(facts: Iterable[Fact], key: str, on: date, upheld: bool, note: str) -> tuple[str, dict]:
    """A regulator rules on a pending objection: upheld revokes the violation or dismisses the claim."""
    case = _open(facts, key)
    if not case.objection_pending:
        raise NotAllowed("no objection is pending")
    return OBJECTION_RULED, {**subject_of(key), "ruled_on": on.isoformat(), "upheld": upheld, "note": note}


def accept_claim(facts: Iterable[Fact], key: str, on: date, book: RuleBook) -> tuple[str, dict]:
    """The agency accepts a buyer's at-fault claim: it takes effect that day."""
    case = _open(facts, key)
    state = claim_state(case, book, on)
    if state != "open":
        raise NotAllowed(f"the claim is {state}")
    return CLAIM_ACCEPTED, {**subject_of(key), "accepted_on": on.isoformat()}


def apply_for_repair(facts: Iterable[Fact], key: str, on: date, evidence: str, book: RuleBook) -> tuple[str, dict]:
    """The agency applies for credit repair (信用修复) after the minimum period, while the effect lasts."""
    case = _open(facts, key)
    eligible, end = repair_window(case, book)
    if eligible is None:
        raise NotAllowed(f"a {case.fact.data['severity']} violation in this state cannot be repaired")
    if on < eligible:
        raise NotAllowed(f"repair may be applied for from {eligible.isoformat()}")
    if on >= end:
        raise NotAllowed("the effect has already ended")
    if case.repair_pending:
        raise NotAllowed("a repair application is already pending")
    return REPAIR_APPLIED, {**subject_of(key), "applied_on": on.isoformat(), "evidence": evidence}


def decide_repair(facts: Iterable[Fact], key: str, on: date, approved: bool, note: str) -> tuple[str, dict]:
    """A regulator approves (the effect ends that day) or refuses a pending repair application."""
    case = _open(facts, key)
    if not case.repair_pending:
        raise NotAllowed("no repair application is pending")
    return REPAIR_DECIDED, {**subject_of(key), "decided_on": on.isoformat(), "approved": approved, "note": note}


def revocable(facts: Iterable[Fact], key: str) -> Case:
    """A violation a regulator may still revoke (withdraw as recorded in error)."""
    return _open(facts, key)


def repair_window(case: Case, book: RuleBook) -> tuple[date | None, date | None]:
    """(first day repair may be applied for, day the effect ends); (None, None) if it cannot be repaired."""
    table = book.on(case.notice_on)
    rule = table.rules[f"violation.{case.fact.data['severity']}"]
    start = violation_start(case, table)
    if rule.repair_after_months is None or start is None or case.repaired_on is not None or case.revoked:
        return None, None
    return add_months(start, rule.repair_after_months), add_months(start, rule.months)


def claim_state(case: Case, book: RuleBook, on: date) -> str:
    """none (no effect) | admitted | open (not served, or the objection period running) | contested | accepted |
    uncontested |
    confirmed | dismissed."""
    data = case.fact.data
    if data.get("at_fault") != "agency" or not data.get("signed_on"):
        return "none"
    if data.get("terminated_by") == "agency":
        return "admitted"
    if case.objection_on is not None:
        return "contested" if case.ruling is None else ("dismissed" if case.ruling[1] else "confirmed")
    if case.accepted_on is not None:
        return "accepted"
    deadline = objection_deadline(case, book.on(case.notice_on))
    return "open" if deadline is None or on <= deadline else "uncontested"


def violation_status(case: Case, book: RuleBook) -> dict:
    """Where a violation stands in due process (for the agency and the regulator): how and when it was served and
    what runs from then."""
    table = book.on(case.notice_on)
    eligible, _ = repair_window(case, book)
    start, service, deadline = violation_start(case, table), served(case, table), objection_deadline(case, table)
    revoked = case.revoked_on
    return {
        "violation_id": case.fact.data["violation_id"],
        "severity": case.fact.data["severity"],
        "code": case.fact.data.get("code"),
        "source_event_id": case.fact.id,
        "recorded_on": case.dated.isoformat(),
        "notice_on": case.notice_on.isoformat(),
        "served_on": service.on.isoformat() if service else None,
        "served_by": service.method if service else None,
        "served_channel": service.channel if service else None,
        "objection_deadline": deadline.isoformat() if deadline else None,
        "objection": _objection(case),
        "revoked": case.revoked,
        "revoked_on": revoked.isoformat() if revoked else None,
        "revocation_kind": (VOID if case.voided else "ended") if case.revoked else None,
        "revocation_reason": (case.revocation or {}).get("reason") or _upheld_note(case),
        "revoked_by": (case.revocation or {}).get("revoked_by"),
        "effect_start": start.isoformat() if start else None,
        "repair_eligible_on": eligible.isoformat() if eligible else None,
        "repair": "pending" if case.repair_pending else ("approved" if case.repaired_on else None),
    }


def statuses(facts: Iterable[Fact], book: RuleBook, on: date) -> tuple[list[dict], list[dict]]:
    """(violations, claims) with their due-process status on a day."""
    found = cases(facts).values()
    claims = [c for c in found if c.key.startswith("claim:") and claim_state(c, book, on) != "none"]
    return (
        [violation_status(c, book) for c in found if c.key.startswith("violation:")],
        [claim_status(c, book, on) for c in claims],
    )


def claim_status(case: Case, book: RuleBook, on: date) -> dict:
    table = book.on(case.notice_on)
    start, service, deadline = claim_start(case, table), served(case, table), objection_deadline(case, table)
    return {
        "contract_id": case.fact.data["contract_id"],
        "source_event_id": case.fact.id,
        "terminated_on": case.dated.isoformat(),
        "notice_on": case.notice_on.isoformat(),
        "terminated_by": case.fact.data.get("terminated_by") or "buyer",
        "reason": case.fact.data.get("reason"),
        "served_on": service.on.isoformat() if service else None,
        "served_by": service.method if service else None,
        "served_channel": service.channel if service else None,
        "objection_deadline": deadline.isoformat() if deadline else None,
        "state": claim_state(case, book, on),
        "objection": _objection(case),
        "effect_start": start.isoformat() if start else None,
    }


def _objection(case: Case) -> str | None:
    if case.objection_on is None:
        return None
    return "pending" if case.ruling is None else ("upheld" if case.ruling[1] else "rejected")


def _upheld_note(case: Case) -> str | None:
    return f"objection upheld: {case.ruling_note or '-'}" if case.ruling and case.ruling[1] else None


def _open(facts: Iterable[Fact], key: str) -> Case:
    case = cases(facts).get(key)
    if case is None:
        raise UnknownCase(f"no {key.replace(':', ' ')} for this agency")
    if case.revoked:
        raise NotAllowed("the violation was revoked" if key.startswith("violation:") else "the claim was dismissed")
    return case
