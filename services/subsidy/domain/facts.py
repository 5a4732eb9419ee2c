"""What the subsidy service knows of the others, projected from their events: enterprises, providers and
contracts (the domain's view of the stored projections)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PROVIDER_KINDS_IN_BASE = ("agency", "association")  # 中介机构和行业协会 in the cluster base


@dataclass(frozen=True)
class Firm:
    """An enterprise (企业) from enterprise-registered / -updated."""

    id: str
    name: str = ""
    size: str | None = None
    section: str | None = None
    county: str | None = None
    town: str | None = None
    status: str = "unknown"

    @property
    def is_sme(self) -> bool:
        return self.size in ("micro", "small", "medium")


@dataclass(frozen=True)
class Provider:
    """A service provider (机构) from agency-registered / -updated, with its cluster-base residency."""

    id: str
    name: str = ""
    kind: str | None = None
    county: str | None = None
    town: str | None = None
    status: str = "unknown"
    base_since: date | None = None
    base_until: date | None = None  # None: still resident

    def resident_during(self, start: date, end: date) -> bool:
        """Resident in the cluster base on some day from `start` to `end`."""
        return (
            self.base_since is not None
            and self.base_since <= end
            and (self.base_until is None or self.base_until >= start)
        )


@dataclass(frozen=True)
class Deal:
    """A service contract from contract-signed / -completed / -terminated."""

    id: str
    agency_id: str
    buyer_type: str
    enterprise_id: str | None
    category: str
    county: str
    town: str | None
    price_fen: int
    status: str  # signed, completed or terminated
    signed_on: date | None = None
    completed_on: date | None = None
    terminated_on: date | None = None
    false_reports: tuple[str, ...] = ()  # false-report violations (虚假报告) standing on this contract

    def active_between(self, start: date, end: date) -> bool:
        """Signed or completed on a day from `start` to `end`, and not terminated (covers its enterprise)."""
        days = [d for d in (self.signed_on, self.completed_on) if d]
        return self.status != "terminated" and any(start <= d <= end for d in days)
