"""A regulator's review panel (专家评审组) end to end, from request to completion, across registry, matching
and notify, driven only through their HTTP APIs (Kafka is read, never written, by the test).

1. The regulator adds six experts to the pool (专家库); one is employed by the enterprise under review, one
   declares a shareholding in it himself, one takes leave on the review days.
2. The regulator asks matching for two experts: the draw excludes the three with their reasons and is refused
   (409, with the numbers) when more are asked for than are eligible; anyone recomputes the order.
3. The first invited accepts, the second declines with a reason, the next in the order is invited and accepts:
   the panel is complete; notify told each invited expert and then the regulator. The regulator records
   completion and evaluates both; the records and the public audit follow. Its next review draws around the
   three it drew (rotation).
4. The enterprise asks for a consultation twice with the same body: the second is refused while the first is
   open. It cancels with a reason and asks again (a redraw): both draws and the cancellation are in the public
   audit, the enterprise by industry and town only, and the regulator counts its redraw.
"""

from __future__ import annotations

import hashlib
import random

import pytest

from services.registry.domain.codes import id_check_char
from tests.e2e.conftest import Platform, day, enterprise_body
from tests.support.wait import wait_until

pytestmark = pytest.mark.integration
REGULATOR = ("regulator", "330400")
NAMES = ("沈国华", "陆建明", "钱雪芳", "朱伟东", "徐立新", "顾晓燕")


def id_number() -> str:
    first17 = "330482" + f"{random.randint(1960, 1990)}0101" + f"{random.randint(0, 999):03d}"
    return first17 + id_check_char(first17)


def add_expert(platform: Platform, token, name: str, **kw) -> str:
    body = {
        "name": name,
        "id_number": id_number(),
        "county": "330482",
        "industries": ["C"],
        "specialties": ["危险化学品", "机械安全"],
        "grade": "senior",
        "contacts": [{"name": name, "phone": "13905730000"}],
    } | kw
    return platform.registry.ok("post", "/experts", token(*REGULATOR), 201, json=body)["id"]


def draw_refused(platform: Platform, headers: dict, body: dict) -> dict | None:
    """The 409 of a request for more experts than are eligible, once matching has projected the whole pool. More
    than the pool holds: while matching has not yet projected a link or a leave, a smaller request could be drawn."""
    response = platform.matching.http.post("/expert-requests", json=body | {"experts_needed": 7}, headers=headers)
    if response.status_code == 422:  # matching has not yet projected the enterprise under review
        return None
    assert response.status_code == 409, response.get_json()
    numbers = {k: response.get_json()[k] for k in ("needed", "eligible", "candidates", "excluded")}
    return numbers if numbers["candidates"] == 6 and numbers["excluded"] == 3 else None


