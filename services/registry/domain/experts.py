"""Experts 专家库: by region, industry, specialty and grade (分类分级); a fraud ban is for life (pure model).

The resident ID number is kept to tell people apart (one record per person); it is shown only masked.
Recusal (回避) and availability need the employer, the linked organisations and the leave periods.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from services.common.errors import Conflict, Forbidden, Invalid
from services.common.reference import INDUSTRY_SECTIONS

from .codes import id_number_problem
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


class Grade(StrEnum):
    SENIOR = "senior"  # 高级
    INTERMEDIATE = "intermediate"  # 中级
    JUNIOR = "junior"  # 初级


class ExpertStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RETIRED = "retired"
    BANNED = "banned"  # 终身禁入: fraud; never lifted


TRANSITIONS = {
    (ExpertStatus.ACTIVE, ExpertStatus.SUSPENDED): roles("regulator"),
    (ExpertStatus.SUSPENDED, ExpertStatus.ACTIVE): roles("regulator"),
    (ExpertStatus.ACTIVE, ExpertStatus.RETIRED): roles("regulator", SELF),
    (ExpertStatus.SUSPENDED, ExpertStatus.RETIRED): roles("regulator"),
    (ExpertStatus.RETIRED, ExpertStatus.ACTIVE): roles("regulator", SELF),
    **{
        (s, ExpertStatus.BANNED): roles("regulator")
        for s in (ExpertStatus.ACTIVE, ExpertStatus.SUSPENDED, ExpertStatus.RETIRED)
    },
}


class Relation(StrEnum):
    """How an expert is tied to an organisation (关联关系): he is recused from work for or about it."""

    FORMER_EMPLOYER = "former_employer"  # 原任职单位
    SHAREHOLDING = "shareholding"  # 持股
    CONSULTING = "consulting"  # 兼职、顾问
    OTHER = "other"


@dataclass(frozen=True)
class Link:
    org_id: str  # the organisation's USCC
    relation: Relation


@dataclass(frozen=True)
class Leave:
    """A leave period (请假), both days included: the expert is not drawn for work on these days."""

    since: date
    until: date


@dataclass(frozen=True)
class Ban:
    reason: str
    at: datetime
    by: str


@dataclass(frozen=True)
class Expert:
    id: str
    name: str
    id_number: str
    county: str
    industries: tuple[str, ...]  # GB/T 4754 section letters
    specialties: tuple[str, ...]  # e.g. 危险化学品, 电气安全
    grade: Grade
    available: bool = True
    contacts: tuple[Contact, ...] = ()
    status: ExpertStatus = ExpertStatus.ACTIVE
    ban: Ban | None = None
    self_retired: bool = False  # retired by himself: only then may he return himself
    employer: str | None = None  # USCC of the organisation employing him (任职单位)
    links: tuple[Link, ...] = ()  # organisations he declared or a regulator recorded
    leave: tuple[Leave, ...] = ()

    def __post_init__(self):
        problem = id_number_problem(self.id_number)
        if problem:
            raise Invalid(problem, field="id_number")
        check_division(self.county, None)
        check_choice(self.grade, tuple(Grade), "grade")
        if not self.industries:
            raise Invalid("at least one industry section", field="industries")
        for section in self.industries:
            check_choice(section, INDUSTRY_SECTIONS, "industries")
        if not self.specialties:
            raise Invalid("at least one specialty", field="specialties")
        if self.employer is not None:
            check_uscc(self.employer, "employer")
        for link in self.links:
            check_uscc(link.org_id, "links")
            check_choice(link.relation, tuple(Relation), "links")
        for period in self.leave:
            check_period(period.since, period.until, "leave", "leave")

    @property
    def linked_orgs(self) -> list[str]:
        """The ids of the organisations he is tied to, in the order recorded, each once."""
        return list(dict.fromkeys(link.org_id for link in self.links))

    owner_role = "expert"  # the token role the expert himself acts with

    def _unbanned(self) -> None:
        if self.status == ExpertStatus.BANNED:
            raise Conflict("this expert is banned for life for fraud; the ban cannot be lifted")

    def updated(self, **changes) -> Expert:
        """A copy with new profile values; the identity, status and ban are not changed this way."""
        self._unbanned()
        if {"id", "id_number", "status", "ban", "self_retired"} & set(changes):
            raise Invalid("identity, status and ban are not changed by an update", field="status")
        return replace(self, **changes)

    def with_link(self, link: Link) -> Expert:
        """A declared tie added (回避申报); declaring one already recorded changes nothing."""
        self._unbanned()
        if link in self.links:
            return self
        return replace(self, links=(*self.links, link))

    def moved_to(self, target: ExpertStatus, actor: Actor, reason: str | None, at: datetime, by: str) -> Expert:
        """Change status; a ban needs a reason and is final; only a self-retirement is undone by the expert."""
        self._unbanned()
        target = as_status(ExpertStatus, target)
        transition("expert", TRANSITIONS, self.status, target, actor)
        by_himself = actor.own and not actor.can(roles("regulator"))
        if self.status == ExpertStatus.RETIRED and by_himself and not self.self_retired:
            raise Forbidden("a regulator retired this expert; only a regulator returns him to active")
        if target != ExpertStatus.BANNED:
            return replace(self, status=target, self_retired=target == ExpertStatus.RETIRED and by_himself)
        if not reason:
            raise Invalid("a ban needs the reason (the fraud found)", field="reason")
        return replace(self, status=target, available=False, ban=Ban(reason, at, by))
