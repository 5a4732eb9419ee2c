"""Recommendations read from the ladder equal the plain ranking of every provider in the projection, and the
ladder follows the registry and credit events (moves, exclusions, events out of order), its rungs cut into
sections of at most `SECTION_SIZE` by agency id."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from services.common.clock import isotime, utcnow
from services.matching import handlers
from services.matching import store as matching_store
from services.matching.domain.recommend import EXPERIENCE_CAP, Track, recommend
from services.matching.store import CONTRACTS, MatchingStore
from services.matching.store.ladder import LADDER, SECTION_SIZE, section_id
from services.matching.store.providers import PROVIDERS, ladder_entries, provider_from_doc
from services.matching.views import CITY_COUNTIES, _plain
from tests.integration.matching.conftest import CATEGORY, agency, demand_body, enterprise, rating
from tests.integration.matching.test_matching_rules import award
from tests.support.harness import new_id

pytestmark = pytest.mark.integration


def plain_ranking(matching, demand_id: str, limit: int) -> list[dict]:
    """The full ranking: every provider of the projection, tracks counted from every contract (and the tracks
    matching keeps are checked against those counts)."""
    with matching.ctx.uow() as uow:
        store = MatchingStore(uow)
        demand = store.demand(demand_id)
        contracts = list(uow[CONTRACTS].find())
        providers = [provider_from_doc(d) for d in uow[PROVIDERS].find()]
        today = uow.today
        kept, best = store.tracks([p.agency_id for p in providers], demand.industry)
    running = Counter(c["agency_id"] for c in contracts if c["status"] in ("pending", "signed"))
    done = Counter(c["agency_id"] for c in contracts if c["status"] == "completed" and c["industry"] == demand.industry)
    tracks = {p.agency_id: Track({demand.industry: done[p.agency_id]}, running[p.agency_id]) for p in providers}
    assert {a: t for a, t in kept.items() if t.open_contracts or any(t.completed_by_industry.values())} == {
        a: t for a, t in tracks.items() if t.open_contracts or done[a]
    }
    assert best == min(max(done.values(), default=0), EXPERIENCE_CAP)
    return [_plain(r) for r in recommend(demand, providers, tracks, CITY_COUNTIES, today, limit)]


def assert_ladder_follows_the_projection(db) -> None:
    """Every provider stands, with its entry, in the one section of each of its rungs whose id range holds it;
    the directories count the sections right; no section is over the size."""
    docs = {d["_id"]: d for d in db[PROVIDERS].find()}
    assert all(d["ladder"] == ladder_entries(d) and "ladder_stale" not in d for d in docs.values())
    stored = {d["_id"]: d["entries"] for d in db[LADDER].find({"entries": {"$exists": True}})}
    held = []
    for directory in db[LADDER].find({"sections": {"$exists": True}}):
        rows = directory["sections"]
        assert rows == sorted(rows, key=lambda r: (-r[0], r[1]))
        for (score, low, count), after in zip(rows, [*rows[1:], None]):
            upper = after[1] if after and after[0] == score else "\U0010ffff"
            entries = stored.pop(section_id(directory["_id"], score, low))
            assert len(entries) == count <= SECTION_SIZE and (count or not low)
            rung = f"{directory['_id']}:{score}"
            assert all(low <= e["_id"] < upper and e == docs[e["_id"]]["ladder"][rung] for e in entries)
            held += [(rung, e["_id"]) for e in entries]
    assert stored == {}
    assert sorted(held) == sorted((rung, d["_id"]) for d in docs.values() for rung in d["ladder"])


def assert_recommended_as_ranked(matching, who: dict, limits=(1, 5, 12)) -> None:
    for limit in limits:
        demand_id = matching.client.post("/demands", json=demand_body(), headers=who).json["id"]
        items = matching.client.get(f"/demands/{demand_id}/recommendations?limit={limit}", headers=who).json["items"]
        assert [{k: v for k, v in i.items() if k != "has_offered"} for i in items] == plain_ranking(
            matching, demand_id, limit
        )


def project(matching, *events) -> None:
    """Apply registry and credit events with matching's handlers in one unit of work, as one batch would."""
    with matching.ctx.uow() as uow:
        handlers.on_provider_states(list(events), uow)


