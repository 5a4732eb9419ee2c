"""Stored facts of one agency: consumed events and due-process facts (异议、信用修复), and the violation cases built from them.

Pure: no I/O. Facts are deduplicated by id and read in a canonical order, so delivery order never matters.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping

from services.common.clock import jiaxing_day_of

# Due-process facts recorded by the credit service itself (not integration events).
OBJECTION_FILED = "objection-filed"
OBJECTION_RULED = "objection-ruled"
REPAIR_APPLIED = "repair-applied"
REPAIR_DECIDED = "repair-decided"
DUE_PROCESS = (OBJECTION_FILED, OBJECTION_RULED, REPAIR_APPLIED, REPAIR_DECIDED)

#: the field that names the thing a fact is about, per type: two facts of a type about one thing are one fact
NATURAL_KEYS = {
    "contract-completed": "contract_id",
    "contract-terminated": "contract_id",
    "inspection-completed": "inspection_id",
    "violation-recorded": "violation_id",
}


@dataclass(frozen=True)
class Fact:
    """A stored fact: an event id, its type, its UTC time (ISO 8601) and its data (JSON values)."""

    id: str
    type: str
    time: str
    data: Mapping[str, Any]

    @property
    def day(self) -> date:
        """The Jiaxing day of the fact's time."""
        return jiaxing_day_of(self.time)

    def date(self, name: str) -> date:
        return date.fromisoformat(self.data[name])

    def sort_key(self) -> tuple:
        return self.time, self.id, json.dumps(self.data, sort_keys=True, ensure_ascii=False)

    def to_dict(self) -> dict:
        return {"id": self.id, "type": self.type, "time": self.time, "data": dict(self.data)}

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> "Fact":
        return cls(id=doc["id"], type=doc["type"], time=doc["time"], data=doc["data"])


def canonical(facts: Iterable[Fact]) -> list[Fact]:
    """Facts in time order, without duplicates (same id, or same natural key of a type; the first one wins)."""
    seen: set = set()
    out = []
    for fact in sorted(facts, key=Fact.sort_key):
        natural = NATURAL_KEYS.get(fact.type)
        keys = {("id", fact.id)} | ({(fact.type, fact.data.get(natural))} if natural else set())
        if keys & seen:
            continue
        seen |= keys
        out.append(fact)
    return out


@dataclass
class ViolationCase:
    """One violation and what due process made of it."""

    fact: Fact
    revoked: bool = False
    objection_on: date | None = None
    ruling: tuple[date, bool] | None = None  # (ruled on, upheld)
    applications: list[date] = field(default_factory=list)
    decisions: list[tuple[date, bool]] = field(default_factory=list)  # (decided on, approved)

    @property
    def violation_id(self) -> str:
        return self.fact.data["violation_id"]

    @property
    def severity(self) -> str:
        return self.fact.data["severity"]

    @property
    def recorded_on(self) -> date:
        """The day the violation was recorded (or the event's day): objection and listing clocks start here."""
        value = self.fact.data.get("recorded_on")
        return date.fromisoformat(value) if value else self.fact.day

    @property
    def objection_pending(self) -> bool:
        return self.objection_on is not None and self.ruling is None

    @property
    def repaired_on(self) -> date | None:
        return min((on for on, approved in self.decisions if approved), default=None)

    @property
    def repair_pending(self) -> bool:
        return len(self.applications) > len(self.decisions)


def cases(facts: Iterable[Fact]) -> dict[str, ViolationCase]:
    """Violation cases by violation id; due-process facts about unknown violations are ignored."""
    ordered = canonical(facts)
    found = {f.data["violation_id"]: ViolationCase(f) for f in ordered if f.type == "violation-recorded"}
    for fact in ordered:
        case = found.get(fact.data.get("violation_id"))
        if case is not None:
            _apply(case, fact)
    return found


def _apply(case: ViolationCase, fact: Fact) -> None:
    if fact.type == "violation-revoked":
        case.revoked = True
    elif fact.type == OBJECTION_FILED and case.objection_on is None:
        case.objection_on = fact.date("filed_on")
    elif fact.type == OBJECTION_RULED and case.ruling is None:
        case.ruling = (fact.date("ruled_on"), bool(fact.data["upheld"]))
        case.revoked = case.revoked or case.ruling[1]
    elif fact.type == REPAIR_APPLIED:
        case.applications.append(fact.date("applied_on"))
    elif fact.type == REPAIR_DECIDED:
        case.decisions.append((fact.date("decided_on"), bool(fact.data["approved"])))
