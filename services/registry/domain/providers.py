"""Service providers 机构: agencies, leading enterprises, associations, insurers (pure model, no I/O).

A provider's id is its Unified Social Credit Code: it is unique and never changes (终身不变), and it is the
`org` of the tokens the organisation acts with.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from services.common.errors import Conflict, Invalid, NotFound
from services.common.reference import SERVICE_CATEGORIES

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
class Qualification:
    """A certificate 资质 for one service category, valid from/until (both days included).

    The provider declares it; it counts only once verified (核验) by a regulator, who and when recorded.
    """

    category: str
    certificate_no: str
    issuer: str
    valid_from: date
    valid_until: date
    level: str | None = None
    verified: bool = False
    verified_by: str | None = None
    verified_at: datetime | None = None

    def __post_init__(self):
        check_choice(self.category, SERVICE_CATEGORIES, "qualifications.category")
        check_period(self.valid_from, self.valid_until, "qualifications.valid_until", "qualifications.valid_from")

    @property
    def key(self) -> tuple[str, str]:
        """What names a certificate within one provider: its category and number."""
        return self.category, self.certificate_no

    @property
    def declared(self) -> tuple:
        """The facts the provider declares (a change to any of them needs a new verification)."""
        return self.category, self.certificate_no, self.issuer, self.level, self.valid_from, self.valid_until

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def counts_on(self, day: date) -> bool:
        """Verified and valid on `day`: only such a qualification counts (eligibility, directory, events)."""
        return self.verified and self.valid_on(day)

    def verify(self, by: str, at: datetime) -> Qualification:
        if self.verified:
            raise Conflict(f"certificate {self.certificate_no} is verified already", verified_by=self.verified_by)
        return replace(self, verified=True, verified_by=by, verified_at=at)

    def redeclared(self, before: tuple[Qualification, ...]) -> Qualification:
        """This qualification as declared again: it keeps the verification of an identical one, else none."""
        same = next((q for q in before if q.verified and q.declared == self.declared), None)
        if same:
            return replace(self, verified=True, verified_by=same.verified_by, verified_at=same.verified_at)
        return replace(self, verified=False, verified_by=None, verified_at=None)


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
        if len({q.key for q in self.qualifications}) < len(self.qualifications):
            raise Invalid("a certificate (category and number) is listed twice", field="qualifications")

    @property
    def uscc(self) -> str:
        return self.id

    @property
    def owner_role(self) -> str:
        """The token role the provider itself acts with."""
        return KIND_ROLE[self.kind]

    def valid_qualifications(self, day: date) -> tuple[Qualification, ...]:
        """The verified qualifications valid on `day` (a declared one counts for nothing)."""
        return tuple(q for q in self.qualifications if q.counts_on(day))

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
        found = next((q for q in self.qualifications if q.key == (category, certificate_no)), None)
        if found is None:
            raise NotFound(f"provider {self.id} declares no {category} certificate {certificate_no}")
        verified = found.verify(by, at)
        return replace(self, qualifications=tuple(verified if q is found else q for q in self.qualifications))

    def moved_to(self, target: Status, actor: Actor) -> Provider:
        target = as_status(Status, target)
        transition("provider", TRANSITIONS, self.status, target, actor)
        return replace(self, status=target)
