"""Events become inbox entries and e-mails (a real SMTP server); each organisation sees only its own inbox;
a legal notice's first delivery publishes notice-delivered; demands reach fitting agencies, or a daily digest."""

from __future__ import annotations

from datetime import UTC, datetime

from services.common.clock import FixedClock
from services.notify import jobs
from tests.integration.notify.conftest import agency, enterprise, event, new_id
from tests.support.wait import wait_until

GOV = "/gov/enforcement/330400"


def violation(agency_id: str) -> object:
    return event(
        "violation-recorded",
        {
            "violation_id": new_id("v"),
            "agency_id": agency_id,
            "severity": "general",
            "code": "late-report",
            "description": "报告逾期",
            "occurred_on": "2026-11-01",
            "recorded_on": "2026-11-02",
            "recorded_by": "嘉兴市应急管理局",
        },
        GOV,
    )


def served(recorded) -> object:
    """Credit's violation-served for a violation-recorded: delivered, and the dates that run from then (general)."""
    data = recorded.data
    return event(
        "violation-served",
        {
            **{k: data[k] for k in ("agency_id", "violation_id", "severity", "code", "recorded_by", "description")},
            "recorded_on": "2026-11-02",
            "served_on": "2026-11-03",
            "method": "delivered",
            "channel": "email",
            "objection_deadline": "2026-11-18",
            "effect_from": "2026-11-03",
            "effect_until": "2027-11-03",
            "points": -5,
            "listed": False,
        },
    )


def test_a_violation_reaches_the_agency_by_inbox_and_email_and_its_first_delivery_is_published(
    notify, mailbox, token, probe
):
    mine, other = new_id("ag"), new_id("ag")
    delivered = probe("notice-delivered")
    notify.send_and_wait(agency(mine), agency(other, email="other@example.cn"))
    recorded = violation(mine)
    notify.send_and_wait(recorded, recorded)  # a duplicate tells nobody twice

    as_mine = token("agency", mine)
    [notice] = notify.inbox(as_mine)
    assert (notice["type"], notice["legal"], notice["read_at"]) == ("violation-recorded", True, None)
    assert "另行告知异议截止日期" in notice["text"], "credit tells the deadline"
    assert notice["text"].startswith(f"安澜安全评价-{mine}：") and f"/public/credit/agencies/{mine}" in notice["text"]
    assert notify.client.get("/notify/inbox/unread-count", headers=as_mine).json["unread"] == 1

    [mail] = wait_until(lambda: mailbox.to("lu.xiaofeng@example.cn"))
    assert mail["Subject"] == notice["title"] and mail["Message-ID"].startswith("<msg_")
    assert mail["Date"].endswith("+0800") and mail["Content-Language"] == "zh-CN"
    assert "另行告知异议截止日期" in mail.get_body(("plain",)).get_content()

    [published] = delivered.events("notice-delivered", subject=mine)
    assert published.data["channel"] == "email" and published.data["notice_id"] == notice["id"]
    assert published.data["event_id"] == recorded.id

    read = notify.client.post(f"/notify/inbox/{notice['id']}/read", headers=as_mine)
    assert read.status_code == 200 and read.json["read_at"]
    assert notify.client.get("/notify/inbox/unread-count", headers=as_mine).json["unread"] == 0
    detail = notify.client.get(f"/notify/inbox/{notice['id']}", headers=as_mine).json
    [sent] = detail["deliveries"]
    assert (sent["channel"], sent["status"], sent["attempt_count"]) == ("email", "delivered", 1)
    assert sent["attempts"][0]["status"] == "delivered" and sent["attempts"][0]["latency_ms"] >= 0
    assert (
        delivered.events("notice-delivered", subject=mine, count=1)
        and len(delivered.events("notice-delivered", subject=mine)) == 1
    )

    notify.send_and_wait(served(recorded))  # credit learned of the delivery: the dates that run from it
    dates = next(n for n in notify.inbox(as_mine) if n["type"] == "violation-served")
    assert dates["legal"] and "异议截止 2026-11-18" in dates["title"]
    assert "自 2026-11-03 起扣减信用分 5 分，至 2027-11-03（不含）" in dates["text"]
    [dated] = wait_until(lambda: [m for m in mailbox.to("lu.xiaofeng@example.cn") if m["Subject"] == dates["title"]])
    assert "<b>如有异议，请于 2026-11-18（含）前提出</b>" in dated.get_body(("html",)).get_content()


def test_an_agency_never_sees_another_agencys_inbox(notify, token):
    mine, other = new_id("ag"), new_id("ag")
    notify.send_and_wait(agency(mine), agency(other), violation(mine))
    [notice] = notify.inbox(token("agency", mine))
    as_other = token("agency", other)
    assert notify.inbox(as_other) == []
    for method, url in (("get", f"/notify/inbox/{notice['id']}"), ("post", f"/notify/inbox/{notice['id']}/read")):
        answer = getattr(notify.client, method)(url, headers=as_other)
        assert answer.status_code == 404 and answer.json["status"] == 404
    assert notify.inbox(as_other, org=mine) == []  # only admins may name an organisation
    assert [n["id"] for n in notify.inbox(token("admin"), org=mine)] == [notice["id"]]
    assert notify.client.get("/notify/inbox").status_code == 401


