"""Events on the real broker: full state on every change, never the ID number, the daily validity check."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.registry.jobs import publish_validity_changes
from tests.integration.registry.conftest import days, enterprise_body, expert_body, on_day, provider_body, verify

pytestmark = pytest.mark.integration


def test_agency_registered_then_updated_with_full_state(registry, token, probe):
    seen = probe("agency-registered", "agency-updated")
    body = provider_body()
    uscc = body["uscc"]
    assert registry.client.post("/providers", json=body, headers=token("agency", uscc)).status_code == 201
    [registered] = seen.events("agency-registered", subject=uscc)
    data = registered.data
    assert (data["agency_id"], data["uscc"], data["kind"], data["county"], data["town"]) == (
        uscc,
        uscc,
        "agency",
        "330411",
        "330411101",
    )
    assert data["categories"] == body["categories"] and data["qualifications"][0]["certificate_no"] == "APJ-(浙)-001"
    assert data["valid_categories"] == [] and data["cluster_base"] is True, "declared, not verified yet"
    assert data["qualifications"][0]["verified"] is False
    assert (data["staff_count"], data["safety_engineers"], data["status"]) == (20, 4, "active")
    assert "contacts" not in data and registered.source.endswith("registry")

    registry.client.post(
        f"/providers/{uscc}/status",
        json={"status": "suspended", "reason": "抽查不合格"},
        headers=token("regulator", "330400"),
    )
    [updated] = seen.events("agency-updated", subject=uscc, status="suspended")
    assert updated.data["name"] == body["name"] and updated.data["qualifications"] == data["qualifications"]


def test_nothing_is_published_when_a_change_is_refused(registry, token, probe):
    seen = probe("agency-updated")
    body = provider_body()
    uscc = body["uscc"]
    registry.client.post("/providers", json=body, headers=token("agency", uscc))
    assert (
        registry.client.patch(
            f"/providers/{uscc}", json={"town": "330402007"}, headers=token("agency", uscc)
        ).status_code
        == 422
    )
    registry.client.patch(f"/providers/{uscc}", json={"name": "改名后"}, headers=token("agency", uscc))
    [only] = seen.events("agency-updated", subject=uscc)
    assert only.data["name"] == "改名后" and only.data["town"] == "330411101"


def test_expert_events_never_carry_the_id_number(registry, token, probe):
    seen = probe("expert-registered", "expert-updated")
    body = expert_body()
    expert_id = registry.client.post("/experts", json=body, headers=token("regulator", "330400")).json["id"]
    [registered] = seen.events("expert-registered", subject=expert_id)
    assert registered.data["grade"] == "senior" and registered.data["industries"] == ["C", "E"]
    registry.client.post(
        f"/experts/{expert_id}/status",
        json={"status": "banned", "reason": "造假"},
        headers=token("regulator", "330400"),
    )
    [banned] = seen.events("expert-updated", subject=expert_id, status="banned")
    assert banned.data["available"] is False
    for event in (registered, banned):
        assert body["id_number"] not in str(event.to_dict()) and "contacts" not in event.data


def test_enterprise_events(registry, token, probe):
    seen = probe("enterprise-registered", "enterprise-updated")
    body = enterprise_body()
    registry.client.post("/enterprises", json=body, headers=token("enterprise", body["uscc"]))
    [registered] = seen.events("enterprise-registered", subject=body["uscc"])
    assert (registered.data["industry"], registered.data["industry_section"], registered.data["county"]) == (
        "C3311",
        "C",
        "330482",
    )
    registry.client.patch(
        f"/enterprises/{body['uscc']}", json={"high_risk": True}, headers=token("enterprise", body["uscc"])
    )
    assert seen.events("enterprise-updated", subject=body["uscc"], high_risk=True)


def test_daily_check_republishes_when_a_qualification_lapses(registry, token, probe):
    seen = probe("agency-updated")
    body = provider_body(
        qualifications=[
            {
                "category": "safety_evaluation",
                "certificate_no": "ENDS-TODAY",
                "issuer": "浙江省应急管理厅",
                "valid_from": days(-300),
                "valid_until": days(0),
            }
        ],
        cluster_base=None,
    )
    uscc = body["uscc"]
    registry.client.post("/providers", json=body, headers=token("agency", uscc))
    verify(registry, token, uscc, body["qualifications"][0])
    today = date.fromisoformat(days(0))
    assert publish_validity_changes(on_day(registry.ctx, today)) == 0, "nothing lapsed yet"

    tomorrow = today + timedelta(days=1)
    assert publish_validity_changes(on_day(registry.ctx, tomorrow)) == 1
    [lapsed] = seen.events("agency-updated", subject=uscc, as_of=tomorrow.isoformat())
    assert lapsed.data["valid_categories"] == [] and lapsed.data["as_of"] == tomorrow.isoformat()
    assert lapsed.data["qualifications"][0]["valid_until"] == days(0)
    assert publish_validity_changes(on_day(registry.ctx, tomorrow)) == 0, "published once"


def test_daily_check_republishes_when_the_cluster_base_residency_ends(registry, token, probe):
    from services.registry.worker import WORKER

    assert publish_validity_changes in WORKER.jobs, "the worker runs the check on its schedule"
    seen = probe("agency-updated")
    body = provider_body(cluster_base={"since": days(-30), "until": days(0)})
    registry.client.post("/providers", json=body, headers=token("agency", body["uscc"]))
    verify(registry, token, body["uscc"], body["qualifications"][0])
    tomorrow = date.fromisoformat(days(1))
    assert publish_validity_changes(on_day(registry.ctx, tomorrow)) == 1
    [ended] = seen.events("agency-updated", subject=body["uscc"], as_of=tomorrow.isoformat())
    assert ended.data["cluster_base"] is False and ended.data["cluster_base_until"] == days(0)
    assert ended.data["valid_categories"] == ["safety_evaluation"], "the qualification is still valid"


def test_enterprise_deregistration_is_published_with_full_state(registry, token, probe):
    seen = probe("enterprise-updated")
    body = enterprise_body()
    registry.client.post("/enterprises", json=body, headers=token("enterprise", body["uscc"]))
    registry.client.post(
        f"/enterprises/{body['uscc']}/status", json={"status": "deregistered"}, headers=token("official", "330482")
    )
    [gone] = seen.events("enterprise-updated", subject=body["uscc"], status="deregistered")
    assert (gone.data["name"], gone.data["industry"], gone.data["town"]) == (body["name"], "C3311", "330482001")
    assert "contacts" not in gone.data
