"""Fair expert draws on the real stack (issue 23): one open request per requester and subject, asking again only
after a cancellation with a reason, every draw, cancellation and redraw in the public audit (an enterprise by
its industry and town), a requester's redraws for the regulators of its division, and concurrent requests."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from services.common.clock import jiaxing_day, utcnow
from services.matching.experts import store as experts_store
from tests.integration.matching.conftest import agency, enterprise, expert, expert_request_body
from tests.support.harness import new_id
from tests.support.races import race

pytestmark = pytest.mark.integration
REGULATOR = "330400"
UNREGISTERED = "91330400MA2B3C4D5E"


def day(n: int) -> str:
    return (jiaxing_day(utcnow()) + timedelta(days=n)).isoformat()


def post(matching, token, body, role="regulator", org=REGULATOR):
    return matching.client.post("/expert-requests", json=body, headers=token(role, org))


def cancel(matching, token, request_id, reason, role="enterprise", org=None):
    return matching.client.post(
        f"/expert-requests/{request_id}/cancel", json={"reason": reason}, headers=token(role, org)
    )


def test_an_enterprise_asks_again_only_after_cancelling_and_the_audit_shows_both_draws(matching, token, probe):
    firm, other = new_id("ent"), new_id("ent")
    two = [new_id("exp") for _ in range(2)]
    matching.send_and_wait(*(expert(x) for x in two), enterprise(firm), enterprise(other))
    events = probe("expert-requested", "expert-request-cancelled")
    body = expert_request_body(reviewed_party_id=None)

    first = post(matching, token, body, "enterprise", firm)
    assert first.status_code == 201, first.json
    first_id = first.json["id"]
    again = post(matching, token, body, "enterprise", firm)  # the finding: the same body again
    assert again.status_code == 409, again.json
    assert (again.json["rule"], again.json["open_request"]) == ("one_open_request", first_id)
    named = post(matching, token, expert_request_body(reviewed_party_id=UNREGISTERED), "enterprise", firm)
    assert named.status_code == 422  # the agency it names is not registered
    later = {"first_day": day(20), "last_day": day(20)}  # days when the two are not engaged by `firm`
    assert post(matching, token, body | later, "enterprise", other).status_code == 201  # another requester

    assert cancel(matching, token, first_id, "改期", org=other).status_code == 403
    assert cancel(matching, token, first_id, " ", org=firm).status_code == 422
    assert cancel(matching, token, first_id, "", org=firm).status_code == 422
    cancelled = cancel(matching, token, first_id, "评审日期调整为下月", org=firm)
    assert cancelled.status_code == 200, cancelled.json
    assert (cancelled.json["status"], cancelled.json["cancellation"]["reason"]) == ("cancelled", "评审日期调整为下月")
    assert cancel(matching, token, first_id, "再次取消", org=firm).status_code == 409
    [told] = events.events("expert-request-cancelled", request_id=first_id)
    assert sorted(told.data["experts"]) == sorted(two) and told.data["reason"] == "评审日期调整为下月"

    redraw = post(matching, token, body, "enterprise", firm)
    assert redraw.status_code == 201, redraw.json
    assert redraw.json["redraw_of"] == first_id
    [requested] = events.events("expert-requested", request_id=redraw.json["id"])
    assert requested.data["redraw_of"] == first_id
    order = matching.client.get(f"/expert-requests/{redraw.json['id']}", headers=token("regulator", REGULATOR)).json
    assert sorted(order["draw"]["order"]) == sorted(two)  # the cancelled request's experts are not rotated out

    audit = {a["request_id"]: a for a in matching.client.get("/public/expert-draws?limit=10").json["items"]}
    assert audit[first_id]["cancellation"]["reason"] == "评审日期调整为下月" and audit[first_id]["redraw_of"] is None
    assert audit[redraw.json["id"]]["redraw_of"] == first_id and audit[redraw.json["id"]]["cancellation"] is None
    assert audit[first_id]["requester"] == {"name": None, "industry": "C", "county": "330411", "town": "330411101"}
    assert [i["status"] for i in audit[first_id]["invitations"]] == ["cancelled", "cancelled"]
    assert firm not in str(audit) and "五金" not in str(audit)  # neither its id nor its name
    page = matching.client.get(f"/public/expert-draws/{redraw.json['id']}", headers={"Accept": "text/html"}).text
    assert (
        "企业（制造业，秀洲区 王江泾镇）" in page and f'撤销的申请 <a href="/public/expert-draws/{first_id}">' in page
    )
    cancelled = matching.client.get(f"/public/expert-draws/{first_id}", headers={"Accept": "text/html"}).text
    assert "撤销，原因：评审日期调整为下月" in cancelled and "已撤销" in cancelled and firm not in cancelled + page
    rows = {r[0]: r for r in csv.reader(io.StringIO(matching.client.get("/public/expert-draws.csv").text))}
    assert rows[first_id][10].endswith("：评审日期调整为下月") and rows[redraw.json["id"]][11] == first_id

    summary = matching.client.get(f"/expert-requesters/{firm}", headers=token("regulator", "330411"))
    assert summary.status_code == 200, summary.json
    assert {k: summary.json[k] for k in ("requests", "open", "cancellations", "redraws")} == {
        "requests": 2,
        "open": 1,
        "cancellations": 1,
        "redraws": 1,
    }
    assert summary.json["redrawn"] == [
        {
            "request_id": redraw.json["id"],
            "requested_at": redraw.json["requested_at"],
            "redraw_of": first_id,
            "reason": "评审日期调整为下月",
        }
    ]
    for outside in ("330482", "33", "3"):  # another county; codes of no Jiaxing division
        assert matching.client.get(f"/expert-requesters/{firm}", headers=token("regulator", outside)).status_code == 403
    assert matching.client.get(f"/expert-requesters/{firm}", headers=token("regulator", "330411101")).status_code == 200
    assert matching.client.get(f"/expert-requesters/{firm}", headers=token("enterprise", firm)).status_code == 403
    assert (
        matching.client.get(f"/expert-requesters/{new_id('ent')}", headers=token("regulator", REGULATOR)).status_code
        == 404
    )


def test_subjects_are_the_reviewed_parties_and_a_completed_request_is_not_redrawn(matching, token):
    insurer, firm, other, unknown = new_id("ins"), new_id("ent"), new_id("ent"), new_id("ins")
    experts = [new_id("exp") for _ in range(3)]
    matching.send_and_wait(
        *(expert(x) for x in experts),
        enterprise(firm),
        enterprise(other),
        agency(insurer, county="330402", town=None),
    )
    one = dict(experts_needed=1)

    assert (
        post(matching, token, expert_request_body(reviewed_party_id=firm, **one), "insurer", unknown).status_code == 409
    )
    about_firm = post(matching, token, expert_request_body(reviewed_party_id=firm, **one), "insurer", insurer)
    assert about_firm.status_code == 201, about_firm.json
    assert (
        about_firm.json["subject"] == firm and about_firm.json["requester"]["name"] == f"嘉兴{insurer}安全评价有限公司"
    )
    about_other = post(matching, token, expert_request_body(reviewed_party_id=other, **one), "insurer", insurer)
    assert about_other.status_code == 201  # another subject: open at the same time
    assert (
        post(matching, token, expert_request_body(reviewed_party_id=firm, **one), "insurer", insurer).status_code == 409
    )

    request_id = about_firm.json["id"]
    invited = matching.client.get(f"/expert-requests/{request_id}", headers=token("regulator", REGULATOR)).json
    [member] = [i["expert_id"] for i in invited["invitations"]]
    answer = {"accept": True}
    assert (
        matching.client.post(
            f"/expert-requests/{request_id}/answer", json=answer, headers=token("expert", member)
        ).status_code
        == 200
    )
    completion = {"evaluations": [{"expert_id": member, "score": 5}]}
    done = matching.client.post(
        f"/expert-requests/{request_id}/complete", json=completion, headers=token("insurer", insurer)
    )
    assert done.status_code == 200, done.json
    assert cancel(matching, token, request_id, "已完成", role="insurer", org=insurer).status_code == 409

    later = post(matching, token, expert_request_body(reviewed_party_id=firm, **one), "insurer", insurer)
    assert later.status_code == 201 and later.json["redraw_of"] is None  # after completion: a new engagement
    government = post(matching, token, expert_request_body(reviewed_party_id=None, **one), "official", "330482001")
    assert government.status_code == 201 and government.json["subject"] == "330482001"
    public = matching.client.get(f"/public/expert-draws/{government.json['id']}").json
    assert public["requester"] == {"name": "当湖街道", "industry": None, "county": "330482", "town": "330482001"}


def test_concurrent_identical_requests_open_one(matching, token):
    """8 requests at once about one subject, three rounds with another subject each: one opens per round."""
    parties, experts = [new_id("ent") for _ in range(3)], [new_id("exp") for _ in range(3)]
    matching.send_and_wait(*(expert(x) for x in experts), *(enterprise(p) for p in parties))

    def ask(_caller: int, n: int):
        response = post(matching, token, expert_request_body(experts_needed=1, reviewed_party_id=parties[n]))
        return n, response.status_code, response.json

    results = race(ask, callers=8, rounds=3)
    for n in range(3):
        statuses = sorted(status for round_, status, _ in results if round_ == n)
        assert statuses == [201] + [409] * 7, statuses
        [opened] = [body["id"] for round_, status, body in results if round_ == n and status == 201]
        refusals = [body for round_, status, body in results if round_ == n and status == 409]
        assert all(r.get("open_request") == opened for r in refusals), refusals
    stored = list(matching.ctx.db["expert_requests"].find({}, {"subject": 1}))
    assert sorted(d["subject"] for d in stored) == sorted(parties)


def test_a_request_made_before_subjects_were_kept_is_its_subjects_open_request(matching, token):
    party, experts = new_id("ent"), [new_id("exp") for _ in range(2)]
    matching.send_and_wait(*(expert(x) for x in experts), enterprise(party))
    body = expert_request_body(experts_needed=1, reviewed_party_id=party)
    old = post(matching, token, body).json["id"]
    db = matching.ctx.db  # as it was stored before: no subject, no record of it
    db["expert_requests"].update_one({"_id": old}, {"$unset": {"subject": ""}})
    db["expert_subjects"].delete_many({})
    experts_store.setup(matching.ctx)
    assert db["expert_requests"].find_one({"_id": old})["subject"] == party
    again = post(matching, token, body)
    assert again.status_code == 409 and again.json["open_request"] == old, again.json
