"""Issue 11 on the real stack, each written as the abuse it reported: a buyer sinking an agency with unsigned
terminations, a self-certified agency winning a 甲级 demand, reads and enterprise ids that should not pass."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.clock import FixedClock, isotime, utcnow
from tests.integration.matching.conftest import agency, demand_body, enterprise, offer_body
from tests.support.harness import new_id

pytestmark = pytest.mark.integration


def award(api, demand_id: str, as_buyer: dict, as_agency: dict) -> str:
    offer_id = api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=as_agency).json["id"]
    contract = api.post(f"/demands/{demand_id}/offers/{offer_id}/accept", headers=as_buyer)
    assert contract.status_code == 201, contract.json
    return contract.json["id"]


def published(matching, event_type: str, contract_id: str) -> int:
    """Events of `event_type` about the contract in matching's outbox (the only way out of the service)."""
    return matching.ctx.db["outbox"].count_documents(
        {"envelope.type": event_type, "envelope.data.contract_id": contract_id}
    )


def test_a_buyer_cannot_blame_an_agency_for_an_unsigned_contract(matching, token, probe):
    ag, buyer = new_id("ag"), new_id("ent")
    matching.send_and_wait(agency(ag), enterprise(buyer))
    events = probe("contract-terminated")
    api, as_buyer, as_agency = matching.client, token("enterprise", buyer), token("agency", ag)
    demand_id = api.post("/demands", json=demand_body(), headers=as_buyer).json["id"]

    contract_id = award(api, demand_id, as_buyer, as_agency)
    blamed = api.post(
        f"/contracts/{contract_id}/terminate", headers=as_buyer, json={"at_fault": "agency", "reason": "机构迟迟不签"}
    )
    assert blamed.status_code == 409 and blamed.json["state"] == "pending"
    assert (
        api.post(f"/contracts/{contract_id}/withdraw", json={}, headers=token("enterprise", new_id("ent"))).status_code
        == 403
    )
    withdrawn = api.post(f"/contracts/{contract_id}/withdraw", json={"reason": "预算调整"}, headers=as_buyer)
    assert withdrawn.status_code == 200, withdrawn.json
    assert (withdrawn.json["status"], withdrawn.json["withdrawn_by"], withdrawn.json["at_fault"]) == (
        "withdrawn",
        "buyer",
        None,
    )
    assert published(matching, "contract-terminated", contract_id) == 0, "nobody outside heard of it"
    assert api.post(f"/contracts/{contract_id}/sign", headers=as_agency).status_code == 409
    reopened = api.get(f"/demands/{demand_id}", headers=as_buyer).json
    assert reopened["status"] == "open" and reopened["awarded_offer_id"] is None

    again = award(api, demand_id, as_buyer, as_agency)  # the same agency offers anew and is chosen again
    assert api.post(f"/contracts/{again}/withdraw", json={}, headers=as_agency).json["withdrawn_by"] == "agency"
    signed = award(api, demand_id, as_buyer, as_agency)
    for who in (as_buyer, as_agency):
        api.post(f"/contracts/{signed}/sign", headers=who)
    assert api.post(f"/contracts/{signed}/withdraw", json={}, headers=as_buyer).status_code == 409
    ended = api.post(
        f"/contracts/{signed}/terminate", headers=as_buyer, json={"at_fault": "agency", "reason": "未交付"}
    )
    assert ended.status_code == 200 and ended.json["terminated_by"] == "buyer"
    [event] = events.events("contract-terminated", contract_id=signed)
    assert (event.data["at_fault"], event.data["terminated_by"]) == ("agency", "buyer"), "a claim, not an admission"


def test_a_withdrawal_after_the_deadline_expires_the_demand(matching, token):
    ag, buyer = new_id("ag"), new_id("ent")
    matching.send_and_wait(agency(ag), enterprise(buyer))
    api, as_buyer = matching.client, token("enterprise", buyer)
    demand_id = api.post("/demands", json=demand_body(), headers=as_buyer).json["id"]
    contract_id = award(api, demand_id, as_buyer, token("agency", ag))
    api.application.extensions["anfu"].clock = FixedClock(utcnow() + timedelta(days=8))  # past the deadline
    assert api.post(f"/contracts/{contract_id}/withdraw", json={}, headers=as_buyer).status_code == 200
    assert api.get(f"/demands/{demand_id}", headers=as_buyer).json["status"] == "expired"


