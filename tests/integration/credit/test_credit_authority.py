"""Each regulator acts only within its division, by the reference table: recording a violation or a spot check and
revoking a violation, for every level of division (the city, the county and the town of the agency's home, another
county, another town of the same county); an agency from outside Jiaxing is the city's."""

from __future__ import annotations

import pytest

from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from tests.integration.credit.conftest import agency_registered, days_ago
from tests.support.harness import new_id
from tests.support.wait import wait_until

pytestmark = pytest.mark.integration
LEVELS = {
    "city": "330400",
    "county": "330482",
    "town": "330482001",
    "other county": "330402",
    "other town": "330482002",
}
PLACED = ("city", "county", "town")


def _agency(credit, county: str | None, town: str | None) -> str:
    agency_id = new_id("ag")
    event = agency_registered(agency_id)
    data = {**event.data, "county": county, "town": town, "origin": None if county else "上海市"}
    credit.send_and_wait(new_event(CATALOGUE["agency-registered"], agency_id, data, "/services/registry"))
    return agency_id


def _violation(agency_id: str) -> dict:
    return {
        "agency_id": agency_id,
        "severity": "minor",
        "code": "late-report",
        "description": "报告逾期",
        "occurred_on": days_ago(2),
    }


def _spot_check(agency_id: str) -> dict:
    return {"agency_id": agency_id, "inspected_on": days_ago(1), "passed": True}


def test_a_regulator_records_and_revokes_only_within_its_division(credit, token):
    home = _agency(credit, "330482", "330482001")
    for path, body in (("/credit/violations", _violation(home)), ("/credit/spot-checks", _spot_check(home))):
        for level, org in LEVELS.items():
            answer = credit.client.post(path, json=body, headers=token("regulator", org))
            assert answer.status_code == (202 if level in PLACED else 403), (path, level, answer.json)

    recorded = []
    for level in PLACED:
        answer = credit.client.post("/credit/violations", json=_violation(home), headers=token("regulator", "330400"))
        recorded.append((level, answer.json["violation_id"]))
    wait_until(lambda: credit.ctx.db["facts"].count_documents({"agency_id": home, "type": "violation-recorded"}) == 6)
    for level, violation_id in recorded:
        for other in ("other county", "other town"):
            refused = credit.client.post(
                f"/credit/violations/{violation_id}/revoke",
                json={"reason": "误录"},
                headers=token("regulator", LEVELS[other]),
            )
            assert (refused.status_code, refused.json["rule"]) == (403, "division")
        revoked = credit.client.post(
            f"/credit/violations/{violation_id}/revoke",
            json={"reason": "误录"},
            headers=token("regulator", LEVELS[level]),
        )
        assert revoked.status_code == 202, revoked.json


def test_an_agency_from_outside_jiaxing_is_the_citys(credit, token):
    away = _agency(credit, None, None)
    for level, org in LEVELS.items():
        answer = credit.client.post("/credit/violations", json=_violation(away), headers=token("regulator", org))
        assert answer.status_code == (202 if level == "city" else 403), (level, answer.json)
