"""Public disclosure without a token, the Chinese page, bulletins; the API's errors; malformed events to the DLQ."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from services.credit import jobs
from tests.integration.credit.conftest import agency_registered, days_ago, new_id, violation

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_public_lists_page_and_frozen_bulletin(credit):
    listed, rectifying, good, gone = (new_id("ag") for _ in range(4))
    events = [
        agency_registered(listed, "嘉兴挂靠检测有限公司"),
        agency_registered(rectifying, "平湖整改评价有限公司"),
        agency_registered(good, "海宁守信咨询有限公司"),
        agency_registered(gone, "已注销机构", status="deregistered"),
    ]
    severe = violation(
        listed,
        "severe",
        recorded_on=days_ago(10),
        code="qualification-rental",
        recorded_by="嘉兴市综合行政执法系统（330402）",
    )
    with credit.days_ago(10):  # the severe violation reached the platform and was served 10 days ago: listed 3 days ago
        credit.send_and_wait(*events, severe)
        credit.serve(severe)
    credit.send_and_wait(violation(rectifying, "serious"), violation(rectifying, "serious", recorded_by="330482"))
    assert listed in jobs.reevaluate(credit.ctx)  # the listing came into force 3 days ago

    ours = {listed, rectifying, good, gone}
    ratings = credit.client.get("/public/credit/ratings").json["items"]
    assert {r["agency_id"]: r["grade"] for r in ratings if r["agency_id"] in ours} == {
        listed: "D",
        rectifying: "C",
        good: "B",
    }
    only_c = credit.client.get("/public/credit/ratings?grade=C").json["items"]
    assert [r["agency_id"] for r in only_c if r["agency_id"] in ours] == [rectifying]
    severe = credit.client.get("/public/credit/severe-dishonesty-list").json["items"]
    assert [(r["agency_id"], r["listed_until"]) for r in severe if r["agency_id"] in ours] == [
        (listed, _years_on(days_ago(3), 3))
    ]
    rect = credit.client.get("/public/credit/rectification-list").json["items"]
    assert {r["agency_id"] for r in rect if r["agency_id"] in ours} == {listed, rectifying}  # severe counts 20

    page = credit.client.get("/public/credit/page")
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    html = page.get_data(as_text=True)
    listed_section = html.split("严重失信名单（")[1].split("<h2>")[0]
    rect_section = html.split("限期整改名单（")[1].split("<h2>")[0]
    assert "嘉兴挂靠检测有限公司" in listed_section and "海宁守信咨询有限公司" not in listed_section
    assert "平湖整改评价有限公司" in rect_section and "海宁守信咨询有限公司" not in rect_section
    assert "已注销机构" not in html and "91330400" not in html  # no USCC shown
    assert "南湖区 建设街道" in html and "<td>330402</td>" not in html  # places by name
    assert "评价规则第 2 版</a>" in html and "严重失信：出租出借资质" in html  # the rules in force, explained
    assert 'href="/public/credit/rules/2"' in html and 'href="/public/credit/severe-dishonesty-list"' in html

    next_month = (credit.ctx.clock.today().replace(day=1) + timedelta(days=32)).replace(day=1)
    month = jobs.publish_bulletin(credit.ctx, next_month)
    assert month == next_month.strftime("%Y-%m")
    bulletin = credit.client.get(f"/public/credit/bulletins/{month}").json
    entries = _all_entries(credit, month)
    assert {e["agency_id"]: e["grade"] for e in entries if e["agency_id"] in ours} == {
        listed: "D",
        rectifying: "C",
        good: "B",
    }
    assert sum(bulletin["grades"].values()) == bulletin["agencies"] == len(entries) >= 3
    later = violation(good, "serious")
    credit.send_and_wait(later)
    assert jobs.publish_bulletin(credit.ctx, next_month) is None  # frozen
    assert credit.client.get(f"/public/credit/bulletins/{month}").json == bulletin
    assert _all_entries(credit, month) == entries
    assert month in [b["month"] for b in credit.client.get("/public/credit/bulletins").json]
    assert credit.client.get("/public/credit/bulletins/1999-01").status_code == 404
    assert credit.client.get("/public/credit/bulletins/last-month").status_code == 422
    readable = credit.client.get(f"/public/credit/bulletins/{month}/page", query_string={"q": "守信"})
    assert readable.status_code == 200 and readable.content_type.startswith("text/html")
    text = readable.get_data(as_text=True)
    assert "海宁守信咨询有限公司" in text and "平湖整改评价有限公司" not in text
    assert (
        f'href="/public/credit/bulletins/{month}/entries.csv"' in text and 'href="/public/credit/rules/3"' in text
    )  # the bulletin of January 2027 is rated by table 3
    assert credit.client.get(f"/public/credit/bulletins/{month}/entries", headers=BROWSER).content_type.startswith(
        "text/html"
    )
    table = _csv(credit.client.get(f"/public/credit/bulletins/{month}/entries.csv"))
    assert table[2][:5] == ["机构名称", "统一社会信用代码", "所在地", "信用分", "等级"]
    assert {r[1] for r in table[3:] if r[1:2] and r[1] in ours} == {listed, rectifying, good}
    index = credit.client.get("/public/credit/bulletins", headers=BROWSER).get_data(as_text=True)
    assert f"{month[:4]} 年 {int(month[5:])} 月" in index and 'href="/public/credit/bulletins.csv"' in index
    assert _csv(credit.client.get("/public/credit/bulletins.csv"))[3][0] == month


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def _all_entries(credit, month: str) -> list[dict]:
    """Every entry of a bulletin, page after page."""
    found, cursor = [], None
    while True:
        page = credit.client.get(
            f"/public/credit/bulletins/{month}/entries",
            query_string={"limit": 2, **({"cursor": cursor} if cursor else {})},
        ).json
        found += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return found


def _years_on(day: str, years: int) -> str:
    return f"{int(day[:4]) + years}{day[4:]}"


def test_api_errors_are_problems(credit, token):
    agency_id = new_id("ag")
    event = agency_registered(agency_id)
    credit.send_and_wait(event)
    assert credit.client.get(f"/credit/agencies/{agency_id}/rating").status_code == 401
    assert credit.client.get("/credit/agencies/nobody/rating", headers=token("enterprise", "e1")).status_code == 404
    other = credit.client.get(f"/credit/agencies/{agency_id}/facts", headers=token("agency", "someone-else"))
    assert other.status_code == 403 and other.content_type == "application/problem+json"
    bad = credit.client.post(
        "/credit/violations",
        headers=token("regulator", "330400"),
        json={
            "agency_id": agency_id,
            "severity": "catastrophic",
            "code": "late-report",
            "description": "x",
            "occurred_on": "yesterday",
            "extra": 1,
        },
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"severity", "occurred_on", "extra"}
    valid = {"agency_id": agency_id, "severity": "minor", "code": "late-report", "description": "x"}
    valid["occurred_on"] = days_ago(1)
    assert credit.client.post("/credit/violations", headers=token("agency", agency_id), json=valid).status_code == 403
    assert (
        credit.client.post(
            "/credit/violations/nope/objection/ruling", headers=token("regulator", "330400"), json={"upheld": True}
        ).status_code
        == 404
    )


def test_spot_check_command_goes_through_the_consumer(credit, token, probe):
    agency_id = new_id("ag")
    event = agency_registered(agency_id)
    credit.send_and_wait(event)
    seen = probe("inspection-completed")
    answer = credit.client.post(
        "/credit/spot-checks",
        headers=token("regulator", "330400"),
        json={"agency_id": agency_id, "inspected_on": days_ago(2), "passed": True, "findings": 1},
    )
    assert answer.status_code == 202
    published = seen.events("inspection-completed", subject=agency_id)[0]
    assert published.data["kind"] == "quality_spot_check" and published.data["inspector"] == "330400"
    credit.handled(published)
    assert credit.rating(agency_id)["score"] == 101
    assert credit.rating(agency_id)["subtotals"]["service_quality"] == 1


def test_malformed_external_violation_is_dead_lettered(credit, probe):
    agency_id = new_id("ag")
    dlq = probe("violation-recorded.credit-dlq")
    bad = violation(agency_id).to_dict()
    del bad["data"]["severity"]
    bad["data"]["occurred_on"] = "last tuesday"
    raw = json.dumps(bad, ensure_ascii=False).encode()
    good = violation(agency_id)
    credit.producer.send("violation-recorded", key=agency_id.encode(), value=raw).get(timeout=10)
    credit.send(good)
    dead = dlq.wait_for(lambda m: m.key == agency_id.encode())[0]
    assert dead.value == raw
    error = dict(dead.headers)["dlq_error"].decode()
    assert "severity" in error and "occurred_on" in error
    credit.handled(good)
    assert credit.rating(agency_id)["score"] == 95  # the partition moved on
