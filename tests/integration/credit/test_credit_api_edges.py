"""The interview (约谈) list, history paging, and bad input answered as problems (never 500)."""

from __future__ import annotations

from tests.integration.credit.conftest import agency_registered, days_ago, new_id, violation


def test_regulators_see_who_must_be_interviewed(credit, token):
    must, fine = new_id("ag"), new_id("ag")
    credit.send_and_wait(
        agency_registered(must, "桐乡约谈咨询有限公司"),
        agency_registered(fine),
        violation(must, "serious"),
        violation(fine, "general"),
    )
    regulator = token("regulator", "330400")
    items = credit.client.get("/credit/interviews?limit=200", headers=regulator).json["items"]
    ours = {i["agency_id"]: i for i in items if i["agency_id"] in (must, fine)}
    assert list(ours) == [must]
    assert (ours[must]["name"], ours[must]["deductions"], ours[must]["score"], ours[must]["grade"]) == (
        "桐乡约谈咨询有限公司",
        10,
        90,
        "B",
    )
    assert credit.client.get("/credit/interviews", headers=token("agency", must)).status_code == 403
    assert credit.client.get("/credit/interviews").status_code == 401


def test_history_pages_follow_the_cursor(credit, token):
    agency_id = new_id("ag")
    for event in (agency_registered(agency_id), violation(agency_id, "minor"), violation(agency_id, "general")):
        credit.send_and_wait(event)  # one at a time: three published changes
    headers, url, seen, cursor = token("agency", agency_id), f"/credit/agencies/{agency_id}/history", [], None
    for _ in range(5):
        query = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = credit.client.get(url, headers=headers, query_string=query)
        assert page.status_code == 200, page.json
        seen += [h["new_score"] for h in page.json["items"]]
        cursor = page.json["next_cursor"]
        if not cursor:
            break
    assert seen == [93, 98, 100]


def test_bad_input_is_a_problem_not_a_crash(credit, token):
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    agency, regulator = token("agency", agency_id), token("regulator", "330400")
    url = f"/credit/agencies/{agency_id}/rating"
    ok = credit.client.get(url, headers=agency).json
    assert (ok["score"], ok["grade"], ok["rule_version"]) == (100, "B", "2")
    for as_of in ("2026-13-01", "yesterday", "0001-01-01", "9999-12-31"):
        bad = credit.client.get(url, headers=agency, query_string={"as_of": as_of})
        assert bad.status_code == 422 and bad.content_type == "application/problem+json", (as_of, bad.json)
    assert credit.client.get("/credit/agencies/nobody/history", headers=regulator).status_code == 404
    assert credit.client.get(f"/credit/agencies/{agency_id}/history?cursor=%%%", headers=agency).status_code == 422

    body = {
        "agency_id": "nobody",
        "severity": "minor",
        "code": "late-report",
        "description": "x",
        "occurred_on": days_ago(1),
    }
    assert credit.client.post("/credit/violations", headers=regulator, json=body).status_code == 404
    for code, on in (("x", days_ago(1)), ("inaccurate-report", "2020-06-01")):  # not in the table of that day
        unknown = credit.client.post(
            "/credit/violations",
            headers=regulator,
            json={**body, "agency_id": agency_id, "code": code, "occurred_on": on},
        )
        assert unknown.status_code == 422 and unknown.json["errors"][0]["field"] == "code", unknown.json
        assert "violation code table" in unknown.json["errors"][0]["messages"][0]
    future = credit.client.post(
        "/credit/violations", headers=regulator, json={**body, "agency_id": agency_id, "occurred_on": "9999-12-31"}
    )
    assert future.status_code == 422 and future.json["errors"][0]["field"] == "occurred_on"
    check = {"agency_id": agency_id, "inspected_on": days_ago(-30), "passed": True}
    assert credit.client.post("/credit/spot-checks", headers=regulator, json=check).status_code == 422


def test_only_the_agency_itself_applies_for_repair(credit, token):
    agency_id = new_id("ag")
    old = violation(agency_id, "general", recorded_on=days_ago(100))
    with credit.days_ago(100):
        credit.send_and_wait(agency_registered(agency_id), old)
    url = f"/credit/violations/{old.data['violation_id']}/repair"
    other = credit.client.post(url, headers=token("agency", "ag-other"), json={"evidence": "x"})
    assert other.status_code == 403 and other.content_type == "application/problem+json"
    assert credit.client.post(url, headers=token("agency", agency_id), json={"evidence": "整改完成"}).status_code == 201
