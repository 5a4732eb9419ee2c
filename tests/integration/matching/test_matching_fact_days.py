"""Facts cannot come from the future (issue 25 item 4): a contract's completion, termination or inspection dated
after the request's day (the service clock's Jiaxing day) or before 1990 is 422 naming the field; the offer deadline
is judged by the service clock too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.clock import FixedClock, isotime, utcnow
from tests.integration.matching.conftest import agency, demand_body, enterprise, offer_body
from tests.support.harness import new_id

pytestmark = pytest.mark.integration


def _refused(response, field: str) -> str:
    assert response.status_code == 422 and response.content_type == "application/problem+json", response.json
    (error,) = response.json["errors"]
    assert error["field"] == field
    return " ".join(error["messages"])


def test_contract_facts_are_dated_from_1990_to_the_service_clocks_day(matching, token):
    ag, buyer = new_id("ag"), new_id("ent")
    matching.send_and_wait(agency(ag), enterprise(buyer))
    clock = matching.client.application.extensions["anfu"].clock = FixedClock(utcnow())
    api, as_buyer, as_agency = matching.client, token("enterprise", buyer), token("agency", ag)
    demand_id = api.post("/demands", json=demand_body(), headers=as_buyer).json["id"]
    offer_id = api.post(f"/demands/{demand_id}/offers", json=offer_body(), headers=as_agency).json["id"]
    contract_id = api.post(f"/demands/{demand_id}/offers/{offer_id}/accept", headers=as_buyer).json["id"]
    for who in (as_buyer, as_agency):
        assert api.post(f"/contracts/{contract_id}/sign", headers=who).status_code == 200
    url = f"/contracts/{contract_id}"
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    for day, words in ((tomorrow, f"after the day it is received ({clock.today()})"), ("1989-12-31", "1990-01-01")):
        said = _refused(api.post(f"{url}/inspections", headers=as_agency, json={"inspected_on": day}), "inspected_on")
        assert words in said
        done = {"on_time": True, "score": 4, "completed_on": day}
        assert words in _refused(api.post(f"{url}/complete", headers=as_buyer, json=done), "completed_on")
        ended = {"at_fault": "none", "reason": "双方协商", "terminated_on": day}
        assert words in _refused(api.post(f"{url}/terminate", headers=as_buyer, json=ended), "terminated_on")
    clock.advance(timedelta(days=1))  # tomorrow has come on the service clock: the same day is taken
    recorded = api.post(f"{url}/inspections", headers=as_agency, json={"inspected_on": tomorrow})
    assert recorded.status_code == 201, recorded.json
    done = api.post(f"{url}/complete", headers=as_buyer, json={"on_time": True, "score": 4, "completed_on": tomorrow})
    assert done.status_code == 200 and done.json["completed_on"] == tomorrow


def test_the_offer_deadline_is_judged_by_the_service_clock(matching, token):
    buyer = new_id("ent")
    matching.send_and_wait(enterprise(buyer))
    matching.client.application.extensions["anfu"].clock = FixedClock(utcnow() + timedelta(days=30))
    in_a_week = demand_body(offer_deadline=isotime(utcnow() + timedelta(days=7)))  # past, by the service clock
    said = _refused(
        matching.client.post("/demands", json=in_a_week, headers=token("enterprise", buyer)), "offer_deadline"
    )
    assert "future" in said