def test_reading_a_legal_notice_first_delivers_it_when_no_email_is_known(notify, token, probe):
    mine = new_id("ag")
    delivered = probe("notice-delivered")
    notify.send_and_wait(agency(mine, email=None))
    notify.send_and_wait(violation(mine))
    [notice] = notify.inbox(token("agency", mine))
    assert notice["missing"] == ["email"] and notice["delivered_at"] is None
    notify.client.post(f"/notify/inbox/{notice['id']}/read", headers=token("agency", mine))
    [published] = delivered.events("notice-delivered", subject=mine)
    assert published.data["channel"] == "inbox"


def demand(buyer: str, county: str = "330482", category: str = "safety_evaluation"):
    demand_id = new_id("d")
    return event(
        "demand-posted",
        {
            "demand_id": demand_id,
            "buyer_id": buyer,
            "buyer_type": "enterprise",
            "category": category,
            "county": county,
            "budget_fen": 4_800_000,
            "offer_deadline": "2026-12-20T00:00:00Z",
            "enterprise_id": buyer,
        },
    )


def test_a_demand_reaches_fitting_agencies_and_an_offer_reaches_the_buyer(notify, token, mailbox):
    fits, elsewhere, unqualified, firm = new_id("ag"), new_id("ag"), new_id("ag"), new_id("ent")
    notify.send_and_wait(
        agency(fits),
        agency(elsewhere, county="330402"),
        agency(unqualified, categories=("safety_consulting",)),
        enterprise(firm),
    )
    posted = demand(firm)
    notify.send_and_wait(posted)
    assert [n["type"] for n in notify.inbox(token("agency", fits))] == ["demand-posted"]
    assert notify.inbox(token("agency", elsewhere)) == notify.inbox(token("agency", unqualified)) == []

    offer = event(
        "offer-submitted",
        {
            "offer_id": new_id("o"),
            "demand_id": posted.subject,
            "agency_id": fits,
            "price_fen": 4_500_000,
            "duration_days": 45,
        },
    )
    notify.send_and_wait(offer)
    [told] = notify.inbox(token("enterprise", firm))
    assert told["type"] == "offer-submitted" and f"安澜安全评价-{fits}" in told["text"] and "45,000.00" in told["text"]
    wait_until(lambda: mailbox.to("shen.jianguo@example.cn"))


def test_an_offer_that_arrives_before_its_demand_is_told_to_the_buyer_when_the_demand_does(notify, token):
    fits, firm = new_id("ag"), new_id("ent")
    posted = demand(firm)
    offer = event(
        "offer-submitted",
        {
            "offer_id": new_id("o"),
            "demand_id": posted.subject,
            "agency_id": fits,
            "price_fen": 4_500_000,
            "duration_days": 45,
        },
    )
    notify.send_and_wait(offer)  # the topics interleave: the offer came first
    assert notify.inbox(token("enterprise", firm)) == []
    notify.send_and_wait(posted)
    assert [n["type"] for n in notify.inbox(token("enterprise", firm))] == ["offer-submitted"]


def test_an_agency_that_takes_a_digest_gets_one_email_a_day_after_eight(notify, token, mailbox):
    fits, firm = new_id("ag"), new_id("ent")
    address = f"{fits}@example.cn"
    notify.send_and_wait(agency(fits, email=address), enterprise(firm))
    as_agency = token("agency", fits)
    answer = notify.client.put("/notify/preferences", headers=as_agency, json={"digest": True})
    assert answer.status_code == 200 and answer.json["digest"] is True
    notify.send_and_wait(demand(firm), demand(firm))
    assert len(notify.inbox(as_agency)) == 2 and notify.deliveries(org=fits) == []

    notify.ctx.clock = FixedClock(datetime(2026, 11, 3, 0, 30, tzinfo=UTC))  # 08:30 in Jiaxing
    [digest] = jobs.digests(notify.ctx)
    assert jobs.digests(notify.ctx) == []  # once a day
    [mail] = wait_until(lambda: mailbox.to(address))
    assert "（2 条）" in mail["Subject"]
    assert len(notify.inbox(as_agency)) == 2  # the digest itself is not an inbox entry
    assert notify.ctx.db["notifications"].find_one({"_id": digest})["inbox"] is False


def test_the_inbox_pages_newest_first(notify, token):
    mine = new_id("ag")
    notify.send_and_wait(agency(mine))
    for _ in range(3):
        notify.send_and_wait(violation(mine))
    as_mine = token("agency", mine)
    first = notify.client.get("/notify/inbox", headers=as_mine, query_string={"limit": 2}).json
    second = notify.client.get(
        "/notify/inbox", headers=as_mine, query_string={"limit": 2, "cursor": first["next_cursor"]}
    ).json
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next_cursor"] is None
    times = [n["created_at"] for n in first["items"] + second["items"]]
    assert times == sorted(times, reverse=True)
    assert len(notify.inbox(as_mine, unread=True)) == 3