def test_a_regulators_review_panel_from_request_to_completion(platform: Platform, token, probe):
    registry, matching, as_regulator = platform.registry, platform.matching, token(*REGULATOR)
    firm = enterprise_body()
    registry.ok("post", "/enterprises", token("enterprise", firm["uscc"]), 201, json=firm)
    review_day = day(7)

    # 1. The pool: one employed by the firm, one declaring shares in it, one on leave, three free.
    employed = add_expert(platform, token, NAMES[0], employer=firm["uscc"])
    holder = add_expert(platform, token, NAMES[1])
    registry.ok(
        "post",
        f"/experts/{holder}/links",
        token("expert", holder),
        json={"org_id": firm["uscc"], "relation": "shareholding"},
    )
    away = add_expert(platform, token, NAMES[2])
    registry.ok(
        "patch", f"/experts/{away}", token("expert", away), json={"leave": [{"since": day(6), "until": day(9)}]}
    )
    free = [add_expert(platform, token, name) for name in NAMES[3:]]

    # 2. The request: too many asked → 409 with the numbers (once matching knows the whole pool); two → drawn.
    body = {
        "task": "review",
        "specialties": ["危险化学品"],
        "industries": ["C"],
        "min_grade": "intermediate",
        "counties": ["330482"],
        "first_day": review_day,
        "last_day": review_day,
        "reviewed_party_id": firm["uscc"],
        "description": "某化工企业安全设施设计专篇评审",
    }
    numbers = wait_until(lambda: draw_refused(platform, as_regulator, body), 30)
    assert numbers == {"needed": 7, "eligible": 3, "candidates": 6, "excluded": 3}
    events = probe("expert-drawn", "expert-engagement-answered", "expert-engagement-completed")
    request = matching.ok("post", "/expert-requests", as_regulator, 201, json=body | {"experts_needed": 2})
    request_id, draw = request["id"], request["draw"]
    assert {x["expert_id"]: x["reasons"] for x in draw["excluded"]} == {
        employed: ["employed_by_reviewed_party"],
        holder: ["linked_to_reviewed_party"],
        away: ["on_leave"],
    }
    seed = hashlib.sha256(f"{draw['public_value']}:{request_id}".encode()).hexdigest()
    digest = {x: hashlib.sha256(f"{seed}:{x}".encode()).hexdigest() for x in free}
    assert draw["seed"] == seed and draw["order"] == sorted(free, key=digest.get)
    first, second, third = draw["order"]

    # 3. Answers: accept, decline with a reason, the next in the order is invited and accepts.
    for invited in (first, second):
        [mine] = matching.ok("get", f"/experts/{invited}/invitations", token("expert", invited))["items"]
        assert (mine["request_id"], mine["status"], mine["reviewed_party_id"]) == (request_id, "invited", firm["uscc"])
    assert matching.ok("get", f"/experts/{third}/invitations", token("expert", third))["items"] == []
    matching.ok("post", f"/expert-requests/{request_id}/answer", token("expert", first), json={"accept": True})
    matching.ok(
        "post",
        f"/expert-requests/{request_id}/answer",
        token("expert", second),
        json={"accept": False, "reason": "评审当日出差在外"},
    )
    [invited] = events.events("expert-drawn", request_id=request_id, expert_id=third)
    assert invited.data["position"] == 2
    matching.ok("post", f"/expert-requests/{request_id}/answer", token("expert", third), json={"accept": True})
    [complete] = events.events("expert-engagement-answered", request_id=request_id, expert_id=third)
    assert complete.data["panel"] == "complete"
    panel = matching.ok("get", f"/expert-requests/{request_id}", as_regulator)["panel"]
    assert [(p["expert_id"], p["name"]) for p in panel] == [
        (first, NAMES[3 + free.index(first)]),
        (third, NAMES[3 + free.index(third)]),
    ]

    # Notify: each invited expert finds his invitation in his inbox; the regulator learns the panel is complete.
    for expert in (first, second, third):
        [invitation] = platform.notices(token("expert", expert), 1, "expert-drawn")
        assert request_id in invitation["text"] and invitation["missing"] == ["email"]  # no address given
    [told] = platform.notices(as_regulator, 1, "expert-engagement-answered")
    assert told["title"].startswith("专家组已组成") and request_id in told["text"]

    # Completion and the records: the expert's own, the regulator's flags, the public side (no personal data).
    matching.ok(
        "post",
        f"/expert-requests/{request_id}/complete",
        as_regulator,
        json={"evaluations": [{"expert_id": first, "score": 5}, {"expert_id": third, "score": 4}]},
    )
    [done] = events.events("expert-engagement-completed", request_id=request_id)
    assert done.data["evaluations"] == [{"expert_id": first, "score": 5}, {"expert_id": third, "score": 4}]
    record = matching.ok("get", f"/experts/{second}/engagements", token("expert", second))
    assert (record["declined"], record["unexplained"], record["flags"]) == (1, 0, [])
    assert matching.ok("get", "/experts/flagged", as_regulator)["items"] == []
    assert matching.ok("get", f"/public/experts/{third}/engagements", {})["engagements"] == 1
    audit = matching.ok("get", f"/public/expert-draws/{request_id}", {})
    assert audit["draw"]["order"] == draw["order"] and audit["status"] == "completed"
    public = str(audit) + str(matching.ok("get", "/public/expert-draws", {}))
    assert firm["uscc"] not in public and "出差" not in public  # no reviewed party, no decline reason
    assert set(audit["names"].values()) <= set(NAMES) and set(audit["names"]) >= set(
        draw["order"]
    )  # as on the pool page

    # The regulator's next review, after the leave: the three it drew rotate out (轮换); only the one back from
    # leave is eligible.
    later = body | {"first_day": day(20), "last_day": day(20), "experts_needed": 1}
    again = matching.ok("post", "/expert-requests", as_regulator, 201, json=later)["draw"]
    assert again["order"] == [away]
    assert {x["expert_id"]: x["reasons"] for x in again["excluded"]} == {
        employed: ["employed_by_reviewed_party"],
        holder: ["linked_to_reviewed_party"],
        **{x: ["drawn_recently"] for x in free},
    }

    # 4. The enterprise's own consultation: asking again needs a cancellation with a reason; the redraw is public.
    as_firm = token("enterprise", firm["uscc"])
    consultation = body | {"task": "consultation", "reviewed_party_id": None, "first_day": day(30), "last_day": day(30)}
    events = probe("expert-request-cancelled")
    first = matching.ok("post", "/expert-requests", as_firm, 201, json=consultation | {"experts_needed": 2})
    refused = matching.ok("post", "/expert-requests", as_firm, 409, json=consultation | {"experts_needed": 2})
    assert (refused["rule"], refused["open_request"]) == ("one_open_request", first["id"])
    reason = "咨询事项改为重大危险源评估，需重新组织"
    matching.ok("post", f"/expert-requests/{first['id']}/cancel", as_firm, json={"reason": reason})
    [cancelled] = events.events("expert-request-cancelled", request_id=first["id"])
    assert len(cancelled.data["experts"]) == 2 and cancelled.data["reason"] == reason
    redraw = matching.ok("post", "/expert-requests", as_firm, 201, json=consultation | {"experts_needed": 2})
    assert redraw["redraw_of"] == first["id"]
    audit = {a["request_id"]: a for a in matching.ok("get", "/public/expert-draws", {})["items"]}
    assert audit[first["id"]]["cancellation"]["reason"] == reason and audit[redraw["id"]]["redraw_of"] == first["id"]
    assert audit[redraw["id"]]["requester"] == {"name": None, "industry": "C", "county": "330482", "town": "330482001"}
    assert firm["uscc"] not in str(audit) and firm["name"] not in str(audit)
    counted = matching.ok("get", f"/expert-requesters/{firm['uscc']}", token("regulator", "330482"))
    assert (counted["redraws"], counted["cancellations"], counted["redrawn"][0]["reason"]) == (1, 1, reason)
