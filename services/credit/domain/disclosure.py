"""What the public sees of an agency's violations (公开的违规记录): each violation whose effect is in force on
the day, dated. A revoked or repaired violation is no longer disclosed, nor one whose effect has ended; a
severe one held by an objection before its listing starts is not disclosed until the ruling.

Pure: facts, the rule book and the day in; plain dicts out (organisation facts only, no personal data).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .effects import violation_start
from .facts import Fact, cases
from .rules import RuleBook, add_months


def disclosed_violations(facts: Iterable[Fact], book: RuleBook, on: date) -> list[dict]:
    """The violations in force on `on`, the most recently recorded first."""
    found = []
    for case in cases(facts).values():
        if not case.key.startswith("violation:") or case.revoked or case.repaired_on is not None:
            continue
        table = book.on(case.notice_on)
        severity = case.fact.data["severity"]
        rule = table.rules[f"violation.{severity}"]
        start = violation_start(case, table)
        end = add_months(start, rule.months) if start else None
        if start is None or not start <= on < end:
            continue
        data = case.fact.data
        found.append(
            {
                "violation_id": data["violation_id"],
                "severity": severity,
                "code": data.get("code"),
                "description": data.get("description"),
                "recorded_by": data.get("recorded_by"),
                "recorded_on": case.dated.isoformat(),
                "in_force_from": start.isoformat(),
                "in_force_until": end.isoformat(),
                "objection_pending": case.objection_pending,
                "rule": rule.key,
                "title": rule.title,
                "points": rule.points,
                "repair_from": _repair_from(start, rule),
            }
        )
    return sorted(found, key=lambda v: (v["recorded_on"], v["violation_id"]), reverse=True)


def _repair_from(start: date, rule) -> str | None:
    """The first day credit repair (信用修复) may be applied for, if the rule allows it."""
    return None if rule.repair_after_months is None else add_months(start, rule.repair_after_months).isoformat()
