"""From demand to completed contract through HTTP, with the events checked on the real broker."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.clock import isotime, utcnow
from tests.integration.matching.conftest import agency, demand_body, enterprise, offer_body, rating
from tests.support.harness import new_id

pytestmark = pytest.mark.integration
TOPICS = ("demand-posted", "offer-submitted", "contract-signed", "inspection-completed", "contract-completed")


def test_demand_to_completed_contract(matching, token, probe):
    near, far, buyer = new_id("ag"), new_id("ag"), new_id("ent")
    matching.send_and_wait(
        agency(near),
        agency(far, county="330402", town=None),
        rating(near, 92, "A"),
        rating(far, 95, "A"),
        enterprise(buyer),
    )
    events = probe(*TOPICS)
    api, as_buyer, as_near, as_far = (
        matching.client,
        token("enterprise", buyer),
        token("agency", near),
        token("agency", far),
    )

    posted = api.post("/demands", json=demand_body(), headers=as_buyer)
    assert posted.status_code == 201, posted.json
    demand_id = posted.json["id"]
    assert posted.json["buyer_type"] == "enterprise" and posted.json["enterprise_id"] == buyer
    assert posted.json["expires_at"] == posted.json["offer_deadline"]
    [event] = events.events("demand-posted", demand_id=demand_id)
    assert (event.subject, event.data["budget_fen"], event.data["county"]) == (demand_id, 3_000_000, "330411")

    shortlist = [
        r
        for r in api.get(f"/demands/{demand_id}/recommendations", headers=as_buyer).json["items"]
        if r["agency_id"] in (near, far)
    ]  # (the broker may hold other tests' agencies)
    assert [r["agency_id"] for r in shortlist] == [near, far]  # same town beats a 3-point better score
    assert {f["name"] for f in shortlist[0]["factors"]} == {"credit", "nearness", "experience", "fairness"}

    fitting = api.get("/demands", headers=as_near).json["items"]
    assert demand_id in [d["id"] for d in fitting]
    assert demand_id not in [d["id"] for d in api.get("/demands", headers=as_far).json["items"]]  # other county
    assert demand_id in [d["id"] for d in api.get("/demands?whole_city=true", headers=as_far).json["items"]]

    mine = api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=as_near)
    theirs = api.post(f"/demands/{demand_id}/offers", json=offer_body(price_fen=2_000_000), headers=as_far)
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert len(events.events("offer-submitted", count=2, demand_id=demand_id)) == 2
    assert [o["agency_id"] for o in api.get(f"/demands/{demand_id}", headers=as_far).json["offers"]] == [far]

    contract = api.post(f"/demands/{demand_id}/offers/{mine.json['id']}/accept", headers=as_buyer)
    assert contract.status_code == 201 and contract.json["status"] == "pending"
    contract_id = contract.json["id"]
    offers = {o["agency_id"]: o["status"] for o in api.get(f"/demands/{demand_id}", headers=as_buyer).json["offers"]}
    assert offers == {near: "accepted", far: "declined"}

    assert api.post(f"/contracts/{contract_id}/sign", headers=as_buyer).json["status"] == "pending"
    assert api.post(f"/contracts/{contract_id}/sign", headers=as_near).json["status"] == "signed"
    [signed] = events.events("contract-signed", contract_id=contract_id)
    assert (signed.subject, signed.data["price_fen"], signed.data["enterprise_id"]) == (near, 2_500_000, buyer)

    today = signed.data["signed_on"]
    inspection = api.post(
        f"/contracts/{contract_id}/inspections",
        headers=as_near,
        json={"inspected_on": today, "hazards_general": 3, "hazards_major": 1, "hazards_rectified": 2, "findings": 4},
    )
    assert inspection.status_code == 201 and inspection.json["major_hazard"] is True
    [found] = events.events("inspection-completed", contract_id=contract_id)
    assert (found.data["kind"], found.data["major_hazard"], found.data["passed"], found.data["town"]) == (
        "service_inspection",
        True,
        False,
        "330411101",
    )

    done = api.post(f"/contracts/{contract_id}/complete", json={"on_time": True, "score": 5}, headers=as_buyer)
    assert done.status_code == 200 and done.json["status"] == "completed"
    [completed] = events.events("contract-completed", contract_id=contract_id)
    assert (completed.subject, completed.data["on_time"], completed.data["score"]) == (near, True, 5)
    assert api.get(f"/demands/{demand_id}", headers=as_buyer).json["status"] == "closed"

    record = api.get(f"/agencies/{near}/practice-record")
    assert record.status_code == 200
    [entry] = record.json["items"]
    assert entry["status"] == "completed" and entry["buyer_type"] == "enterprise" and entry["on_time"] is True
    assert "price_fen" not in entry and "buyer_id" not in entry
    assert api.get(f"/agencies/{far}/practice-record").json["items"] == []


def test_the_projection_keeps_the_newest_state_whatever_the_order(matching, token):
    ag, buyer = new_id("ag"), new_id("ent")
    earlier, later = isotime(utcnow() - timedelta(minutes=5)), isotime(utcnow())
    suspended = agency(ag, status="suspended", type_="agency-updated", time=later)
    matching.send_and_wait(
        suspended,
        rating(ag, 95, "A", time=later),
        agency(ag, time=earlier),
        rating(ag, 40, "D", time=earlier),  # registered arrives last
        enterprise(buyer),
    )
    doc = matching.ctx.db["providers"].find_one({"_id": ag})
    assert (doc["status"], doc["rating"]["grade"]) == ("suspended", "A")

    demand_id = matching.client.post("/demands", json=demand_body(), headers=token("enterprise", buyer)).json["id"]
    refused = matching.client.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=token("agency", ag))
    assert refused.status_code == 409 and refused.json["reasons"] == ["status is suspended"]
