"""The expert pool as matching sees it (专家库, projected from registry events) and the draw (随机抽取) with
recusal (回避): pure, so anyone can recompute a draw from what a request records.

- Candidates: the experts matching the task's criteria (specialty, industry, grade, county).
- Excluded, with reasons: candidates not active, not taking requests, on leave or engaged elsewhere in the
  dates, or recused (employed by or linked to the reviewed party or the requester, or drawn for the same
  requester within the rotation period).
- Eligible: the other candidates, sorted by id. seed = SHA-256("<public value>:<request id>"); the order is
  the eligible ids sorted by SHA-256("<seed>:<expert id>") (hex digests; ties, never seen, by id).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from services.common.errors import Invalid

from ...domain.refusals import Refused

GRADES = ("junior", "intermediate", "senior")  # 初级 < 中级 < 高级


@dataclass(frozen=True)
class Leave:
    since: date
    until: date  # included


@dataclass(frozen=True)
class Expert:
    """matching's projection of an expert: organisation ids and days only, no personal data but the name."""

    id: str
    status: str
    available: bool = False
    name: str = ""
    county: str | None = None
    industries: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
    grade: str | None = None
    employer: str | None = None
    linked_orgs: tuple[str, ...] = ()
    leave: tuple[Leave, ...] = ()

    def on_leave(self, first: date, last: date) -> bool:
        return any(p.since <= last and first <= p.until for p in self.leave)


@dataclass(frozen=True)
class Criteria:
    """What the task needs: any one of the specialties and of the industries, at least the grade, a county
    among `counties` (none: the whole city), and the days of the work (both included)."""

    specialties: tuple[str, ...]
    industries: tuple[str, ...]
    min_grade: str
    counties: tuple[str, ...]
    first_day: date
    last_day: date

    def __post_init__(self):
        if self.last_day < self.first_day:
            raise Invalid("the last day is before the first day", field="last_day")
        if self.min_grade not in GRADES:
            raise Invalid(f"unknown grade {self.min_grade!r}; one of {', '.join(GRADES)}", field="min_grade")


@dataclass(frozen=True)
class Parties:
    """Who the work is for and about: recusal protects both."""

    requester_id: str
    reviewed_party_id: str | None = None


@dataclass(frozen=True)
class Exclusion:
    expert_id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Draw:
    """What an auditor needs to recompute the draw."""

    public_value: str
    seed: str
    candidates: int  # experts matching the criteria
    eligible: tuple[str, ...]  # sorted ids
    excluded: tuple[Exclusion, ...]
    order: tuple[str, ...]  # the eligible ids in drawn order: invitations follow it

    @property
    def eligible_count(self) -> int:
        return len(self.eligible)


class TooFew(Refused):
    """Fewer experts eligible than the task needs (409 with the numbers)."""


def _grade_rank(grade: str | None) -> int:
    return GRADES.index(grade) if grade in GRADES else -1


def unmet(expert: Expert, criteria: Criteria) -> list[str]:
    """What the expert lacks for the task (empty: he is a candidate)."""
    missing = []
    if not set(expert.specialties) & set(criteria.specialties):
        missing.append("specialty")
    if not set(expert.industries) & set(criteria.industries):
        missing.append("industry")
    if _grade_rank(expert.grade) < _grade_rank(criteria.min_grade):
        missing.append("grade")
    if criteria.counties and expert.county not in criteria.counties:
        missing.append("county")
    return missing


def unavailable(expert: Expert, criteria: Criteria, busy: frozenset[str]) -> list[str]:
    """Why a candidate cannot serve in the dates: his status (suspended, banned, retired...), not taking
    requests, on leave, or accepted or invited for other work on overlapping days."""
    reasons = [] if expert.status == "active" else [expert.status]
    if not expert.available:
        reasons.append("unavailable")
    if expert.on_leave(criteria.first_day, criteria.last_day):
        reasons.append("on_leave")
    if expert.id in busy:
        reasons.append("engaged_elsewhere")
    return reasons


def recusal(expert: Expert, parties: Parties, recent: frozenset[str]) -> list[str]:
    """Why a candidate must stand aside (回避): ties to the reviewed party or the requester, or rotation."""
    reasons = []
    for role, org in (("reviewed_party", parties.reviewed_party_id), ("requester", parties.requester_id)):
        if org and expert.employer == org:
            reasons.append(f"employed_by_{role}")
        if org and org in expert.linked_orgs:
            reasons.append(f"linked_to_{role}")
    if expert.id in recent:
        reasons.append("drawn_recently")
    return reasons


def seed_of(public_value: str, request_id: str) -> str:
    return hashlib.sha256(f"{public_value}:{request_id}".encode()).hexdigest()


def drawn_order(seed: str, eligible: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The reproducible random order: by SHA-256 of "<seed>:<id>", then id."""
    return tuple(sorted(eligible, key=lambda i: (hashlib.sha256(f"{seed}:{i}".encode()).hexdigest(), i)))


def draw(
    pool: list[Expert],
    criteria: Criteria,
    parties: Parties,
    recent: frozenset[str],
    busy: frozenset[str],
    needed: int,
    public_value: str,
    request_id: str,
) -> Draw:
    """Draw from the pool; TooFew (409, with the numbers) when fewer than `needed` are eligible."""
    candidates = sorted((x for x in pool if not unmet(x, criteria)), key=lambda x: x.id)
    excluded, eligible = [], []
    for expert in candidates:
        reasons = unavailable(expert, criteria, busy) + recusal(expert, parties, recent)
        if reasons:
            excluded.append(Exclusion(expert.id, tuple(reasons)))
        else:
            eligible.append(expert.id)
    if len(eligible) < needed:
        raise TooFew(
            f"{needed} experts needed, only {len(eligible)} eligible ({len(candidates)} match the "
            f"criteria, {len(excluded)} excluded)",
            needed=needed,
            eligible=len(eligible),
            candidates=len(candidates),
            excluded=len(excluded),
        )
    seed = seed_of(public_value, request_id)
    return Draw(public_value, seed, len(candidates), tuple(eligible), tuple(excluded), drawn_order(seed, eligible))
