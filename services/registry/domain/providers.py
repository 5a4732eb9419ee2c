"""Service providers 机构: agencies, leading enterprises, associations, insurers (pure model, no I/O).

A provider's id is its Unified Social Credit Code: it is unique and never changes (终身不变), and it is the
`org` of the tokens the organisation acts with.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import ClassVar

from services.common.errors import Conflict, Invalid
from services.common.reference import SERVICE_CATEGORIES

from .certificates import DatedCertificate, check_listed, counting, verified_in
from .rules import (
    SELF,
    Actor,
    Contact,
    as_status,
    check_choice,
    check_division,
    check_period,
    check_uscc,
    roles,
    transition,
)


class Kind(StrEnum):
    AGENCY = "agency"  # 中介服务机构
    LEADING_ENTERPRISE = "leading_enterprise"  # 行业领军企业
    ASSOCIATION = "association"  # 行业协会
    INSURER = "insurer"  # 保险机构


class Status(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DEREGISTERED = "deregistered"


#: (from, to) -> who may do it; admin may always.
TRANSITIONS = {
    (Status.ACTIVE, Status.SUSPENDED): roles("regulator"),
    (Status.SUSPENDED, Status.ACTIVE): roles("regulator"),
    (Status.ACTIVE, Status.DEREGISTERED): roles("regulator", SELF),
    (Status.SUSPENDED, Status.DEREGISTERED): roles("regulator", SELF),
}

#: The token roles a provider of each kind acts with.
KIND_ROLE = {
    Kind.AGENCY: "agency",
    Kind.LEADING_ENTERPRISE: "agency",
    Kind.ASSOCIATION: "association",
    Kind.INSURER: "insurer",
}


@dataclass(frozen=True)
class _Category:
    category: str  # 服务类别


@dataclass(frozen=True)
class Qualification(DatedCertificate, _Category):
    """A certificate 资质 for one service category: it counts (eligibility, directory, events) only once verified."""

    KIND: ClassVar[str] = "category"
    KINDS: ClassVar[tuple[str, ...]] = SERVICE_CATEGORIES
    LISTED: ClassVar[str] = "qualifications"


@dataclass(frozen=True)
class Residency:
    """Residency in the cluster base 集聚基地 (秀洲区), since/until (until open = still resident)."""

    since: date
    until: date | None = None

    def __post_init__(self):
        check_period(self.since, self.until, "cluster_base.until", "cluster_base.since")

    def on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Staff:
    count: int = 0
    safety_engineers: int = 0  # 注册安全工程师

    def __post_init__(self):
        if self.count < 0 or self.safety_engineers < 0:
            raise Invalid("staff numbers cannot be negative", field="staff")
        if self.safety_engineers > self.count:
            raise Invalid("more registered safety engineers than staff", field="staff.safety_engineers")


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    kind: Kind
    categories: tuple[str, ...]
    county: str | None = None
    town: str | None = None
    origin: str | None = None  # where an agency from outside Jiaxing comes from
    qualifications: tuple[Qualification, ...] = ()
    cluster_base: Residency | None = None
    staff: Staff = field(default_factory=Staff)
    contacts: tuple[Contact, ...] = ()
    email: str | None = None  # the organisation's address for notices
    status: Status = Status.ACTIVE

    def __post_init__(self):
        check_uscc(self.id)
        if not self.categories:
            raise Invalid("at least one service category", field="categories")
        for category in self.categories:
            check_choice(category, SERVICE_CATEGORIES, "categories")
        if self.county is None and not self.origin:
            raise Invalid("a home county in Jiaxing, or an origin outside it", field="county")
        check_division(self.county, self.town)
        check_listed(self.qualifications)

    @property
    def uscc(self) -> str:
        return self.id

    @property
    def owner_role(self) -> str:
        """The token role the provider itself acts with."""
        return KIND_ROLE[self.kind]

    def valid_qualifications(self, day: date) -> tuple[Qualification, ...]:
        """The verified qualifications valid on `day` (a declared one counts for nothing)."""
        return counting(self.qualifications, day)

    def valid_categories(self, day: date) -> list[str]:
        return sorted({q.category for q in self.valid_qualifications(day)})

    def resident_on(self, day: date) -> bool:
        return self.cluster_base is not None and self.cluster_base.on(day)

    def next_change(self, day: date) -> date | None:
        """The first day after `day` on which a verified qualification or the residency starts or lapses."""
        verified = [q for q in self.qualifications if q.verified]
        starts = [q.valid_from for q in verified]
        ends = [q.valid_until for q in verified]
        if self.cluster_base:
            starts.append(self.cluster_base.since)
            ends += [self.cluster_base.until] if self.cluster_base.until else []
        points = starts + [end + timedelta(days=1) for end in ends]
        return min((p for p in points if p > day), default=None)

    def updated(self, **changes) -> Provider:
        """A copy with new profile values (not id or status); refused once deregistered."""
        if self.status == Status.DEREGISTERED:
            raise Conflict("a deregistered provider cannot be changed")
        if {"id", "status"} & set(changes):
            raise Invalid("id and status are not changed by an update", field="status")
        if "qualifications" in changes:
            changes["qualifications"] = tuple(q.redeclared(self.qualifications) for q in changes["qualifications"])
        return replace(self, **changes)

    def with_verified(self, category: str, certificate_no: str, by: str, at: datetime) -> Provider:
        """The provider with one declared qualification verified by `by` (a regulator, or later an issuing
        authority's system) at `at`."""
        if self.status == Status.DEREGISTERED:
            raise Conflict("a deregistered provider cannot be changed")
        missing = f"provider {self.id} declares no {category} certificate {certificate_no}"
        listed, _ = verified_in(self.qualifications, (category, certificate_no), by, at, missing)
        return replace(self, qualifications=listed)

    def moved_to(self, target: Status, actor: Actor) -> Provider:
        target = as_status(Status, target)
        transition("provider", TRANSITIONS, self.status, target, actor)
        return replace(self, status=target)
