"""Service contracts (服务合同) and the inspections an agency records under them: pure domain, no I/O.

pending (awaiting both signatures) → signed → completed | terminated; pending → withdrawn.

An unsigned contract is withdrawn (撤回) by either side: nobody outside matching ever knew of it, so nothing is
published and nobody is at fault. Only a signed contract is terminated, and the event says which side ended it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from services.common.clock import jiaxing_day

from .demand import Demand, Offer
from .refusals import IllegalTransition, Refused

PARTIES = ("buyer", "agency")
AT_FAULT = ("agency", "buyer", "none")


class ContractStatus(StrEnum):
    PENDING = "pending"
    SIGNED = "signed"
    COMPLETED = "completed"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"


#: still running: each counts against its agency in the fairness term of a recommendation
RUNNING = (ContractStatus.PENDING, ContractStatus.SIGNED)


@dataclass
class Contract:
    id: str
    demand_id: str
    offer_id: str
    agency_id: str
    buyer_id: str
    buyer_type: str
    category: str
    county: str
    town: str | None
    industry: str | None
    enterprise_id: str | None
    price_fen: int
    duration_days: int
    created_at: datetime
    status: ContractStatus = ContractStatus.PENDING
    buyer_signed_at: datetime | None = None
    agency_signed_at: datetime | None = None
    signed_on: date | None = None
    completed_on: date | None = None
    on_time: bool | None = None
    score: int | None = None
    terminated_on: date | None = None
    terminated_by: str | None = None  # the party that ended it: "buyer" | "agency"
    at_fault: str | None = None
    reason: str | None = None
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None

    @classmethod
    def award(cls, contract_id: str, demand: Demand, offer: Offer, now: datetime) -> Contract:
        """The contract that follows the buyer accepting an offer (both parties still have to sign)."""
        if demand.awarded_offer_id != offer.id:
            raise Refused("a contract needs the offer the buyer accepted")
        return cls(
            id=contract_id,
            demand_id=demand.id,
            offer_id=offer.id,
            agency_id=offer.agency_id,
            buyer_id=demand.buyer_id,
            buyer_type=demand.buyer_type,
            category=demand.category,
            county=demand.county,
            town=demand.town,
            industry=demand.industry,
            enterprise_id=demand.enterprise_id,
            price_fen=offer.price_fen,
            duration_days=offer.duration_days,
            created_at=now,
        )

    def _require(self, action: str, *allowed: ContractStatus) -> None:
        if self.status not in allowed:
            raise IllegalTransition("contract", self.status, action)

    def sign(self, party: str, now: datetime) -> bool:
        """One party signs; True when this signature completes the contract (→ contract-signed)."""
        self._require("sign", ContractStatus.PENDING)
        _check_party(party)
        attr = {"buyer": "buyer_signed_at", "agency": "agency_signed_at"}[party]
        if getattr(self, attr) is not None:
            raise IllegalTransition("contract", f"already {party}-signed", "sign again")
        setattr(self, attr, now)
        if self.buyer_signed_at and self.agency_signed_at:
            self.status, self.signed_on = ContractStatus.SIGNED, jiaxing_day(now)
            return True
        return False

    def complete(self, on: date, on_time: bool, score: int, today: date | None = None) -> None:
        """The buyer accepts delivery (验收) with an on-time flag and a 1–5 score."""
        self._require("complete", ContractStatus.SIGNED)
        if not 1 <= score <= 5:
            raise Refused("the score is 1 to 5")
        if on < self.signed_on:
            raise Refused("completion cannot be before signing")
        _not_after(on, today, "completion")
        self.status, self.completed_on, self.on_time, self.score = ContractStatus.COMPLETED, on, on_time, score

    def withdraw(self, party: str, now: datetime, reason: str | None) -> None:
        """Either party withdraws an unsigned contract: no fault, no credit effect, nothing published."""
        self._require("withdraw", ContractStatus.PENDING)
        _check_party(party)
        self.status, self.withdrawn_at, self.withdrawn_by, self.reason = ContractStatus.WITHDRAWN, now, party, reason

    def terminate(self, on: date, at_fault: str, reason: str, by: str, today: date | None = None) -> None:
        """Party `by` ends a signed contract early, naming the party at fault (agency, buyer or none).

        A buyer naming the agency at fault is a claim the agency may contest (credit's due process); the
        agency naming itself is an admission.
        """
        self._require("terminate", ContractStatus.SIGNED)
        _check_party(by)
        if at_fault not in AT_FAULT:
            raise Refused(f"at_fault is one of {AT_FAULT}")
        if on < self.signed_on:
            raise Refused("termination cannot be before signing")
        _not_after(on, today, "termination")
        self.status, self.terminated_on, self.terminated_by = ContractStatus.TERMINATED, on, by
        self.at_fault, self.reason = at_fault, reason

    def inspection(self, inspection_id: str, today: date, **found) -> Inspection:
        """The inspection or hazard investigation (隐患排查) the agency made under this signed contract, dated
        between signing and today; `found` is its date, counts and summary."""
        inspection = Inspection(id=inspection_id, contract_id=self.id, agency_id=self.agency_id, **found)
        self._require("record an inspection under", ContractStatus.SIGNED)
        if not self.signed_on <= inspection.inspected_on <= today:
            raise Refused("the inspection date must be between signing and today")
        return inspection


def _check_party(party: str) -> None:
    if party not in PARTIES:
        raise Refused(f"unknown party {party!r}")


def _not_after(on: date, today: date | None, what: str) -> None:
    if today is not None and on > today:
        raise Refused(f"{what} cannot be dated in the future")


@dataclass(frozen=True)
class Inspection:
    """On-site inspection by the agency for the buyer: hazards found by level and how many were rectified."""

    id: str
    contract_id: str
    agency_id: str
    inspected_on: date
    hazards_general: int = 0
    hazards_major: int = 0
    hazards_rectified: int = 0
    findings: int = 0
    summary: str = ""

    def __post_init__(self):
        counts = (self.hazards_general, self.hazards_major, self.hazards_rectified, self.findings)
        if min(counts) < 0:
            raise Refused("counts must not be negative")
        if self.hazards_rectified > self.hazards_general + self.hazards_major:
            raise Refused("more hazards rectified than found")

    @property
    def major_hazard(self) -> bool:
        """A major hazard (重大隐患) was found: the regulator must hear of it fast."""
        return self.hazards_major > 0

    @property
    def passed(self) -> bool:
        """The inspected site has no hazard left unrectified (about the site, not the agency's work)."""
        return self.hazards_rectified >= self.hazards_general + self.hazards_major
