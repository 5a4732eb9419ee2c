"""Issue 11 and 12 through the API, the broker and the worker: at-fault claims with due process, a regulator's
revocation, who may read effects and history, the rule tables, search and paging, bulletins as of the 1st."""

from __future__ import annotations

from datetime import timedelta

from services.credit import jobs
from tests.integration.credit.conftest import agency_registered, days_ago, new_id, terminated, violation


def _claim_state(credit, agency_id, contract_id, headers):
    claims = credit.client.get(f"/credit/agencies/{agency_id}/facts", headers=headers).json["claims"]
    return next(c for c in claims if c["contract_id"] == contract_id)


def test_a_buyer_claim_counts_only_once_confirmed(credit, token, probe):
    agency_id = new_id("ag")
    seen = probe("rating-changed")
    claims = [terminated(agency_id) for _ in range(4)]
    credit.send_and_wait(agency_registered(agency_id), *claims, terminated(agency_id, signed=False))
    assert (credit.rating(agency_id)["score"], credit.rating(agency_id)["grade"]) == (100, "B")  # four claims alone
    agency, regulator = token("agency", agency_id), token("regulator", "330400")
    first, second = (c.data["contract_id"] for c in claims[:2])
    assert _claim_state(credit, agency_id, first, agency)["state"] == "open"
    assert len(credit.client.get(f"/credit/agencies/{agency_id}/facts", headers=agency).json["claims"]) == 4

    other = credit.client.post(
        f"/credit/claims/{first}/objection", headers=token("agency", "ag-x"), json={"reason": "x"}
    )
    assert other.status_code == 403
    contested = credit.client.post(
        f"/credit/claims/{first}/objection", headers=agency, json={"reason": "买方未提供场地"}
    )
    assert contested.status_code == 201, contested.json
    confirmed = credit.client.post(
        f"/credit/claims/{first}/objection/ruling", headers=regulator, json={"upheld": False, "note": "查证属实"}
    )
    assert confirmed.status_code == 200 and confirmed.json["rating"]["score"] == 95
    assert (
        "+contract.terminated_at_fault:contract.terminated_at_fault"
        in seen.events("rating-changed", subject=agency_id, new_score=95)[0].data["reasons"]
    )
    assert _claim_state(credit, agency_id, first, agency)["state"] == "confirmed"

    accepted = credit.client.post(f"/credit/claims/{second}/acceptance", headers=agency)
    assert accepted.status_code == 201 and accepted.json["rating"]["score"] == 90
    again = credit.client.post(f"/credit/claims/{second}/acceptance", headers=agency)
    assert again.status_code == 409 and "accepted" in again.json["detail"]
    assert credit.client.post("/credit/claims/nope/acceptance", headers=agency).status_code == 404

    noticed = credit.ctx.clock.today() + timedelta(days=5)  # the other two never delivered: 公告送达 on day 5
    assert len(jobs.publish_notices(credit.ctx, noticed)) == 2 and credit.rating(agency_id)["score"] == 90
    sheet = credit.client.get("/public/credit/notices.csv").text
    rows = [row for row in sheet.splitlines() if agency_id in row]
    assert len(rows) == 2 and all("委托方主张机构过错解约" in r and "委托方（主张，未经认定）" in r for r in rows)
    assert "逾期未进场" not in sheet, "the buyer's own words stay off the public site"
    later = noticed + timedelta(days=16)  # and not contested within 15 days of it
    assert agency_id in jobs.reevaluate(credit.ctx, later)
    assert credit.rating(agency_id)["score"] == 80


def test_a_regulator_revokes_a_violation_recorded_in_error(credit, token, probe):
    agency_id = new_id("ag")
    seen = probe("violation-revoked")
    wrong = violation(agency_id, "serious")
    credit.send_and_wait(agency_registered(agency_id), wrong)
    assert credit.rating(agency_id)["score"] == 90
    url = f"/credit/violations/{wrong.data['violation_id']}/revoke"
    regulator = token("regulator", "330400")
    assert credit.client.post(url, headers=regulator, json={}).status_code == 422  # a reason is required
    assert credit.client.post(url, headers=token("agency", agency_id), json={"reason": "x"}).status_code == 403
    answer = credit.client.post(url, headers=regulator, json={"reason": "录入错误：应为另一机构"})
    assert answer.status_code == 202, answer.json
    event = seen.events("violation-revoked", subject=agency_id)[0]
    assert (event.data["reason"], event.data["revoked_by"]) == ("录入错误：应为另一机构", "330400")
    credit.handled(event)
    assert credit.rating(agency_id)["score"] == 100
    [status] = credit.client.get(f"/credit/agencies/{agency_id}/facts", headers=token("agency", agency_id)).json[
        "violations"
    ]
    assert (status["revoked"], status["revocation_reason"], status["revoked_by"], status["revoked_on"]) == (
        True,
        "录入错误：应为另一机构",
        "330400",
        days_ago(0),
    )
    assert credit.client.post(url, headers=regulator, json={"reason": "again"}).status_code == 409


