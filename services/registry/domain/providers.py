"""Service providers 机构: agencies, leading enterprises, associations, insurers (pure model, no I/O).

A provider's id is its Unified Social Credit Code: it is unique and never changes (终身不变), and it is the
`org` of the tokens the organisation acts with.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from services.common.errors import Conflict, Invalid
from services.common.reference import SERVICE_CATEGORIES

from .rules import (SELF, Actor, Contact, as_status, check_choice, check_division, check_period, check_uscc, roles,
                    transition)


class Kind(StrEnum):
    AGENCY = "agency"                          # 中介服务机构
    LEADING_ENTERPRISE = "leading_enterprise"  # 行业领军企业
    ASSOCIATION = "association"                # 行业协会
    INSURER = "insurer"                        # 保险机构


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
KIND_ROLE = {Kind.AGENCY: "agency", Kind.LEADING_ENTERPRISE: "agency", Kind.ASSOCIATION: "association",
             Kind.INSURER: "insurer"}


@dataclass(frozen=True)
class Qualification:
    """A certificate 资质 for one service category, valid from/until (both days included)."""

    category: str
    certificate_no: str
    issuer: str
    valid_from: date
    valid_until: date
    level: str | None = None

    def __post_init__(self):
        check_choice(self.category, SERVICE_CATEGORIES, "qualifications.category")
        check_period(self.valid_from, self.valid_until, "qualifications.valid_until")

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until


@dataclass(frozen=True)
class Residency:
    """Residency in the cluster base 集聚基地 (秀洲区), since/until (until open = still resident)."""

    since: date
    until: date | None = None

    def __post_init__(self):
        check_period(self.since, self.until, "cluster_base.until")

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

    @property
    def uscc(self) -> str:
        return self.id

    @property
    def owner_role(self) -> str:
        """The token role the provider itself acts with."""
        return KIND_ROLE[self.kind]

    def valid_qualifications(self, day: date) -> tuple[Qualification, ...]:
        return tuple(q for q in self.qualifications if q.valid_on(day))

    def valid_categories(self, day: date) -> list[str]:
        return sorted({q.category for q in self.valid_qualifications(day)})

    def resident_on(self, day: date) -> bool:
        return self.cluster_base is not None and self.cluster_base.on(day)

    def next_change(self, day: date) -> date | None:
        """The first day after `day` on which a qualification or the residency starts or lapses."""
        starts = [q.valid_from for q in self.qualifications]
        ends = [q.valid_until for q in self.qualifications]
        if self.cluster_base:
            starts.append(self.cluster_base.since)
            ends += [self.cluster_base.until] if self.cluster_base.until else []
        points = starts + [end + timedelta(days=1) for end in ends if end < date.max]  # date.max never lapses
        return min((p for p in points if p > day), default=None)

    def updated(self, **changes) -> "Provider":
        """A copy with new profile values (not id or status); refused once deregistered."""
        if self.status == Status.DEREGISTERED:
            raise Conflict("a deregistered provider cannot be changed")
        if {"id", "status"} & set(changes):
            raise Invalid("id and status are not changed by an update", field="status")
        return replace(self, **changes)

    def moved_to(self, target: Status, actor: Actor) -> "Provider":
        target = as_status(Status, target)
        transition("provider", TRANSITIONS, self.status, target, actor)
        return replace(self, status=target)
