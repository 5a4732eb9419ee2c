"""Webhooks on real HTTP receivers, each delivery verified with the standardwebhooks library: retries with the
same webhook-id until one success, every attempt recorded, disabling after N failures, rotation, redelivery,
SSRF refusal in production, and a slow receiver that delays nobody else."""

from __future__ import annotations

import time
from datetime import timedelta

from services.common.clock import FixedClock, utcnow
from services.notify.app import create_app
from services.notify.domain.retry import MAX_GAP
from tests.integration.notify.conftest import agency, new_id
from tests.integration.notify.receivers import body_of
from tests.integration.notify.test_notify_inbox import violation
from tests.support.wait import wait_until


def subscribe(notify, headers: dict, url: str, types=("violation-recorded",)) -> dict:
    answer = notify.client.post("/notify/webhooks", headers=headers, json={"url": url, "event_types": list(types)})
    assert answer.status_code == 201, answer.json
    return answer.json


def advance(notify, delta: timedelta = MAX_GAP + timedelta(seconds=1)) -> None:
    notify.ctx.clock.advance(delta)


def test_a_webhook_is_retried_with_the_same_id_until_it_succeeds_and_every_attempt_is_recorded(
    notify, receivers, token
):
    mine = new_id("ag")
    notify.ctx.clock = FixedClock(utcnow())
    receiver = receivers(fail_first=2)
    as_mine = token("agency", mine)
    hook = subscribe(notify, as_mine, receiver.url)
    assert hook["secret"].startswith("whsec_")
    receiver.secret[0] = hook["secret"]
    assert "secret" not in notify.client.get(f"/notify/webhooks/{hook['id']}", headers=as_mine).json

    notify.send_and_wait(agency(mine, email=None))
    recorded = violation(mine)
    notify.send_and_wait(recorded)
    for attempts in (1, 2):
        wait_until(
            lambda: (
                len(receiver.requests) == attempts
                and notify.deliveries(channel="webhook")[0]["attempt_count"] == attempts
            )
        )
        advance(notify)
    [delivery] = notify.settled(channel="webhook")
    assert delivery["status"] == "delivered" and len(receiver.requests) == 3
    assert set(receiver.ids()) == {delivery["_id"]}  # one webhook-id for every attempt
    [verified] = receiver.verified
    assert verified["type"] == "violation-recorded" and verified["data"]["event"]["id"] == recorded.id
    assert verified["data"]["legal"] is True and verified["data"]["org"] == mine

    [notice] = notify.inbox(as_mine)
    detail = notify.client.get(f"/notify/inbox/{notice['id']}", headers=as_mine).json
    [record] = detail["deliveries"]
    assert [a["status"] for a in record["attempts"]] == ["failed", "failed", "delivered"]
    assert [a["error"] for a in record["attempts"]] == ["HTTP 500", "HTTP 500", None]
    assert all(a["channel"] == "webhook" and a["latency_ms"] > 0 and a["at"] for a in record["attempts"])
    assert len(record["attempts"][0]["response"]) <= 1024 + 4  # "500 " and the first KiB only
    assert detail["delivered_channel"] == "webhook"
    assert notify.client.get(f"/notify/webhooks/{hook['id']}", headers=as_mine).json["failures"] == 0


def test_a_webhook_failing_n_times_in_a_row_is_disabled_and_its_owner_told(start_notify, receivers, token):
    notify = start_notify(webhook_failure_limit=2)
    notify.ctx.clock = FixedClock(utcnow())
    mine, receiver = new_id("ag"), receivers(fail_first=100)
    as_mine = token("agency", mine)
    hook = subscribe(notify, as_mine, receiver.url)
    notify.tell(violation(mine), violation(mine))
    wait_until(lambda: len(receiver.requests) == 2)
    wait_until(
        lambda: notify.client.get(f"/notify/webhooks/{hook['id']}", headers=as_mine).json["status"] == "disabled"
    )
    settled = notify.settled(2, channel="webhook")  # the clock stands still: no retry is due meanwhile
    assert [d["status"] for d in settled] == ["failed"] * 2  # the one waiting for its retry is given up too
    assert [d["attempt_count"] for d in settled] == [1, 1] and len(receiver.requests) == 2
    told = [n for n in notify.inbox(as_mine) if n["type"] == "webhook-disabled"]
    assert len(told) == 1 and receiver.url in told[0]["text"]
    enabled = notify.client.post(f"/notify/webhooks/{hook['id']}/enable", headers=as_mine).json
    assert (enabled["status"], enabled["failures"]) == ("active", 0)


