"""Experts 专家库: by region, industry, specialty and grade (分类分级); a fraud ban is for life (pure model).

The resident ID number is kept to tell people apart (one record per person); it is shown only masked.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from services.common.errors import Conflict, Forbidden, Invalid
from services.common.reference import INDUSTRY_SECTIONS

from .codes import id_number_problem, mask_id_number
from .rules import SELF, Actor, Contact, as_status, check_choice, check_division, roles, transition


class Grade(StrEnum):
    SENIOR = "senior"              # 高级
    INTERMEDIATE = "intermediate"  # 中级
    JUNIOR = "junior"              # 初级


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
    **{(s, ExpertStatus.BANNED): roles("regulator") for s in
       (ExpertStatus.ACTIVE, ExpertStatus.SUSPENDED, ExpertStatus.RETIRED)},
}


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
    industries: tuple[str, ...]   # GB/T 4754 section letters
    specialties: tuple[str, ...]  # e.g. 危险化学品, 电气安全
    grade: Grade
    available: bool = True
    contacts: tuple[Contact, ...] = ()
    status: ExpertStatus = ExpertStatus.ACTIVE
    ban: Ban | None = None
    self_retired: bool = False  # retired by himself: only then may he return himself

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

    owner_role = "expert"  # the token role the expert himself acts with

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def can_serve(self) -> bool:
        """Available to be requested: active and willing."""
        return self.status == ExpertStatus.ACTIVE and self.available

    def _unbanned(self) -> None:
        if self.status == ExpertStatus.BANNED:
            raise Conflict("this expert is banned for life for fraud; the ban cannot be lifted")

    def updated(self, **changes) -> "Expert":
        """A copy with new profile values; the identity, status and ban are not changed this way."""
        self._unbanned()
        if {"id", "id_number", "status", "ban", "self_retired"} & set(changes):
            raise Invalid("identity, status and ban are not changed by an update", field="status")
        return replace(self, **changes)

    def moved_to(self, target: ExpertStatus, actor: Actor, reason: str | None, at: datetime,
                 by: str) -> "Expert":
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
