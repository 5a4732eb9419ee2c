"""A violation revoked as void never stood: every date is corrected (ratings, history, the public page) and the
agency is told (rating-changed with corrected_from); `known_at` still gives what was known. An ended one stops that
day. Regulators' work queues (`awaiting=me`) hold what waits for their decision, with the days left."""

from __future__ import annotations

from tests.integration.credit.conftest import agency_registered, days_ago, new_id, violation
from tests.support.wait import wait_until


def _taken_in_20_days_ago(credit, agency_id: str, severity: str = "general"):
    credit.send_and_wait(agency_registered(agency_id, "嘉兴误记咨询有限公司"))
    recorded = violation(agency_id, severity, recorded_on=days_ago(20))
    with credit.days_ago(20):
        credit.send_and_wait(recorded)
        credit.serve(recorded)
    return recorded


def _revoke(credit, token, recorded, **body) -> None:
    url = f"/credit/violations/{recorded.data['violation_id']}/revoke"
    regulator = token("regulator", "330400")
    answer = credit.client.post(url, headers=regulator, json={"reason": "认定错误", **body})
    assert answer.status_code == 202, answer.json
    wait_until(
        lambda: credit.ctx.db["facts"].find_one(
            {"type": "violation-revoked", "case": f"violation:{recorded.data['violation_id']}"}
        )
    )


def test_a_void_revocation_corrects_every_date_and_tells_the_agency(credit, token, probe):
    agency_id = new_id("ag")
    seen = probe("rating-changed", "violation-revoked")
    recorded = _taken_in_20_days_ago(credit, agency_id, "severe")
    credit.send_and_wait(agency_registered(agency_id, "嘉兴误记咨询有限公司"))  # a refresh today: listed since day 13
    assert credit.rating(agency_id)["grade"] == "D"
    _revoke(credit, token, recorded)

    assert seen.events("violation-revoked", subject=agency_id)[0].data["kind"] == "void"
    told = seen.events("rating-changed", subject=agency_id, corrected_from=days_ago(13))[0]
    assert (told.data["new_grade"], told.data["listed_until"]) == ("B", None) and "correction" in told.data["reasons"]
    agency = token("agency", agency_id)
    url = f"/credit/agencies/{agency_id}/rating?as_of={days_ago(10)}"
    assert credit.client.get(url, headers=agency).json["grade"] == "B", "it never stood"
    then = credit.client.get(f"{url}&known_at={days_ago(1)}", headers=agency).json
    assert (then["grade"], then["known_at"]) == ("D", days_ago(1)), "what was known then"
    history = credit.client.get(f"/credit/agencies/{agency_id}/history", headers=agency).json["items"]
    [listed] = [h for h in history if h.get("published", {}).get("new_grade") == "D"]
    assert (listed["new_grade"], listed["listed_until"], listed["corrected_on"]) == ("B", None, days_ago(0))
    page = credit.client.get(f"/public/credit/agencies/{agency_id}").get_data(as_text=True)
    assert "严重失信名单：" not in page and "D 级" not in page, "the public page shows the corrected past"
    assert (
        credit.client.get(f"/credit/agencies/{agency_id}/facts", headers=agency).json["violations"][0][
            "revocation_kind"
        ]
        == "void"
    )


def test_an_ended_revocation_stops_the_violation_today_and_leaves_the_past(credit, token, probe):
    agency_id = new_id("ag")
    seen = probe("rating-changed")
    recorded = _taken_in_20_days_ago(credit, agency_id)
    _revoke(credit, token, recorded, kind="ended")
    raised = seen.events("rating-changed", subject=agency_id, new_score=100)[0]
    assert raised.data["corrected_from"] is None
    past = credit.client.get(
        f"/credit/agencies/{agency_id}/rating?as_of={days_ago(10)}", headers=token("agency", agency_id)
    ).json
    assert past["score"] == 95


def test_regulators_see_what_awaits_their_decision_within_their_division(credit, token):
    nanhu, xiuzhou = new_id("ag"), new_id("ag")
    credit.send_and_wait(agency_registered(nanhu), agency_registered(xiuzhou, town="330411002"))
    cases = {}
    for agency_id in (nanhu, xiuzhou):
        recorded = violation(agency_id, "general", recorded_on=days_ago(100))
        with credit.days_ago(100):
            credit.send_and_wait(recorded)
            credit.serve(recorded)
        cases[agency_id] = recorded.data["violation_id"]
        url = f"/credit/violations/{cases[agency_id]}/repair"
        assert (
            credit.client.post(url, headers=token("agency", agency_id), json={"evidence": "已整改"}).status_code == 201
        )

    def queue(org: str, mine: bool = True) -> list[tuple[str, int]]:
        query = "?awaiting=me&limit=200" if mine else "?limit=200"
        items = credit.client.get(f"/credit/repair-applications{query}", headers=token("regulator", org)).json["items"]
        return [(i["agency_id"], i["days_left"]) for i in items if i["agency_id"] in cases]

    assert queue("330402") == [(nanhu, 15)] and queue("330402007") == [(nanhu, 15)]
    assert queue("330411002") == [(xiuzhou, 15)] and queue("330411003") == []
    assert sorted(queue("330400")) == sorted(queue("330411003", mine=False)) == sorted([(nanhu, 15), (xiuzhou, 15)])
    assert (
        credit.client.get("/credit/repair-applications?awaiting=you", headers=token("regulator", "330402")).status_code
        == 422
    )
    assert credit.client.get("/credit/repair-applications", headers=token("agency", nanhu)).status_code == 403

    decided = credit.client.post(
        f"/credit/violations/{cases[nanhu]}/repair/decision",
        headers=token("regulator", "330402"),
        json={"approved": False},
    )
    assert decided.status_code == 200 and queue("330402") == []
    objected = credit.client.post(
        f"/credit/violations/{cases[nanhu]}/objection", headers=token("agency", nanhu), json={"reason": "x"}
    )
    assert objected.status_code == 409, "the objection window closed long ago"

    fresh = violation(xiuzhou, "general")
    credit.send_and_wait(fresh)
    url = f"/credit/violations/{fresh.data['violation_id']}"
    assert (
        credit.client.post(f"{url}/objection", headers=token("agency", xiuzhou), json={"reason": "x"}).status_code
        == 201
    )
    objections = credit.client.get("/credit/objections?awaiting=me", headers=token("regulator", "330411")).json
    assert [(i["violation_id"], i["since"], i["days_left"]) for i in objections["items"]] == [
        (fresh.data["violation_id"], days_ago(0), 15)
    ]
    _revoke(credit, token, fresh)  # revoked while the objection waits: nothing left to rule on
    assert credit.client.get("/credit/objections?awaiting=me", headers=token("regulator", "330411")).json["items"] == []
