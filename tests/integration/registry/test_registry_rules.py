"""Issue 11 on the real stack, each written as the abuse it reported: self-certification, a retired expert back
at work, and PATCH bodies with half a nested item (a 500 before)."""

from __future__ import annotations

import pytest

from tests.integration.registry.conftest import (
    days,
    enterprise_body,
    expert_body,
    provider_body,
    register_provider,
    verify,
)

pytestmark = pytest.mark.integration
REGULATOR = ("regulator", "330400")
MADE_UP = {
    "category": "safety_evaluation",
    "certificate_no": "I-MADE-THIS-UP",
    "issuer": "我自己",
    "level": "甲级",
    "valid_from": days(-10),
    "valid_until": "9999-12-31",
}


def test_an_agency_cannot_certify_itself(registry, token, probe):
    seen = probe("agency-updated")
    uscc = register_provider(registry, token, qualifications=[])["id"]
    own = token("agency", uscc)
    url = f"/providers/{uscc}"
    assert registry.client.patch(url, json={"qualifications": [MADE_UP]}, headers=own).status_code == 422
    assert (
        registry.client.patch(
            url, json={"qualifications": [MADE_UP | {"valid_until": days(300), "verified": True}]}, headers=own
        ).status_code
        == 422
    ), "a provider cannot send a verification"
    patched = registry.client.patch(url, json={"qualifications": [MADE_UP | {"valid_until": days(300)}]}, headers=own)
    assert patched.status_code == 200 and patched.json["valid_categories"] == []
    assert patched.json["qualifications"][0]["verified"] is False
    [event] = seen.events("agency-updated", subject=uscc)
    assert event.data["valid_categories"] == [] and event.data["qualifications"][0]["verified"] is False
    assert uscc not in [p["id"] for p in registry.client.get("/directory/providers").json["items"]]
    for role in ("agency", "admin", "enterprise", "official"):
        refused = registry.client.post(
            f"{url}/qualifications/verify",
            headers=token(role, uscc),
            json={"category": "safety_evaluation", "certificate_no": "I-MADE-THIS-UP"},
        )
        assert refused.status_code == 403, role


def test_a_regulator_verifies_and_a_change_unverifies(registry, token, probe):
    seen = probe("agency-updated")
    body = provider_body()
    uscc, cert = body["uscc"], body["qualifications"][0]
    registry.client.post("/providers", json=body, headers=token("agency", uscc))
    worklist = registry.client.get("/providers?unverified=true", headers=token(*REGULATOR)).json["items"]
    assert uscc in [p["id"] for p in worklist]
    verified = verify(registry, token, uscc, cert)
    assert verified.status_code == 200 and verified.json["valid_categories"] == ["safety_evaluation"]
    q = verified.json["qualifications"][0]
    assert q["verified"] is True and q["verified_by"] == "regulator:330400" and q["verified_at"].endswith("Z")
    [event] = seen.events("agency-updated", subject=uscc, valid_categories=["safety_evaluation"])
    assert event.data["qualifications"][0]["verified_by"] == "regulator:330400"
    assert verify(registry, token, uscc, cert).status_code == 409
    assert verify(registry, token, uscc, cert | {"certificate_no": "NOPE"}).status_code == 404
    public = registry.client.get(f"/directory/providers/{uscc}").json["qualifications"]
    assert [(p["verified"], "verified_by" in p) for p in public] == [(True, False)]

    own = token("agency", uscc)
    kept = registry.client.patch(f"/providers/{uscc}", json={"qualifications": [cert]}, headers=own)
    assert kept.json["qualifications"][0]["verified"] is True, "the same certificate declared again stays verified"
    raised = registry.client.patch(
        f"/providers/{uscc}", json={"qualifications": [cert | {"level": "甲级"}]}, headers=own
    )
    assert raised.json["qualifications"][0]["verified"] is False and raised.json["valid_categories"] == []
    assert registry.client.get(f"/directory/providers/{uscc}").json["qualifications"] == []
    seen.events("agency-updated", subject=uscc, valid_categories=[])


@pytest.mark.parametrize("kind", ["provider", "expert", "enterprise"])
def test_a_patch_with_half_a_nested_item_is_422_not_500(registry, token, kind):
    if kind == "provider":
        record, owner = register_provider(registry, token), "agency"
        url, extra = (
            f"/providers/{record['id']}",
            [{"staff": {"safety_engineers": 1}}, {"qualifications": [{"category": "safety_evaluation"}]}],
        )
    elif kind == "expert":
        record = registry.client.post("/experts", json=expert_body(), headers=token(*REGULATOR)).json
        url, owner, extra = f"/experts/{record['id']}", "expert", []
    else:
        record = registry.client.post("/enterprises", json=enterprise_body(), headers=token("admin")).json
        url, owner, extra = f"/enterprises/{record['id']}", "enterprise", []
    for body in [{"contacts": [{"phone": "13800000000"}]}, *extra]:
        response = registry.client.patch(url, json=body, headers=token(owner, record["id"]))
        assert response.status_code == 422 and response.content_type == "application/problem+json", (body, response)


def test_an_expert_cannot_undo_a_regulators_retirement(registry, token):
    expert_id = registry.client.post("/experts", json=expert_body(), headers=token(*REGULATOR)).json["id"]
    url, himself = f"/experts/{expert_id}/status", token("expert", expert_id)

    def move(status, headers):
        return registry.client.post(url, json={"status": status, "reason": "年度考核"}, headers=headers)

    assert move("suspended", token(*REGULATOR)).json["status"] == "suspended"
    assert move("retired", token(*REGULATOR)).json["self_retired"] is False
    assert move("active", himself).status_code == 403
    assert move("active", token(*REGULATOR)).json["status"] == "active"
    assert move("retired", himself).json["self_retired"] is True
    assert move("active", himself).json["status"] == "active", "his own retirement he may undo"
