"""The agencies' practitioners (从业人员, issue 28): staff with certificates a regulator verifies, enough for the
staffing rules of the categories each agency offers, continuing-education hours this year, a few talents (人才);
one practitioner moves from one agency to another, and a third agency's attempt to register him while he is still
employed is refused (the sign of 挂靠). Pure: a `random.Random` and the day in, the plan out."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from . import names
from .people import Provider

#: the certificate kinds each category's work needs: enough for the staffing rules in force (测试、职业卫生)
NEEDS = {
    "testing_inspection": ("testing_inspector", "special_equipment_inspector"),
    "occupational_health": ("occupational_health_technician", "occupational_health_technician"),
    "safety_evaluation": ("safety_assessor",),
    "safety_training": ("safety_trainer",),
}
EXTRA = ("registered_safety_engineer", "safety_assessor", "testing_inspector", "safety_trainer")
TALENTS = {"C": 1, "D": 3, "E": 6}
COURSES = ("安全生产法律法规更新", "危险化学品安全管理", "检测检验新标准解读", "职业病危害因素识别", "事故案例分析")


@dataclass(frozen=True)
class Staffer:
    agency_id: str
    body: dict  # POST /providers/{agency_id}/practitioners
    verify: tuple[tuple[str, str], ...]  # (kind, certificate_no) a regulator verifies
    training: tuple[dict, ...]  # POST /practitioners/{id}/training bodies
    talent: dict | None  # POST /practitioners/{id}/talent body


@dataclass(frozen=True)
class Practice:
    staff: list[Staffer]
    mover: int  # index in `staff` of the one who leaves his agency and joins `joins`
    joins: str
    refused_by: str  # an agency that tries to register the mover while he is employed (409)

    @property
    def talents(self) -> int:
        return sum(1 for s in self.staff if s.talent)


def practice(rng: random.Random, providers: list[Provider], today: date) -> Practice:
    agencies = [p for p in providers if p.offers]
    taken: set[str] = set()
    staff = [s for p in agencies for s in _staff(rng, p, today, taken)]
    staff.append(_staffer(rng, agencies[0], "registered_safety_engineer", True, today, taken))  # the one who moves
    return Practice(staff, mover=len(staff) - 1, joins=agencies[1].id, refused_by=agencies[2].id)


def _staff(rng: random.Random, provider: Provider, today: date, taken: set[str]) -> list[Staffer]:
    """Who the work of its categories needs, a registered safety engineer, and a few more."""
    needed = [k for c in provider.body["categories"] for k in NEEDS.get(c, ())] + ["registered_safety_engineer"]
    extra = rng.sample(EXTRA, rng.randrange(0, 3))
    planned = [(kind, True) for kind in needed] + [(kind, rng.random() < 0.8) for kind in extra]
    return [_staffer(rng, provider, kind, sure, today, taken) for kind, sure in planned]


def _staffer(rng: random.Random, provider: Provider, kind: str, verified: bool, today: date, taken: set) -> Staffer:
    county = provider.body["county"] or "330402"
    number = names.id_number(rng, county)
    while number in taken:
        number = names.id_number(rng, county)
    taken.add(number)
    start = today - timedelta(days=rng.randrange(30, 1400))
    certificate = {
        "kind": kind,
        "certificate_no": f"ZJ-{kind[:4].upper()}-{rng.randrange(10**7):07d}",
        "issuer": rng.choice(names.ISSUERS),
        "level": rng.choice(("一级", "二级", "三级", None)),
        "valid_from": start.isoformat(),
        "valid_until": (start + timedelta(days=5 * 365)).isoformat(),
    }
    joined = today - timedelta(days=rng.randrange(0, 1000))
    body = {
        "name": names.person(rng),
        "id_number": number,
        "joined_on": joined.isoformat(),
        "certificates": [certificate],
    }
    return Staffer(
        provider.id,
        body,
        ((kind, certificate["certificate_no"]),) if verified else (),
        _training(rng, today),
        _talent(rng, today) if rng.random() < 0.12 else None,
    )


def _training(rng: random.Random, today: date) -> tuple[dict, ...]:
    """Courses of this year (a year closes on 15 January of the next)."""
    first = date(today.year, 1, 1)
    return tuple(
        {
            "trained_on": max(first, today - timedelta(days=rng.randrange(0, 300))).isoformat(),
            "hours": rng.choice((4, 8, 8, 12, 16)),
            "course": rng.choice(COURSES),
        }
        for _ in range(rng.choice((0, 1, 1, 2, 3)))
    )


def _talent(rng: random.Random, today: date) -> dict:
    recognised = today - timedelta(days=rng.randrange(0, 700))
    return {
        "level": rng.choices(list(TALENTS), list(TALENTS.values()))[0],
        "recognised_on": recognised.isoformat(),
        "basis": f"嘉人才〔{recognised.year}〕{rng.randrange(1, 60)}号",
    }
