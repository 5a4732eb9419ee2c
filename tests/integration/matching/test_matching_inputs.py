"""Bad input never answers 500: bad cursors and bodies are 422, unknown ids 404; inspection listings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.clock import isotime, jiaxing_day, utcnow
from tests.integration.matching.conftest import agency, demand_body, enterprise, offer_body
from tests.support.harness import new_id

pytestmark = pytest.mark.integration


def test_bad_input_is_422_and_unknown_ids_404(matching, token):
    ag, buyer = new_id("ag"), new_id("ent")
    matching.send_and_wait(agency(ag), enterprise(buyer))
    api, as_buyer, as_agency = matching.client, token("enterprise", buyer), token("agency", ag)

    for bad in (
        {"budget_fen": -1},
        {"budget_fen": 1.5},
        {"budget_fen": "100"},
        {"offer_deadline": isotime(utcnow() - timedelta(minutes=1))},
        {"offer_deadline": "tomorrow"},
        {"county": "999999"},
        {"industry": "ZZ"},
        {"description": ""},
    ):
        answer = api.post("/demands", json=demand_body(**bad), headers=as_buyer)
        assert answer.status_code == 422, (bad, answer.json)
        assert [e["field"] for e in answer.json["errors"]] == list(bad), bad
    not_json = api.post("/demands", data="not json", headers=as_buyer, content_type="application/json")
    assert not_json.status_code in (400, 422)
    for cursor in ("!!!", "bm90IGpzb24", "WzFd", "eyJhIjogMX0="):
        assert api.get(f"/demands?cursor={cursor}", headers=as_buyer).status_code == 422, cursor
        assert api.get(f"/contracts?cursor={cursor}", headers=as_buyer).status_code == 422, cursor
        assert api.get(f"/agencies/{ag}/practice-record?cursor={cursor}").status_code == 422, cursor
    assert api.get("/demands?limit=0", headers=as_buyer).status_code == 422
    assert api.get("/demands?status=nope", headers=as_buyer).status_code == 422

    demand_id = api.post("/demands", json=demand_body(), headers=as_buyer).json["id"]
    for bad in (
        {"price_fen": 2_500_000.0},
        {"price_fen": 99.5},
        {"price_fen": -1},
        {"duration_days": 0},
        {"duration_days": 1.5},
        {"plan": ""},
    ):
        answer = api.post(f"/demands/{demand_id}/offers", json=offer_body(**bad), headers=as_agency)
        assert answer.status_code == 422, (bad, answer.json)
    assert api.get(f"/demands/{demand_id}/recommendations?limit=0", headers=as_buyer).status_code == 422

    for method, path in (
        ("get", "/demands/dm-unknown"),
        ("post", "/demands/dm-unknown/cancel"),
        ("get", "/demands/dm-unknown/recommendations"),
        ("get", "/contracts/ct-unknown"),
        ("post", "/contracts/ct-unknown/sign"),
        ("get", "/contracts/ct-unknown/inspections"),
    ):
        assert getattr(api, method)(path, headers=as_buyer).status_code == 404, path
    assert api.post("/demands/dm-unknown/offers", json=offer_body(), headers=as_agency).status_code == 404
    assert (
        api.post("/contracts/ct-unknown/complete", json={"on_time": True, "score": 3}, headers=as_buyer).status_code
        == 404
    )
    assert (
        api.post(
            "/contracts/ct-unknown/terminate", json={"at_fault": "none", "reason": "x"}, headers=as_buyer
        ).status_code
        == 404
    )
    assert (
        api.post(
            "/contracts/ct-unknown/inspections", json={"inspected_on": "2026-01-01"}, headers=as_agency
        ).status_code
        == 404
    )


def test_inspections_of_a_contract_are_listed_for_its_parties(matching, token):
    ag, buyer = new_id("ag"), new_id("ent")
    matching.send_and_wait(agency(ag), enterprise(buyer))
    api, as_buyer, as_agency = matching.client, token("enterprise", buyer), token("agency", ag)
    demand_id = api.post("/demands", json=demand_body(), headers=as_buyer).json["id"]
    offer_id = api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=as_agency).json["id"]
    contract_id = api.post(f"/demands/{demand_id}/offers/{offer_id}/accept", headers=as_buyer).json["id"]
    for who in (as_buyer, as_agency):
        api.post(f"/contracts/{contract_id}/sign", headers=who)
    today = jiaxing_day(utcnow()).isoformat()
    tomorrow = (jiaxing_day(utcnow()) + timedelta(days=1)).isoformat()
    assert (
        api.post(
            f"/contracts/{contract_id}/inspections", headers=as_agency, json={"inspected_on": tomorrow}
        ).status_code
        == 422
    )  # not in the future (test_matching_fact_days)
    recorded = api.post(
        f"/contracts/{contract_id}/inspections", headers=as_agency, json={"inspected_on": today, "hazards_major": 1}
    )
    assert recorded.status_code == 201

    listing = api.get(f"/contracts/{contract_id}/inspections", headers=as_buyer)
    assert listing.status_code == 200
    assert [(i["id"], i["major_hazard"]) for i in listing.json["items"]] == [(recorded.json["id"], True)]
    stranger = token("enterprise", new_id("ent"))
    assert api.get(f"/contracts/{contract_id}/inspections", headers=stranger).status_code == 403
    assert api.get(f"/contracts/{contract_id}/inspections", headers=token("regulator", "330411")).status_code == 200
    assert (
        api.post(
            f"/contracts/{contract_id}/complete",
            headers=as_buyer,
            json={"on_time": True, "score": 4, "completed_on": tomorrow},
        ).status_code
        == 422
    )


def test_each_buyer_role_posts_as_its_buyer_type_and_others_are_refused(matching, token):
    firm, own = new_id("ent"), new_id("ent")
    matching.send_and_wait(enterprise(firm), enterprise(own))
    cases = [
        ("insurer", "insurer", new_id("ins"), firm),
        ("association", "association", new_id("ass"), None),
        ("official", "government", "330411", firm),
        ("enterprise", "enterprise", own, None),
        ("enterprise", "enterprise", own, own),
    ]
    for role, buyer_type, org, named in cases:
        posted = matching.client.post("/demands", json=demand_body(enterprise_id=named), headers=token(role, org))
        assert posted.status_code == 201, posted.json
        assert (posted.json["buyer_type"], posted.json["buyer_id"]) == (buyer_type, org)
        assert posted.json["enterprise_id"] == (org if role == "enterprise" else named)
    for role in ("agency", "expert", "finance"):
        refused = matching.client.post("/demands", json=demand_body(), headers=token(role, new_id("x")))
        assert refused.status_code == 403, role
