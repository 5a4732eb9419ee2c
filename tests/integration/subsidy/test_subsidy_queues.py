"""Work queues (awaiting=me): each official sees only what waits at its own step, finance what it must pay, each
with the days left; every move publishes subsidy-step-changed (notify counts the queues from it)."""

from __future__ import annotations

from tests.integration.subsidy.conftest import (
    COUNTY,
    OTHER_TOWN,
    TOWN,
    agency,
    completed_contract,
    day,
    enterprise,
    open_programme,
    rating,
    seeded,
)
from tests.support.harness import new_id


def queue(subsidy, headers: dict, **query) -> list[dict]:
    return subsidy.ok("get", "/applications", headers, query_string={"awaiting": "me", **query})["items"]


def test_awaiting_me_is_each_officials_own_step_and_finances_payments_with_the_days_left(subsidy, token, probe):
    moves = probe("subsidy-step-changed")
    pairs = seeded(subsidy, firms=3)
    elsewhere, agency_id = new_id("e"), new_id("ag")
    signed, done = completed_contract(elsewhere, agency_id, town=OTHER_TOWN)
    subsidy.send_and_wait(
        agency(agency_id), rating(agency_id, "B", day(-400)), enterprise(elsewhere, town=OTHER_TOWN), signed, done
    )
    programme = open_programme(subsidy, token, rules={"budget_fen": 100_000_000, "rate_permille": 300})
    applied = [
        subsidy.ok(
            "post",
            "/applications",
            token("enterprise", firm),
            201,
            json={"programme_id": programme["id"], "contract_id": c},
        )
        for firm, c in [*pairs, (elsewhere, done.data["contract_id"])]
    ]
    town, county, finance = token("official", TOWN), token("official", COUNTY), token("finance", COUNTY)

    mine = queue(subsidy, town)
    assert sorted(a["id"] for a in mine) == sorted(a["id"] for a in applied[:3])  # not the other town's
    assert [a["id"] for a in mine] == [a["id"] for a in applied[:3]]  # oldest first
    assert {(a["due_on"], a["days_left"]) for a in mine} == {(day(10), 10)}
    assert queue(subsidy, county) == [] and queue(subsidy, finance) == []
    assert len(subsidy.ok("get", "/applications", county, query_string={"status": "submitted"})["items"]) == 4

    first = applied[0]["id"]
    subsidy.ok("post", f"/applications/{first}/approve", town)
    assert [a["id"] for a in queue(subsidy, town)] == [a["id"] for a in applied[1:3]]
    [at_county] = queue(subsidy, county)
    assert (at_county["id"], at_county["status"], at_county["days_left"]) == (first, "town_approved", 10)
    assert len(queue(subsidy, token("official", OTHER_TOWN))) == 1

    subsidy.ok("post", f"/applications/{first}/approve", county)
    assert queue(subsidy, county) == []
    [to_pay] = queue(subsidy, finance)
    assert (to_pay["id"], to_pay["due_on"], to_pay["days_left"]) == (first, day(15), 15)
    assert queue(subsidy, token("finance", "330402")) == []
    assert queue(subsidy, token("regulator", COUNTY)) == []  # no step of the chain is a regulator's

    subsidy.ok("post", f"/applications/{first}/pay", finance, json={"payment_reference": new_id("BANK")})
    assert queue(subsidy, finance) == []
    steps = [e.data for e in moves.events("subsidy-step-changed", subject=first, count=4)]
    assert [(s["awaiting"], s["division"], s["due_on"]) for s in steps] == [
        ("town", TOWN, day(10)),
        ("county", COUNTY, day(10)),
        ("finance", COUNTY, day(15)),
        (None, None, None),
    ]
