"""Experts and enterprises over HTTP: roles allowed and denied, the masked ID number, the lifetime ban."""

from __future__ import annotations

import pytest

from tests.integration.registry.conftest import enterprise_body, expert_body, new_uscc

pytestmark = pytest.mark.integration
REGULATOR = ("regulator", "330400")


def add_expert(registry, token, **kw) -> dict:
    response = registry.client.post("/experts", json=expert_body(**kw), headers=token(*REGULATOR))
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.parametrize("role, status", [("expert", 403), ("agency", 403), ("enterprise", 403), ("admin", 201)])
def test_only_regulators_and_admin_add_experts(registry, token, role, status):
    assert registry.client.post("/experts", json=expert_body(), headers=token(role, "x")).status_code == status


def test_id_number_is_masked_and_shown_only_to_the_expert_and_regulators(registry, token):
    body = expert_body()
    created = registry.client.post("/experts", json=body, headers=token(*REGULATOR)).json
    masked = body["id_number"][:3] + "*" * 11 + body["id_number"][-4:]
    assert created["id_number_masked"] == masked
    expert_id = created["id"]
    for role, org in (("expert", expert_id), REGULATOR):
        seen = registry.client.get(f"/experts/{expert_id}", headers=token(role, org))
        assert seen.json["id_number_masked"] == masked and body["id_number"] not in seen.get_data(as_text=True)
    for role, org in (("expert", "exp-other"), ("enterprise", new_uscc()), ("admin", None)):
        seen = registry.client.get(f"/experts/{expert_id}", headers=token(role, org))
        assert seen.status_code == 200 and "id_number_masked" not in seen.json
        assert body["id_number"] not in seen.get_data(as_text=True)
    listed = registry.client.get("/experts", headers=token("insurer", "x")).get_data(as_text=True)
    assert body["id_number"] not in listed and "id_number" not in listed


def test_same_person_twice_is_409_and_bad_id_is_422(registry, token):
    body = expert_body()
    assert registry.client.post("/experts", json=body, headers=token(*REGULATOR)).status_code == 201
    assert (
        registry.client.post("/experts", json=body | {"name": "李明明"}, headers=token(*REGULATOR)).status_code == 409
    )
    bad = registry.client.post("/experts", json=expert_body(id_number="110105194912310020"), headers=token(*REGULATOR))
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "id_number"


def test_expert_changes_his_availability_but_not_his_grade(registry, token):
    expert_id = add_expert(registry, token)["id"]
    himself = token("expert", expert_id)
    assert (
        registry.client.patch(f"/experts/{expert_id}", json={"available": False}, headers=himself).json["available"]
        is False
    )
    assert registry.client.patch(f"/experts/{expert_id}", json={"grade": "junior"}, headers=himself).status_code == 403
    assert (
        registry.client.patch(
            f"/experts/{expert_id}", json={"available": True}, headers=token("expert", "exp-other")
        ).status_code
        == 403
    )
    assert (
        registry.client.patch(f"/experts/{expert_id}", json={"grade": "intermediate"}, headers=token(*REGULATOR)).json[
            "grade"
        ]
        == "intermediate"
    )


def test_a_fraud_ban_is_for_life(registry, token):
    body = expert_body()
    expert_id = registry.client.post("/experts", json=body, headers=token(*REGULATOR)).json["id"]
    url = f"/experts/{expert_id}/status"
    assert registry.client.post(url, json={"status": "banned"}, headers=token(*REGULATOR)).status_code == 422
    assert (
        registry.client.post(
            url, json={"status": "banned", "reason": "x"}, headers=token("expert", expert_id)
        ).status_code
        == 403
    )
    banned = registry.client.post(
        url, json={"status": "banned", "reason": "出具虚假评审意见"}, headers=token(*REGULATOR)
    )
    assert banned.json["status"] == "banned" and banned.json["ban"]["reason"] == "出具虚假评审意见"
    for role in (REGULATOR, ("admin", None), ("expert", expert_id)):
        for status in ("active", "retired", "suspended"):
            assert registry.client.post(url, json={"status": status}, headers=token(*role)).status_code == 409
    assert (
        registry.client.patch(f"/experts/{expert_id}", json={"available": True}, headers=token("admin")).status_code
        == 409
    )
    again = registry.client.post("/experts", json=body, headers=token(*REGULATOR))
    assert again.status_code == 409, "a banned person cannot come back under a new record"


