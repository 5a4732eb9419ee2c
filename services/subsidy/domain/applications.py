"""Applications (补贴申请) and their review chain: town official → county official → finance pays.

submitted → town_approved → approved → paid; rejected (with a reason) at any step before payment; cancelled
when the contract ends early before payment; a paid one whose contract ends early is flagged for recovery
(追回). The first approval reserves the amount in the budget, payment spends it, rejection and cancellation
release what was reserved. A town reward has no town step (the town is the beneficiary).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from services.common.clock import jiaxing_day
from services.common.errors import Conflict

from .amounts import Line
from .programmes import Kind
from .recovery import Finding, Receipt, Recovery


class Status(StrEnum):
    SUBMITTED = "submitted"
    TOWN_APPROVED = "town_approved"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


#: money counted against caps (per beneficiary per year, stacking on a contract)
COUNTED = (Status.SUBMITTED, Status.TOWN_APPROVED, Status.APPROVED, Status.PAID)
UNPAID = (Status.SUBMITTED, Status.TOWN_APPROVED, Status.APPROVED)
FINANCE = "finance"
#: days each step has (审核时限), from the day the application reached it: a work queue's "days left"
REVIEW_DAYS = {"town": 10, "county": 10, FINANCE: 15}


class NotNow(Conflict):
    """The application is not at a step that allows this."""


@dataclass(frozen=True)
class Step:
    """A review step: the official of `division` at `level` (town, county), or finance."""

    level: str
    division: str | None = None


@dataclass(frozen=True)
class Decision:
    step: str
    by: str
    at: datetime
    approved: bool
    reason: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a step did to the budget: `reserve`, `release`, `spend` or `recover` fen; `event` to publish, if any."""

    event: str | None = None
    reserve: int = 0
    release: int = 0
    spend: int = 0
    recover: int = 0


def reviewers(kind: Kind, county: str, town: str | None) -> tuple[Step, ...]:
    """The officials who review, in order, before finance pays."""
    if kind == Kind.TOWN_REWARD or not town:
        return (Step("county", county),)
    return Step("town", town), Step("county", county)


