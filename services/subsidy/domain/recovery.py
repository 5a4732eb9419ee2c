"""Recovery (追回) of a paid subsidy: why it is flagged, and the money actually recovered, receipt by receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Finding(StrEnum):
    """Why a paid subsidy is to be recovered (追回)."""

    CONTRACT_ENDED = "contract_ended"  # the contract ended early (matching's contract-terminated)
    NOT_DELIVERED = "not_delivered"  # the service paid for was not delivered
    FALSE_SERVICE = "false_service"  # 虚假服务: found by a regulator or the funder, or a false-report violation


@dataclass(frozen=True)
class Receipt:
    """Money actually recovered, once per reference (the bank's)."""

    reference: str
    amount_fen: int
    on: date
    by: str


@dataclass(frozen=True)
class Recovery:
    """追回: a paid subsidy flagged for recovery, and what finance has recovered of it."""

    amount_fen: int  # to recover
    flagged_on: date
    reason: str
    finding: Finding = Finding.CONTRACT_ENDED
    evidence_ref: str | None = None
    by: str = "system"
    violation_id: str | None = None  # the false-report violation that flagged it, if one did
    receipts: tuple[Receipt, ...] = ()
    lifted: str | None = None  # why the flag fell (its violation revoked before anything was recovered)

    @property
    def recovered_fen(self) -> int:
        return sum(r.amount_fen for r in self.receipts)

    @property
    def outstanding_fen(self) -> int:
        return 0 if self.lifted else self.amount_fen - self.recovered_fen

    @property
    def state(self) -> str:
        """flagged, partly_recovered, recovered or lifted."""
        if self.lifted:
            return "lifted"
        if not self.receipts:
            return "flagged"
        return "recovered" if self.outstanding_fen == 0 else "partly_recovered"