def test_enterprise_registers_itself_and_only_authorities_read_it(registry, token):
    body = enterprise_body()
    uscc = body["uscc"]
    assert registry.client.post("/enterprises", json=body, headers=token("enterprise", new_uscc())).status_code == 403
    assert registry.client.post("/enterprises", json=body, headers=token("agency", uscc)).status_code == 403
    created = registry.client.post("/enterprises", json=body, headers=token("enterprise", uscc))
    assert created.status_code == 201 and created.json["industry_section"] == "C" and created.json["id"] == uscc
    assert registry.client.post("/enterprises", json=body, headers=token("official", "330482001")).status_code == 409
    for role, org, status in (
        ("enterprise", uscc, 200),
        ("official", "330482", 200),
        ("finance", "330482", 200),
        ("regulator", "330400", 200),
        ("official", "330402", 403),  # 南湖区: not its division
        ("finance", "330482002", 403),  # another town of 平湖市
        ("finance", "x", 403),  # no division at all
        ("enterprise", new_uscc(), 403),
        ("agency", uscc, 403),
        ("expert", "e", 403),
    ):
        assert registry.client.get(f"/enterprises/{uscc}", headers=token(role, org)).status_code == status
    assert (
        registry.client.patch(
            f"/enterprises/{uscc}", json={"employees": 40}, headers=token("official", "330482")
        ).status_code
        == 403
    )
    assert (
        registry.client.patch(
            f"/enterprises/{uscc}", json={"employees": 40, "size": "medium"}, headers=token("enterprise", uscc)
        ).json["employees"]
        == 40
    )
    bad = registry.client.post("/enterprises", json=enterprise_body(industry_code="9901"), headers=token("admin"))
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "industry_code"


def test_enterprise_deregisters_once(registry, token):
    uscc = registry.client.post("/enterprises", json=enterprise_body(), headers=token("official", "330482")).json["id"]
    url = f"/enterprises/{uscc}/status"
    assert (
        registry.client.post(url, json={"status": "deregistered"}, headers=token("enterprise", new_uscc())).status_code
        == 403
    )
    assert (
        registry.client.post(url, json={"status": "deregistered"}, headers=token("enterprise", uscc)).json["status"]
        == "deregistered"
    )
    assert registry.client.post(url, json={"status": "active"}, headers=token("admin")).status_code == 409


def test_openapi_documents_the_registry(registry):
    spec = registry.client.get("/openapi.json").json
    assert {"/providers", "/providers/{provider_id}/status", "/directory/providers", "/experts", "/enterprises"} <= set(
        spec["paths"]
    )
    assert "bearerAuth" in str(spec["paths"]["/providers"]["post"])
    assert "security" not in spec["paths"]["/directory/providers"]["get"]


@pytest.mark.parametrize(
    "url, body, field",
    [
        ("/experts", expert_body(industries=[]), "industries"),
        ("/enterprises", enterprise_body(employees=10**20), "employees"),  # beyond 8-byte integers: not a 500
        ("/enterprises", enterprise_body(county="999999", town=None), "county"),
    ],
)
def test_bad_people_are_422_naming_the_field(registry, token, url, body, field):
    response = registry.client.post(url, json=body, headers=token("admin"))
    assert response.status_code == 422 and response.json["errors"][0]["field"] == field, response.json


@pytest.mark.parametrize(
    "role, status",
    [("agency", 403), ("expert", 403), ("finance", 403), ("regulator", 200), ("official", 200), ("admin", 200)],
)
def test_who_may_deregister_an_enterprise(registry, token, role, status):
    uscc = registry.client.post("/enterprises", json=enterprise_body(), headers=token("admin")).json["id"]
    moved = registry.client.post(
        f"/enterprises/{uscc}/status",
        json={"status": "deregistered"},
        headers=token(role, uscc if role in ("agency", "expert") else "330482"),
    )
    assert moved.status_code == status
    assert registry.client.patch(
        f"/enterprises/{uscc}", json={"high_risk": True}, headers=token("admin")
    ).status_code == (409 if status == 200 else 200)
