"""Offers racing on one demand (offers live in the demand's document): every request is retried on a transient
conflict, never 503, and each applies on top of the others (the demand's version counts them all)."""

from __future__ import annotations

import pytest

from tests.integration.matching.conftest import agency, demand_body, enterprise, offer_body
from tests.support.harness import new_id
from tests.support.races import race

pytestmark = pytest.mark.integration

AGENCIES = 8


def test_concurrent_offers_and_withdrawals_on_one_demand_all_apply(matching, token):
    agencies, buyer = [new_id("ag") for _ in range(AGENCIES)], new_id("ent")
    matching.send_and_wait(*(agency(a) for a in agencies), enterprise(buyer))
    api = matching.client
    demand_id = api.post("/demands", json=demand_body(), headers=token("enterprise", buyer)).json["id"]
    offers: dict[str, str] = {}

    def write(caller: int, n: int) -> int:
        """Round 0 and 2: each agency offers (a different price each); round 1: each withdraws its offer."""
        headers, path = token("agency", agencies[caller]), f"/demands/{demand_id}/offers"
        if n == 1:
            return api.post(f"{path}/{offers[agencies[caller]]}/withdraw", headers=headers).status_code
        response = api.post(path, json=offer_body(price_fen=2_000_000 + caller * 1000 + n), headers=headers)
        offers[agencies[caller]] = response.json.get("id")
        return response.status_code

    statuses = race(write, AGENCIES, 3)
    assert statuses == [201] * AGENCIES + [200] * AGENCIES + [201] * AGENCIES, statuses
    stored = matching.ctx.db["demands"].find_one({"_id": demand_id})
    assert stored["version"] == 1 + len(statuses)
    live = {o["agency_id"]: o["price_fen"] for o in stored["offers"] if o["status"] == "submitted"}
    assert live == {a: 2_000_000 + caller * 1000 + 2 for caller, a in enumerate(agencies)}
    assert sum(o["status"] == "withdrawn" for o in stored["offers"]) == AGENCIES
