"""Practitioners (从业人员, registry): each agency registers its staff and a regulator verifies their certificates
(before the deals: matching gives a category with a staffing rule only to a staffed agency), training providers
and a regulator record this year's continuing-education hours, a regulator records talent levels; one practitioner
moves to another agency, and a third agency's attempt to register him while he is employed is refused (409)."""

from __future__ import annotations

from ..client import Api, DemoError, parallel
from ..plan import City
from ..practitioners import Staffer
from ..report import Tally
from .registry import REGULATOR

CITY = (*REGULATOR, "practitioners")  # an official of the city's bureau who deals with practitioners


def register(api: Api, city: City, tally: Tally) -> str:
    """Every agency's staff and what follows; the id the registry gave the practitioner who moved. The regulator
    of the agency's county verifies and records (for an agency from outside, an official of the city's own for
    practitioners), and the training providers record two courses in three: each token keeps within the write
    rate limit."""
    trainers = [p.id for p in city.providers if p.offers and "safety_training" in p.valid]
    regulators = {p.id: ("regulator", p.body["county"]) if p.body["county"] else CITY for p in city.providers}

    def one(numbered):
        n, staffer = numbered
        trainer = ("agency", trainers[n % len(trainers)]) if trainers and n % 3 else None
        return _register(api, staffer, regulators[staffer.agency_id], trainer, tally)

    ids = parallel(one, list(enumerate(city.practice.staff)))
    moved = ids[city.practice.mover]
    _move(api, city, moved, tally)
    return moved


def _register(api: Api, staffer: Staffer, regulator: tuple, trainer: tuple | None, tally: Tally) -> str:
    agency = ("agency", staffer.agency_id)
    pid = api.ok(
        "registry", "post", f"/providers/{staffer.agency_id}/practitioners", agency, (201,), json=staffer.body
    )["id"]
    for kind, number in staffer.verify:
        verify = {"kind": kind, "certificate_no": number}
        api.ok("registry", "post", f"/practitioners/{pid}/certificates/verify", regulator, json=verify)
    for course in staffer.training:
        api.ok("registry", "post", f"/practitioners/{pid}/training", trainer or regulator, (201,), json=course)
    if staffer.talent:
        api.ok("registry", "post", f"/practitioners/{pid}/talent", regulator, json=staffer.talent)
    tally.add("practitioners")
    tally.add("practitioner certificates verified", len(staffer.verify))
    tally.add("continuing-education records", len(staffer.training))
    tally.add("talents recorded", 1 if staffer.talent else 0)
    return pid


def _move(api: Api, city: City, practitioner_id: str, tally: Tally) -> None:
    """Another agency tries to register him while he is employed (refused, told to the regulator); he leaves his
    agency and joins another the same day."""
    plan, today = city.practice, city.today.isoformat()
    body = {**plan.staff[plan.mover].body, "joined_on": today}
    refused = api.send(
        "registry", "post", f"/providers/{plan.refused_by}/practitioners", ("agency", plan.refused_by), json=body
    )
    if refused.status_code != 409:
        raise DemoError(f"a second registration of a practitioner answered {refused.status_code}, not 409")
    tally.add("practitioner registrations refused (one agency at a time)")
    mover = plan.staff[plan.mover]
    api.ok(
        "registry",
        "post",
        f"/practitioners/{practitioner_id}/leave",
        ("agency", mover.agency_id),
        json={"left_on": today},
    )
    api.ok("registry", "post", f"/providers/{plan.joins}/practitioners", ("agency", plan.joins), (201,), json=body)
    tally.add("practitioners who moved to another agency")
