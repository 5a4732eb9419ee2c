"""Roles, ownership and illegal state changes at the HTTP edge; government buyers; termination; expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.clock import FixedClock, isotime, jiaxing_day, utcnow
from services.common.errors import Conflict
from services.matching import jobs
from services.matching.store import MatchingStore
from tests.integration.matching.conftest import agency, demand_body, enterprise, offer_body, rating
from tests.support.harness import new_id

pytestmark = pytest.mark.integration


def test_roles_ownership_and_conflicts(matching, token):
    ag, unqualified, buyer = new_id("ag"), new_id("ag"), new_id("ent")
    matching.send_and_wait(agency(ag), agency(unqualified), rating(unqualified, 30, "D"), enterprise(buyer))
    api, as_buyer, as_agency = matching.client, token("enterprise", buyer), token("agency", ag)
    as_other_buyer = token("enterprise", new_id("ent"))

    assert api.post("/demands", json=demand_body()).status_code == 401
    assert api.post("/demands", json=demand_body(), headers=as_agency).status_code == 403
    bad = api.post(
        "/demands",
        headers=as_buyer,
        json=demand_body(
            category="astrology", town="330402100", offer_deadline=isotime(utcnow() - timedelta(days=1)), extra=1
        ),
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"category", "extra"}
    bad = api.post("/demands", headers=as_buyer, json=demand_body(town="330402100"))
    assert bad.status_code == 422 and [e["field"] for e in bad.json["errors"]] == ["town"]
    assert api.get("/demands/nope", headers=as_buyer).status_code == 404

    demand_id = api.post("/demands", json=demand_body(), headers=as_buyer).json["id"]
    assert api.get(f"/demands/{demand_id}/recommendations", headers=as_other_buyer).status_code == 403
    shortlist = api.get(f"/demands/{demand_id}/recommendations", headers=as_buyer).json["items"]
    assert ag in [r["agency_id"] for r in shortlist] and unqualified not in [r["agency_id"] for r in shortlist]
    assert api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=as_buyer).status_code == 403
    refused = api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=token("agency", unqualified))
    assert refused.status_code == 409 and refused.json["reasons"] == ["credit grade D"]
    offer_id = api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=as_agency).json["id"]
    assert api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=as_agency).status_code == 409
    assert (
        api.post(f"/demands/{demand_id}/offers/{offer_id}/withdraw", headers=token("agency", unqualified)).status_code
        == 403
    )
    assert api.post(f"/demands/{demand_id}/offers/{offer_id}/accept", headers=as_other_buyer).status_code == 403
    assert api.post(f"/demands/{demand_id}/cancel", headers=as_other_buyer).status_code == 403

    contract_id = api.post(f"/demands/{demand_id}/offers/{offer_id}/accept", headers=as_buyer).json["id"]
    assert api.post(f"/demands/{demand_id}/offers/{offer_id}/accept", headers=as_buyer).status_code == 409
    assert api.post(f"/demands/{demand_id}/cancel", headers=as_buyer).status_code == 409
    assert api.post(f"/demands/{demand_id}/offers/{offer_id}/withdraw", headers=as_agency).status_code == 409

    assert api.post(f"/contracts/{contract_id}/sign", headers=token("agency", unqualified)).status_code == 403
    assert (
        api.post(f"/contracts/{contract_id}/complete", json={"on_time": True, "score": 4}, headers=as_buyer).status_code
        == 409
    )  # not signed yet
    assert api.post(f"/contracts/{contract_id}/sign", headers=as_agency).status_code == 200
    assert api.post(f"/contracts/{contract_id}/sign", headers=as_agency).status_code == 409
    assert api.post(f"/contracts/{contract_id}/sign", headers=as_buyer).json["status"] == "signed"
    assert (
        api.post(
            f"/contracts/{contract_id}/complete", json={"on_time": True, "score": 4}, headers=as_agency
        ).status_code
        == 403
    )
    assert (
        api.post(f"/contracts/{contract_id}/complete", json={"on_time": True, "score": 9}, headers=as_buyer).status_code
        == 422
    )
    inspection = {"inspected_on": jiaxing_day(utcnow()).isoformat(), "hazards_general": 1}
    assert api.post(f"/contracts/{contract_id}/inspections", json=inspection, headers=as_buyer).status_code == 403
    assert api.get(f"/contracts/{contract_id}", headers=as_other_buyer).status_code == 403
    assert api.get(f"/contracts/{contract_id}", headers=token("regulator", "330411")).status_code == 200
    assert [c["id"] for c in api.get("/contracts", headers=as_agency).json["items"]] == [contract_id]


def test_government_buyer_termination_and_expiry(matching, token, probe):
    agencies = [new_id("ag") for _ in range(4)]
    matching.send_and_wait(*(agency(a) for a in agencies))
    events = probe("contract-terminated")
    api, gov = matching.client, token("regulator", "330411")

    demand = api.post("/demands", json=demand_body(category="safety_evaluation"), headers=gov).json
    assert demand["buyer_type"] == "government" and demand["enterprise_id"] is None
    shortlist = api.get(f"/demands/{demand['id']}/recommendations?limit=1", headers=gov).json["items"]
    assert len(shortlist) == 3  # a government buyer always sees at least three candidates
    assert api.post(f"/demands/{demand['id']}/offers/of-designated/accept", headers=gov).status_code == 409

    offer = api.post(f"/demands/{demand['id']}/offers", json=offer_body(), headers=token("agency", agencies[0])).json
    contract = api.post(f"/demands/{demand['id']}/offers/{offer['id']}/accept", headers=gov).json
    _two_signatures_at_once_do_not_both_win(matching.ctx, contract["id"])
    api.post(f"/contracts/{contract['id']}/sign", headers=token("agency", agencies[0]))
    ended = api.post(
        f"/contracts/{contract['id']}/terminate",
        headers=token("agency", agencies[0]),
        json={"at_fault": "buyer", "reason": "项目取消"},
    )
    assert ended.status_code == 200 and ended.json["status"] == "terminated"
    [event] = events.events("contract-terminated", contract_id=contract["id"])
    assert (event.data["at_fault"], event.data["terminated_by"], event.data["buyer_type"]) == (
        "buyer",
        "agency",
        "government",
    )
    assert api.get(f"/demands/{demand['id']}", headers=gov).json["status"] == "closed"

    quiet = api.post("/demands", json=demand_body(), headers=gov).json
    waiting = api.post("/demands", json=demand_body(), headers=gov).json
    api.post(f"/demands/{waiting['id']}/offers", json=offer_body(), headers=token("agency", agencies[1]))
    matching.ctx.clock = FixedClock(utcnow() + timedelta(days=8))  # after the deadline
    assert jobs.expire_demands(matching.ctx) == 1
    statuses = {d["id"]: d["status"] for d in api.get("/demands", headers=gov).json["items"]}
    assert (statuses[quiet["id"]], statuses[waiting["id"]]) == ("expired", "open")  # offers wait: award window
    matching.ctx.clock.advance(timedelta(days=15))
    assert jobs.expire_demands(matching.ctx) == 1
    assert api.get(f"/demands/{waiting['id']}", headers=gov).json["status"] == "expired"


def _two_signatures_at_once_do_not_both_win(ctx, contract_id):
    first, second = MatchingStore(ctx.read()), MatchingStore(ctx.read())
    by_buyer, by_agency = first.contract(contract_id), second.contract(contract_id)
    by_buyer.sign("buyer", utcnow())
    first.save_contract(by_buyer)
    by_agency.sign("agency", utcnow())
    with pytest.raises(Conflict):
        second.save_contract(by_agency)  # it would have erased the buyer's signature
    assert MatchingStore(ctx.read()).contract(contract_id).buyer_signed_at is not None
