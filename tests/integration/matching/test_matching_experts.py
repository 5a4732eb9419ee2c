"""Expert engagements on the real stack: projection, draw with recusal, answers, deadlines, completion, records."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import timedelta

import pytest

from services.common.clock import FixedClock, isotime, jiaxing_day, utcnow
from services.matching.app import create_app
from services.matching.experts.jobs import expire_invitations
from services.matching.worker import WORKER
from tests.integration.matching.conftest import REVIEWED, enterprise, expert, expert_request_body
from tests.support.harness import ServiceHarness, new_id

pytestmark = pytest.mark.integration
TOPICS = ("expert-requested", "expert-drawn", "expert-engagement-answered", "expert-engagement-completed")
REGULATOR = "330400"


def pool(matching, *extra) -> list[str]:
    """Three experts free to serve, the enterprise under review, and whatever else the test adds; the ids of the
    three."""
    free = [new_id("exp") for _ in range(3)]
    matching.send_and_wait(*(expert(x) for x in free), enterprise(REVIEWED, county="330482"), *extra)
    return free


def post(matching, token, body, role="regulator", org=REGULATOR):
    return matching.client.post("/expert-requests", json=body, headers=token(role, org))


def answer(matching, token, request_id, expert_id, accept, reason=None):
    return matching.client.post(
        f"/expert-requests/{request_id}/answer",
        json={"accept": accept, "reason": reason},
        headers=token("expert", expert_id),
    )


def test_a_draw_with_recusal_answers_and_completion(matching, token, probe):
    tied, linked, away, suspended = (new_id("exp") for _ in range(4))
    first = expert_request_body()["first_day"]
    free = pool(
        matching,
        expert(tied, employer=REVIEWED),
        expert(linked, linked_orgs=(REGULATOR,)),
        expert(away, leave=((first, first),)),
        expert(suspended, status="suspended"),
        expert(new_id("exp"), grade="junior"),
    )
    events = probe(*TOPICS)

    refused = post(matching, token, expert_request_body(experts_needed=4))
    assert refused.status_code == 409, refused.json
    assert {k: refused.json[k] for k in ("needed", "eligible", "candidates", "excluded")} == {
        "needed": 4,
        "eligible": 3,
        "candidates": 7,
        "excluded": 4,
    }

    created = post(matching, token, expert_request_body())
    assert created.status_code == 201, created.json
    request_id, draw = created.json["id"], created.json["draw"]
    assert (created.json["status"], created.json["requester_type"], draw["eligible_count"]) == (
        "inviting",
        "government",
        3,
    )
    assert draw["eligible"] == sorted(free)
    assert {x["expert_id"]: x["reasons"] for x in draw["excluded"]} == {
        tied: ["employed_by_reviewed_party"],
        linked: ["linked_to_requester"],
        away: ["on_leave"],
        suspended: ["suspended"],
    }
    seed = hashlib.sha256(f"{draw['public_value']}:{request_id}".encode()).hexdigest()
    assert draw["seed"] == seed
    assert draw["order"] == sorted(free, key=lambda x: hashlib.sha256(f"{seed}:{x}".encode()).hexdigest())
    [requested] = events.events("expert-requested", request_id=request_id)
    assert (requested.subject, requested.data["eligible_count"], requested.data["excluded_count"]) == (request_id, 3, 4)
    drawn = events.events("expert-drawn", count=2, request_id=request_id)
    one, two, three = draw["order"]
    assert sorted(e.data["expert_id"] for e in drawn) == sorted([one, two])

    assert answer(matching, token, request_id, three, True).status_code == 403  # not invited (yet)
    assert answer(matching, token, request_id, one, True).json["status"] == "accepted"
    declined = answer(matching, token, request_id, two, False, "已受聘为该企业顾问")
    assert declined.status_code == 200 and declined.json["reason"] == "已受聘为该企业顾问"
    [nxt] = events.events("expert-drawn", request_id=request_id, expert_id=three)
    assert nxt.data["position"] == 2
    mine = matching.client.get(f"/experts/{three}/invitations", headers=token("expert", three)).json["items"]
    assert [(i["request_id"], i["status"], i["reviewed_party_id"]) for i in mine] == [(request_id, "invited", REVIEWED)]
    assert matching.client.get(f"/experts/{three}/invitations", headers=token("expert", one)).status_code == 403

    assert answer(matching, token, request_id, three, True).status_code == 200
    [done] = events.events("expert-engagement-answered", request_id=request_id, expert_id=three)
    assert (done.data["panel"], done.data["accepted"]) == ("complete", 2)
    seen = matching.client.get(f"/expert-requests/{request_id}", headers=token("regulator", REGULATOR)).json
    assert seen["status"] == "complete" and [p["expert_id"] for p in seen["panel"]] == [one, three]
    assert seen["panel"][0]["name"].startswith("专家")

    completed = matching.client.post(
        f"/expert-requests/{request_id}/complete",
        headers=token("regulator", REGULATOR),
        json={"evaluations": [{"expert_id": one, "score": 5}, {"expert_id": three, "score": 4}]},
    )
    assert completed.status_code == 200 and completed.json["status"] == "completed", completed.json
    [closed] = events.events("expert-engagement-completed", request_id=request_id)
    assert closed.data["evaluations"] == [{"expert_id": one, "score": 5}, {"expert_id": three, "score": 4}]

    record = matching.client.get(f"/experts/{two}/engagements", headers=token("expert", two)).json
    assert (record["invited"], record["declined"], record["unexplained"], record["flags"]) == (1, 1, 0, [])
    assert matching.client.get(f"/experts/{two}/engagements", headers=token("expert", one)).status_code == 403
    public = matching.client.get(f"/public/experts/{one}/engagements").json
    assert public == {"expert_id": one, "engagements": 1, "by_task": {"review": 1}}
    audit = matching.client.get(f"/public/expert-draws/{request_id}").json
    assert audit["draw"]["order"] == draw["order"] and "reviewed_party_id" not in audit
    assert [i["status"] for i in audit["invitations"]] == ["accepted", "declined", "accepted"]
    assert all("reason" not in i for i in audit["invitations"])
    assert audit["names"] == {x: f"专家{x[-4:]}" for x in audit["names"]} and set(draw["order"]) <= set(audit["names"])
    page = matching.client.get(f"/public/expert-draws/{request_id}", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.content_type.startswith("text/html") and "安全生产专家抽取公示" in html
    assert all(f"专家{x[-4:]}" in html for x in draw["order"]) and "任职于被评审单位" in html and "评审" in html
    assert not [x for x in audit["names"] if f">{x}<" in html]  # names, never the ids
    listing = matching.client.get("/public/expert-draws", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert request_id in listing and 'href="/public/expert-draws.csv"' in listing
    table = list(csv.reader(io.StringIO(matching.client.get("/public/expert-draws.csv").data.decode("utf-8-sig"))))
    [row] = [r for r in table if r[:1] == [request_id]]
    assert row[2:4] == ["政府部门：嘉兴市", "评审"] and all(f"专家{x[-4:]}" in row[8] for x in draw["order"])
    assert "：接受" in row[9] and row[10:12] == ["—", "—"]  # neither cancelled nor a redraw

    again = post(matching, token, expert_request_body(experts_needed=1))  # rotation: all three were drawn
    assert again.status_code == 409 and again.json["eligible"] == 0, again.json


def test_the_requester_sees_the_order_only_once_the_panel_is_decided(matching, token):
    firm = new_id("ent")
    free = pool(matching, enterprise(firm))
    created = post(matching, token, expert_request_body(reviewed_party_id=None), role="enterprise", org=firm)
    assert created.status_code == 201, created.json
    assert "order" not in created.json["draw"] and "invitations" not in created.json
    assert created.json["draw"]["eligible_count"] == 3 and "panel" not in created.json
    request_id = created.json["id"]
    assert (
        matching.client.get(f"/expert-requests/{request_id}", headers=token("enterprise", new_id("ent"))).status_code
        == 403
    )
    audit = matching.client.get(f"/public/expert-draws/{request_id}").json  # by industry and town, never by name
    assert audit["requester"] == {"name": None, "industry": "C", "county": "330411", "town": "330411101"}
    assert "order" not in audit["draw"] and firm not in str(audit)
    regulator = matching.client.get(f"/expert-requests/{request_id}", headers=token("regulator", REGULATOR)).json
    assert sorted(regulator["draw"]["order"]) == sorted(free)


def test_a_missed_deadline_invites_the_next_in_the_order(matching, token, probe):
    pool(matching)
    events = probe("expert-drawn", "expert-engagement-answered")
    created = post(matching, token, expert_request_body(experts_needed=1)).json
    request_id = created["id"]
    order = matching.client.get(f"/expert-requests/{request_id}", headers=token("regulator", REGULATOR)).json["draw"][
        "order"
    ]
    assert expire_invitations(matching.ctx) == 0
    matching.ctx.clock = FixedClock(utcnow() + timedelta(hours=49))
    assert expire_invitations(matching.ctx) == 1
    [missed] = events.events("expert-engagement-answered", request_id=request_id)
    assert (missed.data["expert_id"], missed.data["answer"], missed.data["panel"]) == (order[0], "expired", "inviting")
    [nxt] = events.events("expert-drawn", request_id=request_id, expert_id=order[1])
    assert nxt.data["position"] == 1
    late = answer(matching, token, request_id, order[0], True)
    assert late.status_code == 409


def test_the_newest_registry_state_wins_whatever_the_order(matching, token):
    late = new_id("exp")
    pool(matching, expert(late, status="suspended", type_="expert-updated", time=isotime(utcnow())))
    matching.send_and_wait(expert(late, time=isotime(utcnow() - timedelta(minutes=5))))  # older, arrives later
    refused = post(matching, token, expert_request_body(experts_needed=4))
    assert refused.status_code == 409 and refused.json["eligible"] == 3


@pytest.fixture
def no_rotation(make_config, run_worker, raw_producer):
    """Matching with the rotation period off, so one expert can be drawn for the same requester again."""
    config = make_config("matching", expert_rotation_days=0)
    return ServiceHarness(run_worker(WORKER, config), create_app(config).test_client(), raw_producer, "matching")


def test_repeated_unexplained_declines_are_flagged_to_the_regulator(no_rotation, token):
    matching, shirker, parties = no_rotation, new_id("exp"), [new_id("ent") for _ in range(3)]
    matching.send_and_wait(expert(shirker), *(enterprise(p) for p in parties))
    for party in parties:  # three reviews of three enterprises: each request stays open (short)
        request_id = post(matching, token, expert_request_body(experts_needed=1, reviewed_party_id=party)).json["id"]
        assert answer(matching, token, request_id, shirker, False).status_code == 200
    flagged = matching.client.get("/experts/flagged", headers=token("regulator", REGULATOR)).json
    assert [(r["expert_id"], r["unexplained"], r["flags"]) for r in flagged["items"]] == [
        (shirker, 3, ["unexplained_declines"])
    ]
    assert matching.client.get("/experts/flagged", headers=token("expert", shirker)).status_code == 403
    record = matching.client.get(f"/experts/{shirker}/engagements", headers=token("regulator", REGULATOR)).json
    assert record["flags"] == ["unexplained_declines"]


@pytest.mark.parametrize(
    "change, field",
    [
        (dict(task="audit"), "task"),
        (dict(experts_needed=0), "experts_needed"),
        (dict(counties=["110101"]), "counties"),
        (dict(last_day="2020-01-01"), "last_day"),
        (dict(min_grade="guru"), "min_grade"),
        (dict(first_day=(jiaxing_day(utcnow()) - timedelta(days=1)).isoformat()), "first_day"),
        (dict(experts=["exp-1"]), "experts"),
    ],
)
def test_bad_requests_are_422_and_names_cannot_be_chosen(matching, token, change, field):
    response = post(matching, token, expert_request_body(**change))
    assert response.status_code == 422, response.json
    assert field in {e["field"].split(".")[0] for e in response.json["errors"]}
