"""Regulators' work queues (待办): the objections and repair applications waiting for their decision, within their
division (`awaiting=me`), the earliest due first, with the days left."""

from __future__ import annotations

from tests.integration.credit.conftest import agency_registered, days_ago, new_id, violation


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
    credit.revoke(
        token("regulator", "330400"), fresh.data["violation_id"]
    )  # revoked while the objection waits: nothing left to rule on
    assert credit.client.get("/credit/objections?awaiting=me", headers=token("regulator", "330411")).json["items"] == []
