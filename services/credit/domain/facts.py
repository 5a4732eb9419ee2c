"""Stored facts of one agency and the cases they form: consumed events and due-process steps.

Pure: no I/O. A case is what one thing did to the agency (a contract, an inspection, a violation, an
at-fault termination) with its due-process steps; facts are deduplicated and read in a canonical order, so
delivery order never matters. Each fact records its notice day (the Jiaxing day it reached the platform):
a rating as of a day reads only the facts known by then.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from services.common.clock import jiaxing_day_of

# Due-process facts recorded by the credit service itself (not integration events).
OBJECTION_FILED = "objection-filed"  # 异议: about a violation or a claim
OBJECTION_RULED = "objection-ruled"
REPAIR_APPLIED = "repair-applied"  # 信用修复
REPAIR_DECIDED = "repair-decided"
CLAIM_ACCEPTED = "claim-accepted"  # the agency accepts a buyer's at-fault claim
DUE_PROCESS = (OBJECTION_FILED, OBJECTION_RULED, REPAIR_APPLIED, REPAIR_DECIDED, CLAIM_ACCEPTED)
# Service (送达) of a violation's or a buyer's claim's notice: notify delivered it (its notice-delivered, with the
# violation or the contract named by credit), or credit published it on the public site (公告送达).
NOTICE_DELIVERED = "notice-delivered"
NOTICE_PUBLISHED = "notice-published"
VOID, ENDED = "void", "ended"  # a revocation: the violation never stood (撤销), or its effect ends that day
# Staffing (人员配备): the agency's practitioners' events and its own profile events, trimmed to ids, days, kinds and
# hours (`domain/staffing.py`); together they are the agency's case `staffing:<agency>`.
TRAINING = "training-recorded"
PRACTITIONER_FACTS = ("practitioner-joined", "practitioner-left", "certificate-verified", TRAINING)
PROFILE_FACTS = ("agency-registered", "agency-updated")
STAFFING_FACTS = PRACTITIONER_FACTS + PROFILE_FACTS

#: the type that opens a case and the field naming its subject; two such facts about one subject are one
PRIMARY = {
    "contract-completed": ("contract", "contract_id"),
    "contract-terminated": ("claim", "contract_id"),
    "inspection-completed": ("inspection", "inspection_id"),
    "violation-recorded": ("violation", "violation_id"),
}


@dataclass(frozen=True)
class Fact:
    """A stored fact: an event id, its type, its UTC time (ISO 8601), its data, the day it reached us."""

    id: str
    type: str
    time: str
    data: Mapping[str, Any]
    noticed_on: date | None = None  # default: the Jiaxing day of `time`

    @property
    def day(self) -> date:
        """The Jiaxing day of the fact's time."""
        return jiaxing_day_of(self.time)

    @property
    def notice(self) -> date:
        return self.noticed_on or self.day

    def date(self, name: str) -> date:
        return date.fromisoformat(self.data[name])

    def sort_key(self) -> tuple:
        """Known first, then by time: a duplicate arriving later never replaces what was already rated."""
        return self.notice, self.time, self.id, json.dumps(self.data, sort_keys=True, ensure_ascii=False)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "time": self.time,
            "data": dict(self.data),
            "noticed_on": self.notice.isoformat(),
        }

    @classmethod
    def from_dict(cls, doc: Mapping[str, Any]) -> Fact:
        noticed = doc.get("noticed_on")
        return cls(
            id=doc["id"],
            type=doc["type"],
            time=doc["time"],
            data=doc["data"],
            noticed_on=date.fromisoformat(noticed) if noticed else None,
        )


def case_key(fact: Fact) -> str | None:
    """The case a fact belongs to: `violation:<id>`, `claim:<contract>`, `contract:<id>`, `inspection:<id>`,
    `staffing:<agency>`."""
    if fact.type in PRIMARY:
        kind, name = PRIMARY[fact.type]
        return f"{kind}:{fact.data[name]}"
    if fact.type in STAFFING_FACTS:
        return f"staffing:{fact.data['agency_id']}"
    if fact.type == "violation-revoked" or "violation_id" in fact.data:
        return f"violation:{fact.data['violation_id']}"
    if fact.type in (*DUE_PROCESS, NOTICE_DELIVERED, NOTICE_PUBLISHED) and "contract_id" in fact.data:
        return f"claim:{fact.data['contract_id']}"
    return None


def subject_of(key: str) -> dict:
    """The field naming a violation's or a claim's subject in the facts about it."""
    return {"violation_id" if key.startswith("violation:") else "contract_id": key.split(":", 1)[1]}


def canonical(facts: Iterable[Fact]) -> list[Fact]:
    """Facts in time order, without duplicates (same id, or the same subject of a primary type: first wins)."""
    seen: set = set()
    out = []
    for fact in sorted(facts, key=Fact.sort_key):
        keys = {("id", fact.id)} | ({(fact.type, case_key(fact))} if fact.type in PRIMARY else set())
        if keys & seen:
            continue
        seen |= keys
        out.append(fact)
    return out