@dataclass
class Application:
    id: str
    programme_id: str
    kind: Kind
    applicant_id: str
    subject_id: str  # the contract, the resident provider or the rewarded town
    funder: str
    county: str
    town: str | None
    amount_fen: int
    lines: tuple[Line, ...]
    year: int  # the Jiaxing year of submission (per-beneficiary caps)
    submitted_at: datetime
    reviewers: tuple[Step, ...]
    contract_id: str | None = None
    lineage: str = ""  # the programme across its versions: the budget and caps it counts against
    status: Status = Status.SUBMITTED
    decisions: list[Decision] = field(default_factory=list)
    reserved_fen: int = 0
    payment_reference: str | None = None
    approved_on: date | None = None
    paid_on: date | None = None
    recovery: Recovery | None = None

    def __post_init__(self):
        self.lineage = self.lineage or self.programme_id  # stored before programmes had versions of one budget

    def current_step(self) -> Step | None:
        """Who acts next: an official, the funder's finance (approved, to pay) or nobody (decided)."""
        if self.status in (Status.SUBMITTED, Status.TOWN_APPROVED):
            return self.reviewers[sum(d.approved for d in self.decisions)]
        return Step(FINANCE, self.funder) if self.status == Status.APPROVED else None

    def step_since(self) -> date | None:
        """The Jiaxing day the current step began: submission, or the last approval before it (None: decided)."""
        if self.current_step() is None:
            return None
        approvals = [d.at for d in self.decisions if d.approved]
        return jiaxing_day(approvals[-1] if approvals else self.submitted_at)

    def due_on(self) -> date | None:
        """The last day of the current step's review time (None: decided)."""
        step, since = self.current_step(), self.step_since()
        return since + timedelta(days=REVIEW_DAYS[step.level]) if step and since else None

    def approve(self, by: str, now: datetime, on: date) -> Outcome:
        """The current official approves: the first approval reserves the amount, the last approves."""
        step = self._official_step("approve")
        first = self.status == Status.SUBMITTED
        self.decisions.append(Decision(step.level, by, now, True))
        final = sum(d.approved for d in self.decisions) == len(self.reviewers)
        self.status = Status.APPROVED if final else Status.TOWN_APPROVED
        self.approved_on = on if final else None
        if first:
            self.reserved_fen = self.amount_fen
        return Outcome("subsidy-approved" if final else None, reserve=self.amount_fen if first else 0)

    def reject(self, by: str, reason: str, now: datetime) -> Outcome:
        """Whoever acts now (an official, or finance before paying) refuses with a reason."""
        step = self.current_step()
        if step is None:
            raise NotNow(f"a {self.status.value} application cannot be rejected", state=self.status.value)
        self.decisions.append(Decision(step.level, by, now, False, reason))
        return self._end(Status.REJECTED)

    def pay(self, reference: str, by: str, on: date, now: datetime) -> Outcome:
        """Finance pays an approved application once, under a payment reference."""
        if self.status != Status.APPROVED:
            raise NotNow(
                f"only an approved application is paid; this one is {self.status.value}", state=self.status.value
            )
        self.decisions.append(Decision(FINANCE, by, now, True, f"payment {reference}"))
        self.status, self.payment_reference, self.paid_on = Status.PAID, reference, on
        spent, self.reserved_fen = self.reserved_fen, 0
        return Outcome("subsidy-paid", spend=spent)

    def contract_ended(self, on: date, now: datetime) -> Outcome:
        """The contract ended early: cancel what is unpaid, flag what was paid (once)."""
        reason = f"合同于 {on} 提前终止"
        if self.status in UNPAID:
            self.decisions.append(Decision("system", "system", now, False, reason))
            return self._end(Status.CANCELLED)
        if self.status == Status.PAID and not self.flagged:
            self.recovery = Recovery(self.amount_fen, on, reason)
            return Outcome("subsidy-clawback-flagged")
        return Outcome()

    def flag(self, finding: Finding, reason: str, evidence_ref: str | None, by: str, on: date, **more) -> Outcome:
        """A paid subsidy's service was not delivered or was false: flag the whole amount for recovery (once)."""
        if self.status != Status.PAID:
            raise NotNow(
                f"only a paid subsidy is recovered; this one is {self.status.value} (reject it instead)",
                state=self.status.value,
                rule="recover_paid",
            )
        if self.flagged:
            raise NotNow("this subsidy is flagged for recovery already", state="flagged", rule="flag_once")
        self.recovery = Recovery(self.amount_fen, on, reason, Finding(finding), evidence_ref, by, **more)
        return Outcome("subsidy-clawback-flagged")

    def recovered(self, reference: str, amount_fen: int, by: str, on: date) -> Outcome:
        """Finance records money actually recovered (partial allowed), never more than is outstanding."""
        if not self.flagged:
            raise NotNow("this subsidy is not flagged for recovery", state=self.status.value, rule="flagged_first")
        if not 0 < amount_fen <= self.recovery.outstanding_fen:
            raise NotNow(
                f"{self.recovery.outstanding_fen} fen is outstanding; {amount_fen} fen cannot be recovered",
                state="flagged",
                rule="outstanding",
            )
        receipts = (*self.recovery.receipts, Receipt(reference, amount_fen, on, by))
        self.recovery = replace(self.recovery, receipts=receipts)
        return Outcome("subsidy-recovered", recover=amount_fen)

    def lift(self, violation_id: str, reason: str) -> Outcome:
        """The violation that flagged this subsidy was revoked: the flag falls if nothing was recovered yet."""
        r = self.recovery
        if not self.flagged or r.violation_id != violation_id or r.receipts:
            return Outcome()
        self.recovery = replace(r, lifted=reason)
        return Outcome("subsidy-clawback-lifted")

    @property
    def flagged(self) -> bool:
        """Flagged for recovery (追回), the flag standing."""
        return self.recovery is not None and self.recovery.lifted is None

    @property
    def reasons(self) -> list[str]:
        """Why it was refused or cancelled (what the applicant reads)."""
        return [d.reason for d in self.decisions if not d.approved and d.reason]

    def _official_step(self, action: str) -> Step:
        step = self.current_step()
        if step is None or step.level == FINANCE:
            raise NotNow(
                f"a {self.status.value} application awaits no official's decision; cannot {action}",
                state=self.status.value,
            )
        return step

    def _end(self, status: Status) -> Outcome:
        released, self.reserved_fen = self.reserved_fen, 0
        self.status = status
        return Outcome("subsidy-rejected", release=released)
