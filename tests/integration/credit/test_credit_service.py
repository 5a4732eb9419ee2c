"""Service (送达) through the worker, the API and the real broker: clocks from notify's delivery, or from credit's
public notice (公告送达) when nothing reached the agency in 5 days; the public page's intended listing (拟列入)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from services.credit import jobs
from tests.integration.credit.conftest import agency_registered, days_ago, delivered, new_id, violation
from tests.support.wait import wait_until


def _day(n: int) -> str:
    return (date.fromisoformat(days_ago(0)) + timedelta(days=n)).isoformat()


def _status(credit, token, agency_id: str) -> dict:
    [found] = credit.client.get(f"/credit/agencies/{agency_id}/facts", headers=token("agency", agency_id)).json[
        "violations"
    ]
    return found


def test_no_delivery_in_5_days_is_served_by_public_notice_which_the_site_shows(credit, token, probe):
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id, "嘉兴未达咨询有限公司"))
    seen = probe("violation-served")
    severe = violation(agency_id, "severe", recorded_on=days_ago(6), description="出借资质证书")
    with credit.days_ago(6):  # taken in 6 days ago; no channel reached the agency since
        credit.send_and_wait(severe)
    assert _status(credit, token, agency_id)["served_on"] is None
    assert jobs.publish_notices(credit.ctx, date.fromisoformat(days_ago(2))) == [], "not yet: due on day 5"

    assert jobs.publish_notices(credit.ctx) == [severe.data["violation_id"]]
    [served] = seen.events("violation-served", subject=agency_id)
    assert (served.data["method"], served.data["served_on"], served.data["objection_deadline"]) == (
        "public_notice",
        days_ago(0),
        _day(15),
    )
    assert (served.data["effect_from"], served.data["listed"]) == (_day(7), True)
    found = _status(credit, token, agency_id)
    assert (found["served_by"], found["served_on"], found["effect_start"]) == ("public_notice", days_ago(0), _day(7))
    [notice] = [n for n in credit.client.get("/public/credit/notices").json["items"] if n["agency_id"] == agency_id]
    assert (notice["name"], notice["published_on"], notice["objection_deadline"]) == (
        "嘉兴未达咨询有限公司",
        days_ago(0),
        _day(15),
    )
    html = credit.client.get("/public/credit/notices", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "嘉兴未达咨询有限公司" in html and "出借资质证书" in html and f"拟自 {_day(7)} 起列入严重失信名单" in html
    assert html == credit.client.get("/public/credit/notices/page").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(credit.client.get("/public/credit/notices.csv").text)))
    header = rows.index(
        [
            "公告日期",
            "机构名称",
            "统一社会信用代码",
            "所在地",
            "严重程度",
            "事由",
            "认定机关（主张方）",
            "认定日期（解约日期）",
            "异议截止（含）",
            "影响",
        ]
    )
    [row] = [r for r in rows[header + 1 :] if agency_id in r]
    assert row[:2] == [days_ago(0), "嘉兴未达咨询有限公司"] and row[8] == _day(15) and "严重失信名单" in row[9]
    page = credit.client.get(f"/public/credit/agencies/{agency_id}").get_data(as_text=True)
    assert "拟列入严重失信名单" in page and f"拟自 {_day(7)} 起列入" in page and f"异议截止 {_day(15)}" in page
    assert "公告送达" in page

    credit.send_and_wait(delivered(agency_id, severe.id, "inbox"))  # the agency opens its inbox afterwards
    assert _status(credit, token, agency_id) == found, "a delivery after the public notice changes nothing"
    assert jobs.publish_notices(credit.ctx) == []
    assert len(seen.events("violation-served", subject=agency_id)) == 1
    assert credit.ctx.db["agencies"].find_one({"_id": agency_id})["notice_due_on"] is None


def test_a_delivery_that_arrives_before_its_violation_serves_it_when_it_is_taken_in(credit, token, probe):
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    seen = probe("violation-served")
    recorded = violation(agency_id, "general", recorded_on=days_ago(2))  # notify told it yesterday, credit is late
    credit.send_and_wait(delivered(agency_id, recorded.id, "email", credit.ctx.clock.now() - timedelta(days=1)))
    assert credit.ctx.db["agencies"].find_one({"_id": agency_id})["deliveries_pending"]
    credit.send_and_wait(recorded)
    [served] = seen.events("violation-served", subject=agency_id)
    assert (served.data["served_on"], served.data["objection_deadline"], served.data["effect_from"]) == (
        days_ago(1),
        _day(14),
        days_ago(0),
    )
    assert credit.ctx.db["agencies"].find_one({"_id": agency_id})["deliveries_pending"] == []
    assert jobs.publish_notices(credit.ctx, date.fromisoformat(_day(10))) == []


def test_a_notice_about_another_agencys_violation_is_dead_lettered_and_others_pass_over(credit):
    mine, other = new_id("ag"), new_id("ag")
    theirs = violation(other, "general")
    credit.send_and_wait(agency_registered(mine), agency_registered(other), theirs)
    stray = delivered(mine, theirs.id)
    rating_notice = delivered(mine, new_id("evt"))
    rating_notice.data["event_type"] = "rating-changed"
    credit.send(stray)
    credit.send_and_wait(rating_notice)  # a delivery of another kind of notice starts no clock
    [letter] = wait_until(lambda: list(credit.ctx.db["dead_letters"].find({"topic": "notice-delivered"})))
    assert "another agency" in letter["reason"]
    assert credit.ctx.db["facts"].count_documents({"type": "notice-delivered"}) == 0


def test_a_rebuild_finds_the_public_notices_due_of_violations_taken_in_before_it_was_tracked(credit):
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    recorded = violation(agency_id, "severe", recorded_on=days_ago(6))
    with credit.days_ago(6):
        credit.send_and_wait(recorded)
    credit.ctx.db["agencies"].update_one({"_id": agency_id}, {"$unset": {"notice_due_on": ""}})  # stored before
    assert jobs.publish_notices(credit.ctx) == []
    jobs.rebuild(credit.ctx)  # the admin rebuild after the deployment
    assert credit.ctx.db["agencies"].find_one({"_id": agency_id})["notice_due_on"] == days_ago(1)
    assert jobs.publish_notices(credit.ctx) == [recorded.data["violation_id"]]