@dataclass
class Case:
    """One primary fact and its due-process steps (异议、信用修复、撤销)."""

    fact: Fact
    objection_on: date | None = None
    ruling: tuple[date, bool] | None = None  # (ruled on, upheld)
    ruling_note: str | None = None
    accepted_on: date | None = None  # claims: the agency accepted
    revocation: dict | None = None  # violations: the violation-revoked data and day
    service: tuple[date, str, str | None] | None = None  # the first service known (day, how, channel)
    applications: list[date] = field(default_factory=list)
    decisions: list[tuple[date, bool]] = field(default_factory=list)  # (decided on, approved)

    @property
    def key(self) -> str:
        return case_key(self.fact)

    @property
    def dated(self) -> date:
        """The day the fact itself is dated (a violation's recorded_on, a contract's completion...)."""
        name = {
            "contract-completed": "completed_on",
            "contract-terminated": "terminated_on",
            "inspection-completed": "inspected_on",
            "violation-recorded": "recorded_on",
        }[self.fact.type]
        return self.fact.date(name) if self.fact.data.get(name) else self.fact.day

    @property
    def notice_on(self) -> date:
        """The notice day: when the fact reached the platform (credit took it in), never before the day it is
        dated. Effects start from it; a violation's (a claim's) objection window and listing delay run from its service
        (`service.served`) when its rule table says so."""
        return max(self.fact.notice, self.dated)

    @property
    def revoked(self) -> bool:
        return self.revocation is not None or bool(self.ruling and self.ruling[1])

    @property
    def voided(self) -> bool:
        """The violation never stood: an upheld objection, or a revocation as void (撤销; old events say none)."""
        upheld = bool(self.ruling and self.ruling[1])
        return upheld or (self.revocation is not None and self.revocation.get("kind", VOID) == VOID)

    @property
    def revoked_on(self) -> date | None:
        """The day a violation was revoked (violation-revoked reached the platform, or an objection was upheld)."""
        days = [date.fromisoformat(self.revocation["revoked_on"])] if self.revocation else []
        days += [self.ruling[0]] if self.ruling and self.ruling[1] else []
        return min(days, default=None)

    @property
    def ended_on(self) -> date | None:
        """The day a revocation that is not void (提前移出) ended the violation's effect."""
        if self.revocation is None or self.voided:
            return None
        return date.fromisoformat(self.revocation["revoked_on"])

    @property
    def objection_pending(self) -> bool:
        return self.objection_on is not None and self.ruling is None

    @property
    def repaired_on(self) -> date | None:
        return min((on for on, approved in self.decisions if approved), default=None)

    @property
    def repair_pending(self) -> bool:
        return len(self.applications) > len(self.decisions)


def cases(facts: Iterable[Fact]) -> dict[str, Case]:
    """Cases by key; steps about an unknown case are ignored (until its fact arrives)."""
    ordered = canonical(facts)
    found = {case_key(f): Case(f) for f in ordered if f.type in PRIMARY}
    for fact in ordered:
        case = found.get(case_key(fact))
        if case is not None and fact.type not in PRIMARY:
            _apply(case, fact)
    return found


def _apply(case: Case, fact: Fact) -> None:
    if fact.type == "violation-revoked" and (case.revocation is None or _voids(fact, case)):
        case.revocation = {**fact.data, "revoked_on": fact.notice.isoformat()}  # a later void one still voids
    elif fact.type in (NOTICE_DELIVERED, NOTICE_PUBLISHED) and case.service is None:
        case.service = _service(fact)
    elif fact.type == OBJECTION_FILED and case.objection_on is None:
        case.objection_on = fact.date("filed_on")
    elif fact.type == OBJECTION_RULED and case.ruling is None:
        case.ruling = (fact.date("ruled_on"), bool(fact.data["upheld"]))
        case.ruling_note = fact.data.get("note")
    elif fact.type == CLAIM_ACCEPTED and case.accepted_on is None:
        case.accepted_on = fact.date("accepted_on")
    elif fact.type == REPAIR_APPLIED:
        case.applications.append(fact.date("applied_on"))
    elif fact.type == REPAIR_DECIDED:
        case.decisions.append((fact.date("decided_on"), bool(fact.data["approved"])))


def _voids(revocation: Fact, case: Case) -> bool:
    """A void revocation of a violation an earlier revocation only ended."""
    return revocation.data.get("kind", VOID) == VOID and case.revocation.get("kind", VOID) != VOID


def _service(fact: Fact) -> tuple[date, str, str | None]:
    """(day, how, channel): a delivery on its Jiaxing day (never after credit heard of it), a public notice on the day
    it was published."""
    if fact.type == NOTICE_PUBLISHED:
        return fact.date("published_on"), "public_notice", None
    return min(jiaxing_day_of(fact.data["delivered_at"]), fact.notice), "delivered", fact.data.get("channel")


def known_by(facts: Iterable[Fact], day: date) -> list[Fact]:
    """The facts that had reached the platform by the end of `day`."""
    return [f for f in facts if f.notice <= day]


def noticed(fact: Fact, day: date) -> Fact:
    """The fact with its notice day set (when it is stored)."""
    return replace(fact, noticed_on=day)