def test_crowded_rungs_are_kept_in_sections_through_moves(matching, token):
    ids = [new_id("ag") for _ in range(240)]
    gov = token("regulator", "330400")
    project(
        matching,
        *[agency(a, town="330411101" if i % 3 else "330411104") for i, a in enumerate(ids)],
        *[rating(a, 71 if i % 4 == 0 else 70, "B") for i, a in enumerate(ids)],
    )
    assert_ladder_follows_the_projection(matching.ctx.db)
    sections = matching.ctx.db[LADDER].find_one({"_id": CATEGORY})["sections"]
    assert [s for s, _, _ in sections].count(70) >= 4  # 180 on rung 70
    assert_recommended_as_ranked(matching, gov)

    newcomers = [new_id("ag") for _ in range(70)]
    project(
        matching,
        *[rating(a, 71, "A") for a in ids[1:60:2]],
        *[rating(a, 20, "D") for a in ids[60:200]],
        *[agency(a, status="suspended", type_="agency-updated") for a in ids[200:215]],
        *[agency(a) for a in newcomers],
        *[rating(a, 70, "B") for a in newcomers],
    )
    assert_ladder_follows_the_projection(matching.ctx.db)
    assert_recommended_as_ranked(matching, gov)


def test_a_batch_keeps_the_newest_state_of_each_provider(matching):
    """One write per batch: of several profiles or ratings of a provider the newest wins, whatever their order,
    and none older than the one held; a provider first known by its rating waits for its profile."""
    a, b, c = new_id("ag"), new_id("ag"), new_id("ag")
    now = utcnow()

    def at(minutes: int) -> str:
        return isotime(now - timedelta(minutes=minutes))

    project(matching, agency(a, time=at(10)), rating(a, 90, "A", time=at(5)))
    project(
        matching,
        rating(a, 70, "B", time=at(1)),
        rating(a, 95, "A", time=at(3)),
        rating(a, 99, "A", time=at(6)),
        rating(b, 80, "B", time=at(2)),
        agency(b, status="suspended", time=at(4)),
        agency(b, time=at(3)),
        rating(c, 85, "A", time=at(2)),
    )
    docs = {d["_id"]: d for d in matching.ctx.db[PROVIDERS].find({"_id": {"$in": [a, b, c]}})}
    assert (docs[a]["rating"]["score"], docs[a]["rating_time"]) == (70, at(1))
    assert (docs[b]["status"], docs[b]["profile_time"], docs[b]["rating"]["score"]) == ("active", at(3), 80)
    assert docs[c]["status"] == "unknown" and docs[c]["ladder"] == {}
    assert_ladder_follows_the_projection(matching.ctx.db)


def test_a_ladder_of_whole_rungs_is_built_again_in_sections(matching, token):
    ids = [new_id("ag") for _ in range(60)]
    project(matching, *[agency(a) for a in ids], *[rating(a, 80, "B") for a in ids])
    db = matching.ctx.db
    db[LADDER].delete_many({})  # as kept before sections: a directory of counts, a rung a document
    db[LADDER].insert_many(
        [
            {"_id": CATEGORY, "counts": {"80": 60}},
            {"_id": f"{CATEGORY}:80", "entries": [d["ladder"][f"{CATEGORY}:80"] for d in db[PROVIDERS].find()]},
        ]
    )
    matching_store.setup(matching.ctx)
    assert_ladder_follows_the_projection(db)
    assert_recommended_as_ranked(matching, token("regulator", "330400"), (3,))


