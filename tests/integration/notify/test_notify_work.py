"""What awaits each official, finance and regulator (待办), counted in notify's daily digest from the events notify
consumes (never by asking another service): subsidy-step-changed; objection-filed / -ruled and repair-applied /
-decided (in any order); a revoked violation ends what waited on it."""

from __future__ import annotations

from datetime import UTC, datetime

from services.common.clock import FixedClock
from services.notify import jobs
from tests.integration.notify.conftest import agency, event, new_id
from tests.integration.notify.test_notify_due_process import COUNTY, TOWN, step, violation_case


def moved(application_id: str, awaiting: str | None, division: str | None, due_on: str | None):
    """subsidy-step-changed: the application awaits the step of `division` (None: decided)."""
    return event(
        "subsidy-step-changed",
        {
            "application_id": application_id,
            "programme_id": "pg-1",
            "kind": "enterprise_purchase",
            "applicant_id": new_id("ent"),
            "subject_id": new_id("c"),
            "funder": COUNTY,
            "county": COUNTY,
            "town": TOWN,
            "amount_fen": 1_000_000,
            "status": {"town": "submitted", "county": "town_approved", "finance": "approved"}.get(awaiting, "paid"),
            "awaiting": awaiting,
            "division": division,
            "since": "2026-11-05" if awaiting else None,
            "due_on": due_on,
        },
    )


def test_the_daily_digest_counts_what_awaits_each_division_with_the_earliest_day_due(notify, token):
    near = new_id("ag")
    notify.send_and_wait(agency(near))
    waiting, repaired, ruled, revoked = (violation_case() for _ in range(4))
    ruling = step("objection-ruled", near, ruled, ruled_on="2026-11-10", upheld=False, note="", ruled_by=COUNTY)
    notify.send_and_wait(ruling)  # the ruling comes first: topics interleave
    notify.send_and_wait(
        step("objection-filed", near, waiting, filed_on="2026-11-03", reason="报告已按期提交", filed_by=near),
        step("objection-filed", near, ruled, filed_on="2026-11-04", reason="有回执", filed_by=near),
        step("objection-filed", near, revoked, filed_on="2026-11-06", reason="不是我们", filed_by=near),
        step("repair-applied", near, repaired, applied_on="2026-11-08", evidence="已整改", applied_by=near),
    )
    withdrawn = {"violation_id": revoked["violation_id"], "agency_id": near, "reason": "记录有误"}
    notify.send_and_wait(event("violation-revoked", withdrawn, "/gov/enforcement/330400"))
    apps = [new_id("sa") for _ in range(5)]
    notify.send_and_wait(
        moved(apps[0], "town", TOWN, "2026-11-15"),  # overdue on the 20th
        moved(apps[1], "county", COUNTY, "2026-11-25"),
        moved(apps[2], "finance", COUNTY, "2026-11-30"),
        moved(apps[3], "town", TOWN, "2026-11-15"),
        moved(apps[4], "town", TOWN, "2026-11-16"),
    )
    notify.send_and_wait(moved(apps[3], "county", COUNTY, "2026-11-22"), moved(apps[4], None, None, None))

    notify.ctx.clock = FixedClock(datetime(2026, 11, 20, 0, 30, tzinfo=UTC))  # 08:30 in Jiaxing
    jobs.digests(notify.ctx)
    town = {n["type"]: n for n in notify.inbox(token("official", TOWN))}["work-digest"]
    assert town["title"] == "今日待办（2026-11-20）：3 件" and town["text"].startswith("当湖街道有关部门：")
    assert "补贴申请待乡镇（街道）审核 1 件，最早 2026-11-15 到期，已逾期 1 件" in town["text"]
    assert "异议待裁决 1 件，最早于 2026-11-03 提出" in town["text"]
    assert "信用修复申请待审核 1 件，最早于 2026-11-08 提出" in town["text"]
    county = {n["type"]: n for n in notify.inbox(token("finance", COUNTY))}["work-digest"]
    assert "补贴申请待县（市、区）审核 2 件，最早 2026-11-22 到期" in county["text"]
    assert "补贴待拨付 1 件，最早 2026-11-30 到期" in county["text"] and "异议待裁决 1 件" in county["text"]
    assert jobs.digests(notify.ctx) == []  # once a day
