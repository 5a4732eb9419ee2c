"""Recommendations read from the ladder equal the plain ranking of every provider in the projection, and the
ladder follows the registry and credit events (moves, exclusions, events out of order)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.clock import isotime, utcnow
from services.matching.domain.recommend import Track, recommend
from services.matching.store import MatchingStore
from services.matching.store.providers import LADDER, PROVIDERS, ladder_entries, provider_from_doc
from services.matching.views.market import CITY_COUNTIES, _plain
from tests.integration.matching.conftest import agency, demand_body, enterprise, rating
from tests.integration.matching.test_matching_rules import award
from tests.support.harness import new_id

pytestmark = pytest.mark.integration


def plain_ranking(matching, demand_id: str, limit: int) -> list[dict]:
    """The full ranking: every provider of the projection, contract counts for all of them."""
    with matching.ctx.uow() as uow:
        store = MatchingStore(uow)
        demand = store.demand(demand_id)
        running, done = store.contract_counts(demand.industry)
        providers = [provider_from_doc(d) for d in uow[PROVIDERS].find()]
        today = uow.today
    tracks = {p.agency_id: Track({demand.industry: done.get(p.agency_id, 0)}, running.get(p.agency_id, 0))
              for p in providers}
    return [_plain(r) for r in recommend(demand, providers, tracks, CITY_COUNTIES, today, limit)]


def assert_ladder_follows_the_projection(db) -> None:
    docs = list(db[PROVIDERS].find())
    assert all(d["ladder"] == ladder_entries(d) and "ladder_stale" not in d for d in docs)
    rungs = {d["_id"]: d["entries"] for d in db[LADDER].find({"entries": {"$exists": True}})}
    held = sorted((rung, e["_id"]) for rung, entries in rungs.items() for e in entries)
    assert held == sorted((rung, d["_id"]) for d in docs for rung in d["ladder"])
    counts = {f"{d['_id']}:{s}": n for d in db[LADDER].find({"counts": {"$exists": True}})
              for s, n in d["counts"].items() if n}
    assert counts == {rung: len(entries) for rung, entries in rungs.items() if entries}


def test_recommendations_from_the_ladder_equal_the_full_ranking(matching, token):
    ids = [new_id("ag") for _ in range(12)]
    buyer, busy = new_id("ent"), ids[0]
    expired = (utcnow().date() - timedelta(days=1)).isoformat()
    soon = (utcnow().date() + timedelta(days=30)).isoformat()
    older = isotime(utcnow() - timedelta(hours=1))
    api, as_buyer, gov = matching.client, token("enterprise", buyer), token("regulator", "330400")
    matching.send_and_wait(enterprise(buyer), *[
        agency(a, county="330411" if i % 3 else "330402", town=None if i % 4 else "330411101")
        for i, a in enumerate(ids)])
    other = api.post("/demands", json=demand_body(), headers=as_buyer).json["id"]
    award(api, other, as_buyer, token("agency", busy))  # busy has a contract running
    matching.send_and_wait(
        *[rating(a, 70 + (i * 7) % 20, "B") for i, a in enumerate(ids[:10])],  # ids[10:] stay unrated
        rating(ids[2], 95, "A"), rating(ids[3], 40, "D"), rating(ids[4], 88, "A", rectification_until=soon),
        agency(ids[5], status="suspended", type_="agency-updated"),
        agency(ids[6], valid_until=expired, type_="agency-updated"))
    matching.send_and_wait(rating(ids[7], 99, "A"), rating(ids[7], 50, "C", time=older))  # the older one loses

    assert_ladder_follows_the_projection(matching.ctx.db)
    for who, limit in ((as_buyer, 5), (gov, 1), (as_buyer, 20)):
        demand_id = api.post("/demands", json=demand_body(), headers=who).json["id"]
        items = api.get(f"/demands/{demand_id}/recommendations?limit={limit}", headers=who).json["items"]
        assert [{k: v for k, v in i.items() if k != "has_offered"} for i in items] == plain_ranking(
            matching, demand_id, limit)
        assert ids[7] == items[0]["agency_id"] and {ids[3], ids[4], ids[5], ids[6]}.isdisjoint(
            i["agency_id"] for i in items)
