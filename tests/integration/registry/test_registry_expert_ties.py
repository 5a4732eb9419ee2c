"""Issue 15 in the registry: the expert keeps his leave and declares ties; the regulator records his employer and
ties; expert events carry them as organisation ids and days."""

from __future__ import annotations

import pytest

from tests.integration.registry.conftest import days, expert_body, new_uscc

pytestmark = pytest.mark.integration
REGULATOR = ("regulator", "330400")


def test_leave_ties_and_employer_each_by_whom_they_belong_to(registry, token, probe):
    seen = probe("expert-updated")
    employer, former, shares = new_uscc(), new_uscc(), new_uscc()
    expert_id = registry.client.post("/experts", json=expert_body(employer=employer), headers=token(*REGULATOR)).json[
        "id"
    ]
    url, himself = f"/experts/{expert_id}", token("expert", expert_id)

    leave = [{"since": days(10), "until": days(14)}]
    assert registry.client.patch(url, json={"leave": leave}, headers=himself).json["leave"] == leave
    assert registry.client.patch(url, json={"employer": former}, headers=himself).status_code == 403
    assert registry.client.patch(url, json={"links": []}, headers=himself).status_code == 403
    assert registry.client.patch(url, json={"leave": []}, headers=token("expert", "exp-other")).status_code == 403

    declared = registry.client.post(
        f"{url}/links", json={"org_id": shares, "relation": "shareholding"}, headers=himself
    )
    assert declared.status_code == 200 and declared.json["links"] == [{"org_id": shares, "relation": "shareholding"}]
    assert (
        registry.client.post(
            f"{url}/links", json={"org_id": former, "relation": "other"}, headers=token("expert", "exp-other")
        ).status_code
        == 403
    )
    recorded = registry.client.patch(
        url,
        headers=token(*REGULATOR),
        json={
            "links": [{"org_id": former, "relation": "former_employer"}, {"org_id": shares, "relation": "shareholding"}]
        },
    )
    assert recorded.status_code == 200, recorded.json

    last = seen.events("expert-updated", count=3, subject=expert_id)[-1]
    assert (last.data["employer"], last.data["linked_orgs"], last.data["leave"]) == (employer, [former, shares], leave)
    other = registry.client.get(url, headers=token("enterprise", new_uscc())).json
    assert "leave" not in other and other["employer"] == employer


@pytest.mark.parametrize(
    "body, field",
    [
        ({"employer": "91330400MA2B3C4D5X"}, "employer"),
        ({"links": [{"org_id": "91330400", "relation": "other"}]}, "links"),
        ({"links": [{"org_id": "91310110666007217T", "relation": "cousin"}]}, "links"),
        ({"leave": [{"since": "2026-05-10"}]}, "leave"),
    ],
)
def test_bad_ties_and_leave_are_422(registry, token, body, field):
    expert_id = registry.client.post("/experts", json=expert_body(), headers=token(*REGULATOR)).json["id"]
    response = registry.client.patch(f"/experts/{expert_id}", json=body, headers=token(*REGULATOR))
    assert response.status_code == 422, response.json
    assert field in {e["field"].split(".")[0] for e in response.json["errors"]}


def test_reversed_leave_is_422(registry, token):
    expert_id = registry.client.post("/experts", json=expert_body(), headers=token(*REGULATOR)).json["id"]
    response = registry.client.patch(
        f"/experts/{expert_id}",
        json={"leave": [{"since": days(5), "until": days(1)}]},
        headers=token("expert", expert_id),
    )
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "leave"