def test_a_self_certified_agency_wins_nothing(matching, token):
    honest, self_made, buyer = new_id("ag"), new_id("ag"), new_id("ent")
    matching.send_and_wait(
        agency(honest, level="甲级"), agency(self_made, level="甲级", verified=False), enterprise(buyer)
    )
    api, as_buyer = matching.client, token("enterprise", buyer)
    demand_id = api.post("/demands", json=demand_body(needed_qualification="甲级"), headers=as_buyer).json["id"]
    listed = [r["agency_id"] for r in api.get(f"/demands/{demand_id}/recommendations", headers=as_buyer).json["items"]]
    assert honest in listed and self_made not in listed
    refused = api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=token("agency", self_made))
    assert refused.status_code == 409
    assert refused.json["reasons"] == ["no verified, valid qualification for safety_evaluation at level 甲级"]


def test_a_demand_is_read_only_by_those_it_concerns(matching, token):
    fitting, other_kind, offered, e1 = new_id("ag"), new_id("ag"), new_id("ag"), new_id("ent")
    matching.send_and_wait(
        agency(fitting, county="330402", town=None),
        agency(offered),
        enterprise(e1),
        agency(other_kind, categories=("safety_training",)),
    )
    api = matching.client
    demand_id = api.post("/demands", json=demand_body(), headers=token("enterprise", e1)).json["id"]
    api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=token("agency", offered))
    readers = {
        ("enterprise", e1): 200,
        ("regulator", "330400"): 200,
        ("admin", None): 200,
        ("agency", fitting): 200,
        ("agency", offered): 200,
        ("enterprise", new_id("ent")): 403,
        ("insurer", new_id("ins")): 403,
        ("agency", other_kind): 403,
        ("agency", new_id("ag")): 403,
        ("official", "330411"): 403,
    }
    seen = {who: api.get(f"/demands/{demand_id}", headers=token(*who)) for who in readers}
    assert {who: r.status_code for who, r in seen.items()} == readers
    assert [o["agency_id"] for o in seen[("agency", fitting)].json["offers"]] == []
    assert len(seen[("regulator", "330400")].json["offers"]) == 1

    api.post(f"/demands/{demand_id}/cancel", headers=token("enterprise", e1))
    assert api.get(f"/demands/{demand_id}", headers=token("agency", fitting)).status_code == 403, "no longer listed"
    assert api.get(f"/demands/{demand_id}", headers=token("agency", offered)).status_code == 200


def test_a_demand_serves_a_registered_enterprise_its_buyer_acts_for(matching, token):
    firm, gone, unknown_self = new_id("ent"), new_id("ent"), new_id("ent")
    matching.send_and_wait(
        enterprise(firm, county="330482", town="330482001"),
        enterprise(gone),
        enterprise(
            gone, status="deregistered", type_="enterprise-updated", time=isotime(utcnow() + timedelta(seconds=1))
        ),
    )
    api = matching.client

    def post(role, org, named):
        return api.post("/demands", json=demand_body(enterprise_id=named), headers=token(role, org))

    insurer = post("insurer", new_id("ins"), "ANY-ENTERPRISE-ID")
    assert insurer.status_code == 422 and insurer.json["errors"][0]["field"] == "enterprise_id"
    assert post("insurer", new_id("ins"), gone).status_code == 422, "deregistered"
    assert post("enterprise", firm, new_id("ent")).status_code == 422, "an enterprise buyer serves itself"
    assert post("enterprise", unknown_self, None).status_code == 409, "not a registered enterprise"
    assert post("official", "330411", firm).status_code == 403, "秀洲区 does not act for a 平湖市 enterprise"
    for role, org in (
        ("official", "330482"),
        ("regulator", "330400"),
        ("insurer", new_id("ins")),
        ("enterprise", firm),
    ):
        posted = post(role, org, firm)
        assert posted.status_code == 201 and posted.json["enterprise_id"] == firm, (role, posted.json)