def test_effects_and_history_are_for_the_agency_regulators_and_admin(credit, token):
    agency_id = new_id("ag")
    recorded = violation(agency_id, "general")
    credit.send_and_wait(agency_registered(agency_id), recorded)
    credit.serve(recorded)
    url = f"/credit/agencies/{agency_id}"
    for who in (token("agency", agency_id), token("regulator", "330400"), token("admin")):
        full = credit.client.get(f"{url}/rating", headers=who).json
        assert full["effects"][0]["objection_deadline"] and full["deductions"] == 5
        assert credit.client.get(f"{url}/history", headers=who).status_code == 200
    for who in (token("agency", "ag-competitor"), token("enterprise", "e1"), token("insurer", "i1")):
        public = credit.client.get(f"{url}/rating", headers=who).json
        assert (
            (public["score"], public["grade"]) == (95, "B") and "effects" not in public and "deductions" not in public
        )
        assert credit.client.get(f"{url}/history", headers=who).status_code == 403
        assert credit.client.get(f"{url}/facts", headers=who).status_code == 403


def test_rule_tables_are_published(credit):
    versions = credit.client.get("/public/credit/rules").json
    assert versions[-1] == {
        "version": "1",
        "effective_from": "2000-01-01",
        "title": "嘉兴市安全生产社会化服务机构信用评价规则（第 1 版）",
    }
    table = credit.client.get("/public/credit/rules/1").json
    rows = {r["key"]: r for r in table["rules"]}
    assert (
        rows["violation.severe"]["points"],
        rows["violation.severe"]["veto"],
        table["caps"]["mutual_inspection"],
    ) == (-20, True, 10)
    assert credit.client.get("/public/credit/rules/99").status_code == 404


def test_search_by_name_and_pages_of_agencies(credit):
    tag = new_id("名")
    ids = [new_id("ag") for _ in range(5)]
    credit.send_and_wait(
        *[agency_registered(a, f"秀洲{tag}第{i}咨询有限公司") for i, a in enumerate(ids)],
        agency_registered(new_id("ag"), "别的公司"),
    )
    found, cursor = [], None
    while True:
        page = credit.client.get(
            "/public/credit/ratings", query_string={"q": tag, "limit": 2, **({"cursor": cursor} if cursor else {})}
        ).json
        found += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(a["agency_id"] for a in found) == sorted(ids)
    assert {(a["county_name"], a["town_name"]) for a in found} == {("南湖区", "建设街道")}
    html = credit.client.get("/public/credit/page", query_string={"q": tag, "limit": 2}).get_data(as_text=True)
    assert "机构信用等级（5 家）" in html and "下一页" in html and "别的公司" not in html
    assert credit.client.get("/public/credit/ratings?county=999999").status_code == 422


def test_a_bulletin_shows_each_agency_as_it_stood_on_the_first(credit):
    """Last month's bulletin, published late: agencies active on its 1st, whatever they are today."""
    before, joined, left = new_id("ag"), new_id("ag"), new_id("ag")
    first = (credit.ctx.clock.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    earlier = f"{(first - timedelta(days=10)).isoformat()}T02:00:00.000Z"
    credit.send_and_wait(
        agency_registered(before, "月初在册", time=earlier),
        agency_registered(left, "月中注销", time=earlier),
        agency_registered(left, "月中注销", status="deregistered", type_="agency-updated"),
        agency_registered(joined, "月中登记"),
    )
    month = jobs.publish_bulletin(credit.ctx, first)
    entries = credit.client.get(f"/public/credit/bulletins/{month}/entries", query_string={"q": "月"}).json["items"]
    assert {e["agency_id"] for e in entries} == {before, left}