def test_recommendations_from_the_ladder_equal_the_full_ranking(matching, token):
    ids = [new_id("ag") for _ in range(12)]
    buyer, busy = new_id("ent"), ids[0]
    expired = (utcnow().date() - timedelta(days=1)).isoformat()
    soon = (utcnow().date() + timedelta(days=30)).isoformat()
    older = isotime(utcnow() - timedelta(hours=1))
    api, as_buyer, gov = matching.client, token("enterprise", buyer), token("regulator", "330400")
    matching.send_and_wait(
        enterprise(buyer),
        *[
            agency(a, county="330411" if i % 3 else "330402", town=None if i % 4 else "330411101")
            for i, a in enumerate(ids)
        ],
    )
    other = api.post("/demands", json=demand_body(), headers=as_buyer).json["id"]
    award(api, other, as_buyer, token("agency", busy))  # busy has a contract running
    matching.send_and_wait(
        *[rating(a, 70 + (i * 7) % 20, "B") for i, a in enumerate(ids[:10])],  # ids[10:] stay unrated
        rating(ids[2], 95, "A"),
        rating(ids[3], 40, "D"),
        rating(ids[4], 88, "A", rectification_until=soon),
        agency(ids[5], status="suspended", type_="agency-updated"),
        agency(ids[6], valid_until=expired, type_="agency-updated"),
    )
    matching.send_and_wait(rating(ids[7], 99, "A"), rating(ids[7], 50, "C", time=older))  # the older one loses

    assert_ladder_follows_the_projection(matching.ctx.db)
    for who, limit in ((as_buyer, 5), (gov, 1), (as_buyer, 20)):
        demand_id = api.post("/demands", json=demand_body(), headers=who).json["id"]
        items = api.get(f"/demands/{demand_id}/recommendations?limit={limit}", headers=who).json["items"]
        assert [{k: v for k, v in i.items() if k != "has_offered"} for i in items] == plain_ranking(
            matching, demand_id, limit
        )
        assert ids[7] == items[0]["agency_id"] and {ids[3], ids[4], ids[5], ids[6]}.isdisjoint(
            i["agency_id"] for i in items
        )


def test_tracks_follow_every_contract_status(matching, token):
    """Tracks are counted with each contract write (pending, signed, completed, withdrawn, terminated): the
    recommendation reads them, never the contracts; `plain_ranking` checks them against the contracts."""
    ids, buyer = [new_id("ag") for _ in range(4)], new_id("ent")
    api, as_buyer = matching.client, token("enterprise", buyer)
    matching.send_and_wait(enterprise(buyer), *[agency(a) for a in ids], *[rating(a, 80, "B") for a in ids])
    agents = {a: token("agency", a) for a in ids}
    contracts = {
        a: award(api, api.post("/demands", json=demand_body(), headers=as_buyer).json["id"], as_buyer, agents[a])
        for a in [*ids, ids[0], ids[0]]
    }  # ids[0] ends with the last of its three
    for a in ids[:3]:
        assert api.post(f"/contracts/{contracts[a]}/sign", headers=as_buyer).status_code == 200
        assert api.post(f"/contracts/{contracts[a]}/sign", headers=agents[a]).json["status"] == "signed"
    done = api.post(f"/contracts/{contracts[ids[1]]}/complete", json={"on_time": True, "score": 5}, headers=as_buyer)
    assert done.status_code == 200, done.json
    ended = api.post(
        f"/contracts/{contracts[ids[2]]}/terminate",
        headers=agents[ids[2]],
        json={"at_fault": "agency", "reason": "人员不足"},
    )
    assert ended.status_code == 200, ended.json
    assert (
        api.post(f"/contracts/{contracts[ids[3]]}/withdraw", json={"reason": "预算调整"}, headers=as_buyer).status_code
        == 200
    )
    demand_id = api.post("/demands", json=demand_body(), headers=as_buyer).json["id"]
    items = api.get(f"/demands/{demand_id}/recommendations?limit=10", headers=as_buyer).json["items"]
    assert [{k: v for k, v in i.items() if k != "has_offered"} for i in items] == plain_ranking(matching, demand_id, 10)
    with matching.ctx.uow() as uow:
        kept, best = MatchingStore(uow).tracks(ids, "C")
    assert {a: (t.open_contracts, t.completed_by_industry["C"]) for a, t in kept.items()} == {
        ids[0]: (3, 0),
        ids[1]: (0, 1),
        ids[2]: (0, 0),
        ids[3]: (0, 0),
    } and best == 1
    matching.ctx.db["tracks"].drop()  # as before tracks were kept: set-up counts them from the contracts
    matching_store.setup(matching.ctx)
    with matching.ctx.uow() as uow:
        assert MatchingStore(uow).tracks(ids, "C") == (kept, best)
