"""Credit (信用评价): regulators record spot checks (质量抽查) and violations through credit's API, an enforcement
system publishes its violations and revocations to Kafka; agencies read each violation's legal notice in notify's
inbox (its service, 送达), object (异议) and regulators rule; agencies accept or contest the at-fault claims of
buyers. Each agency's steps run in order (they change one rating), agencies side by side. Every step waits until
credit has applied what it acts on."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..client import Api, parallel
from ..plan import City
from ..report import Tally
from ..sanctions import Violation
from .gov import EnforcementSystem
from .matching import Played
from .registry import REGULATOR

RULINGS = {"upheld": True, "rejected": False, "confirmed": False, "dismissed": True}
CHANNELS = {
    "api": "violations recorded by a regulator (API)",
    "structured": "violations from enforcement (Kafka, structured)",
    "binary": "violations from enforcement (Kafka, binary)",
}
CLAIMS = {
    "accepted": "claims accepted by the agency",
    "confirmed": "claims confirmed on objection",
    "dismissed": "claims dismissed on objection",
    "open": "claims open",
}
OBJECTION = "本机构对该认定有异议：现场记录与报告一致，申请复核"


def spot_checks(api: Api, city: City, tally: Tally) -> None:
    def check(s):
        api.ok(
            "credit",
            "post",
            "/credit/spot-checks",
            REGULATOR,
            (202,),
            json={"agency_id": s.agency_id, "inspected_on": s.inspected_on, "passed": s.passed, "findings": s.findings},
        )
        tally.add("spot checks")

    parallel(check, city.spot_checks)


def violations(api: Api, city: City, gov: EnforcementSystem, tally: Tally) -> dict[str, str]:
    """Record every violation (API or Kafka); their ids by plan key."""
    ids = {}
    for v in city.violations:
        if v.channel == "api":
            ids[v.key] = api.ok(
                "credit",
                "post",
                "/credit/violations",
                REGULATOR,
                (202,),
                json={
                    "agency_id": v.agency_id,
                    "severity": v.severity,
                    "code": v.code,
                    "description": v.description,
                    "occurred_on": v.occurred_on,
                },
            )["violation_id"]
        else:
            gov.record(v)
            ids[v.key] = v.violation_id
        tally.add(CHANNELS[v.channel])
    gov.flush()
    return ids


def due_process(
    api: Api, city: City, played: list[Played], ids: dict[str, str], gov: EnforcementSystem, tally: Tally
) -> None:
    """Objections, rulings, revocations and claims, agency by agency."""
    work = defaultdict(list)
    for v in city.violations:
        work[v.agency_id].append(lambda v=v: _violation(api, v, ids[v.key], gov, tally))
    for p in played:
        if p.deal.claim:
            work[p.deal.agency_id].append(lambda p=p: _claim(api, p, tally))
    parallel(lambda steps: [step() for step in steps], list(work.values()))
    gov.flush()


def _violation(api: Api, v: Violation, violation_id: str, gov: EnforcementSystem, tally: Tally) -> None:
    status = _wait_status(api, v.agency_id, "violations", "violation_id", violation_id, lambda s: True)
    _read_notice(api, v.agency_id, status["source_event_id"])
    _wait_status(api, v.agency_id, "violations", "violation_id", violation_id, lambda s: s["served_on"])
    path = f"/credit/violations/{violation_id}"
    if v.follow_up in ("upheld", "rejected", "objected"):
        api.ok("credit", "post", f"{path}/objection", ("agency", v.agency_id), (201,), json={"reason": OBJECTION})
        tally.add("objections")
    if v.follow_up in RULINGS:
        api.ok(
            "credit",
            "post",
            f"{path}/objection/ruling",
            REGULATOR,
            json={
                "upheld": RULINGS[v.follow_up],
                "note": "经复核，" + ("异议成立" if RULINGS[v.follow_up] else "维持原认定"),
            },
        )
        tally.add("rulings")
    if v.follow_up == "revoked" and v.channel == "api":
        api.ok("credit", "post", f"{path}/revoke", REGULATOR, (202,), json={"reason": "认定主体错误，予以撤销"})
    elif v.follow_up == "revoked":
        gov.revoke(v, "binary" if v.channel == "structured" else "structured")
    if v.follow_up in ("revoked", "upheld"):
        tally.add("violations revoked")
        _wait_status(api, v.agency_id, "violations", "violation_id", violation_id, lambda s: s["revoked"])


def _read_notice(api: Api, agency_id: str, event_id: str) -> None:
    """The agency opens notify's legal notice of the violation in its inbox: its first delivery (notice-delivered)
    serves it (送达), and credit's clocks run from that day."""
    agency = ("agency", agency_id)

    def notice():
        inbox = api.ok("notify", "get", "/notify/inbox", agency, params={"limit": 200})["items"]
        return next((n for n in inbox if n["type"] == "violation-recorded" and n["event_id"] == event_id), None)

    found = api.wait(f"notify tells {agency_id} of violation event {event_id}", notice)
    api.ok("notify", "post", f"/notify/inbox/{found['id']}/read", agency)


def _claim(api: Api, p: Played, tally: Tally) -> None:
    """The buyer's claim that the agency was at fault: accepted, contested and ruled on, or left open."""
    agency, path = ("agency", p.deal.agency_id), f"/credit/claims/{p.contract_id}"
    _wait_status(api, p.deal.agency_id, "claims", "contract_id", p.contract_id, lambda s: True)
    if p.deal.claim == "accepted":
        api.ok("credit", "post", f"{path}/acceptance", agency, (201,))
    elif p.deal.claim in RULINGS:
        api.ok("credit", "post", f"{path}/objection", agency, (201,), json={"reason": OBJECTION})
        api.ok(
            "credit",
            "post",
            f"{path}/objection/ruling",
            REGULATOR,
            json={"upheld": RULINGS[p.deal.claim], "note": "经调查核实"},
        )
    tally.add(CLAIMS[p.deal.claim])


def _wait_status(api: Api, agency_id: str, kind: str, field: str, value: str, check) -> dict:
    def found():
        facts = api.ok("credit", "get", f"/credit/agencies/{agency_id}/facts", REGULATOR)
        return next((s for s in facts[kind] if s[field] == value and check(s)), None)

    return api.wait(f"credit applies {kind[:-1]} {value} of {agency_id}", found)


def showcase(api: Api, city: City) -> str:
    """Wait until the showcase ratings hold: A, on the rectification list, and D once the listing starts.
    The day the severe listing starts."""

    def rating(agency_id: str, as_of: date | None = None) -> dict:
        params = {"as_of": as_of.isoformat()} if as_of else {}
        return api.ok("credit", "get", f"/credit/agencies/{agency_id}/rating", REGULATOR, params=params)

    api.wait(f"{city.good} rated A", lambda: rating(city.good)["grade"] == "A")
    api.wait(f"{city.rectified} on the rectification list", lambda: rating(city.rectified)["rectification_until"])
    severe = next(v for v in city.violations if v.agency_id == city.severe and v.severity == "severe")
    status = _wait_status(
        api, city.severe, "violations", "violation_id", severe.violation_id, lambda s: s["effect_start"]
    )
    starts = date.fromisoformat(status["effect_start"])
    api.wait(f"{city.severe} grade D from {starts}", lambda: rating(city.severe, starts)["grade"] == "D")
    return starts.isoformat()