def test_after_a_rotation_both_secrets_verify_for_a_day(notify, receivers, token):
    mine, receiver = new_id("ag"), receivers()
    as_mine = token("agency", mine)
    old = subscribe(notify, as_mine, receiver.url)
    new = notify.client.post(f"/notify/webhooks/{old['id']}/rotate", headers=as_mine).json
    assert new["secret"] != old["secret"] and new["id"] == old["id"]
    receiver.secret[0] = old["secret"]
    notify.send_and_wait(violation(mine))
    wait_until(lambda: receiver.verified)
    receiver.secret[0] = new["secret"]
    notify.send_and_wait(violation(mine))
    wait_until(lambda: len(receiver.verified) == 2)
    other = notify.client.post(f"/notify/webhooks/{old['id']}/rotate", headers=token("agency", new_id("ag")))
    assert other.status_code == 404


def test_the_owner_or_an_admin_redelivers_with_the_same_webhook_id(notify, receivers, token):
    mine, receiver = new_id("ag"), receivers()
    as_mine = token("agency", mine)
    subscribe(notify, as_mine, receiver.url)
    notify.send_and_wait(violation(mine))
    [delivery] = notify.settled(channel="webhook", org=mine)
    assert (
        notify.client.post(
            f"/notify/deliveries/{delivery['_id']}/redeliver", headers=token("agency", new_id("ag"))
        ).status_code
        == 404
    )
    for who in (as_mine, token("admin")):
        answer = notify.client.post(f"/notify/deliveries/{delivery['_id']}/redeliver", headers=who)
        assert answer.status_code == 200 and answer.json["status"] == "pending"
        wait_until(lambda: notify.deliveries(_id=delivery["_id"])[0]["status"] == "delivered")
    wait_until(lambda: len(receiver.requests) == 3)
    assert set(receiver.ids()) == {delivery["_id"]}
    assert len({body_of(r)["data"]["notification_id"] for r in receiver.requests}) == 1


def test_a_slow_receiver_delays_no_other_delivery(start_notify, receivers, token):
    notify = start_notify(webhook_timeout_seconds=10)
    slow_org, fast_org = new_id("ag"), new_id("ag")
    slow, fast = receivers(delay=4), receivers()
    subscribe(notify, token("agency", slow_org), slow.url)
    subscribe(notify, token("agency", fast_org), fast.url)
    notify.tell(*[violation(slow_org) for _ in range(4)], *[violation(fast_org) for _ in range(4)])
    started = time.monotonic()
    wait_until(lambda: len(fast.requests) == 4, timeout=30)
    assert time.monotonic() - started < 3, "the fast receiver waited for the slow one"
    assert len(slow.requests) <= 2  # at most two in flight per receiver
    notify.settled(8, channel="webhook", timeout=60)


def test_production_refuses_plain_http_and_private_addresses(notify_config, token):
    client = create_app(notify_config(env="production")).test_client()
    as_agency = token("agency", new_id("ag"))
    for url in (
        "http://93.184.216.34/hook",
        "https://127.0.0.1/hook",
        "https://10.0.0.8/hook",
        "https://169.254.169.254/latest",
        "https://[::1]/hook",
    ):
        answer = client.post(
            "/notify/webhooks", headers=as_agency, json={"url": url, "event_types": ["violation-recorded"]}
        )
        assert answer.status_code == 422, (url, answer.json)
        assert answer.json["errors"][0]["field"] == "url"
    accepted = client.post(
        "/notify/webhooks",
        headers=as_agency,
        json={"url": "https://93.184.216.34/hook", "event_types": ["rating-changed"]},
    )
    assert accepted.status_code == 201
