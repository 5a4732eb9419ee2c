"""Continuing education's yearly assessment (issue 28), run by the registry worker's job on the real database
and broker: hours recorded through the API until the year is closed; then each practitioner with a verified
certificate on the year's last day and fewer hours than its requirement is flagged, once."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from services.common.clock import JIAXING, FixedClock
from services.registry.jobs import assess_continuing_education
from tests.integration.registry.conftest import new_id_number, register_provider

pytestmark = pytest.mark.integration
REGULATOR = ("regulator", "330400")


def on(registry, day: date) -> None:
    """The registry's API and worker both at noon of `day` in Jiaxing."""
    clock = FixedClock(datetime.combine(day, time(12), JIAXING))
    registry.ctx.clock = registry.client.application.extensions["anfu"].clock = clock


def engineer(registry, token, agency: str, name: str) -> str:
    """A registered safety engineer of `agency` whose certificate a regulator has verified."""
    certificate = {
        "kind": "registered_safety_engineer",
        "certificate_no": f"RSE-{name}",
        "issuer": "应急管理部",
        "valid_from": "2023-01-01",
        "valid_until": "2029-12-31",
    }
    body = {"name": name, "id_number": new_id_number(), "certificates": [certificate]}
    pid = registry.client.post(f"/providers/{agency}/practitioners", json=body, headers=token("agency", agency))
    assert pid.status_code == 201, pid.json
    verify = {"kind": "registered_safety_engineer", "certificate_no": f"RSE-{name}"}
    registry.client.post(f"/practitioners/{pid.json['id']}/certificates/verify", json=verify, headers=token(*REGULATOR))
    return pid.json["id"]


def hours(registry, token, pid: str, day: str, count: int):
    course = {"trained_on": day, "hours": count, "course": "安全生产法律法规"}
    return registry.client.post(f"/practitioners/{pid}/training", json=course, headers=token(*REGULATOR))


def test_a_practitioner_short_of_hours_by_the_year_end_is_flagged_once(registry, token, probe):
    seen = probe("continuing-education-flagged")
    agency = register_provider(registry, token)["id"]
    on(registry, date(2024, 6, 1))
    short, done = engineer(registry, token, agency, "吴少时"), engineer(registry, token, agency, "郑足时")
    on(registry, date(2025, 6, 1))
    assert hours(registry, token, short, "2025-05-20", 16).status_code == 201
    assert hours(registry, token, done, "2025-05-20", 16).status_code == 201
    on(registry, date(2026, 1, 15))  # the last day the hours of 2025 may be recorded
    assert assess_continuing_education(registry.ctx) == 0, "2025 is not closed yet (2024: registered that year)"
    assert hours(registry, token, done, "2025-12-28", 8).status_code == 201

    on(registry, date(2026, 1, 16))
    late = hours(registry, token, short, "2025-12-30", 8)
    assert late.status_code == 409 and late.json["rule"] == "continuing-education-year-closed"
    assert assess_continuing_education(registry.ctx) == 2
    assert assess_continuing_education(registry.ctx) == 0, "each practitioner once a year"
    [flag] = seen.events("continuing-education-flagged", subject=short)
    assert (flag.data["year"], flag.data["required_hours"], flag.data["hours"]) == (2025, 24, 16)
    assert (flag.data["kinds"], flag.data["rule_version"], flag.data["agency_id"]) == (
        ["registered_safety_engineer"],
        "2025",
        agency,
    )
    assert not [m for m in seen.seen if m.key == done.encode()], "24 hours met the 2025 requirement"
    flagged = registry.client.get("/practitioners", query_string={"flagged_year": 2025}, headers=token(*REGULATOR))
    assert short in [p["id"] for p in flagged.json["items"]] and done not in [p["id"] for p in flagged.json["items"]]
    record = registry.client.get(f"/practitioners/{short}", headers=token("agency", agency)).json
    assert record["ce_flags"] == [
        {"year": 2025, "required": 24, "hours": 16, "kinds": ["registered_safety_engineer"], "version": "2025"}
    ]
