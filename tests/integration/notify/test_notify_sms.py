"""SMS through a real HTTP gateway: urgent notices at night, others held until 08:00 Jiaxing time; contacts never
appear unmasked in the logs."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

from services.common.clock import FixedClock
from tests.integration.notify.conftest import enterprise, event, new_id
from tests.support.wait import wait_until

CST = timezone(timedelta(hours=8))
PHONE = "13857300021"


def hazard(firm: str):
    inspection_id = new_id("i")
    return event(
        "inspection-completed",
        {
            "inspection_id": inspection_id,
            "kind": "service_inspection",
            "agency_id": new_id("ag"),
            "inspected_on": "2026-11-02",
            "enterprise_id": firm,
            "passed": False,
            "hazards_general": 2,
            "hazards_major": 1,
            "major_hazard": True,
            "county": "330482",
            "town": "330482001",
        },
    )


def contract_signed(firm: str):
    contract_id = new_id("c")
    return event(
        "contract-signed",
        {
            "contract_id": contract_id,
            "demand_id": new_id("d"),
            "agency_id": new_id("ag"),
            "buyer_id": firm,
            "buyer_type": "enterprise",
            "category": "safety_evaluation",
            "county": "330482",
            "price_fen": 100_000,
        },
    )


def test_urgent_sms_goes_at_night_and_the_rest_waits_for_eight(start_notify, receivers, token, caplog):
    gateway = receivers()
    notify = start_notify(sms_gateway_url=gateway.url, sms_gateway_key="gw-key")
    notify.ctx.clock = FixedClock(datetime(2026, 11, 2, 23, 0, tzinfo=CST))
    firm = new_id("ent")
    as_firm = token("enterprise", firm)
    notify.send_and_wait(enterprise(firm))
    answer = notify.client.put(
        "/notify/preferences",
        headers=as_firm,
        json={"phone": PHONE, "channels": {"contract": ["sms", "email"], "hazard": ["sms"]}},
    )
    assert answer.status_code == 200 and answer.json["phone"] == PHONE
    caplog.set_level(logging.INFO)

    notify.send_and_wait(hazard(firm), contract_signed(firm))
    [sent] = wait_until(lambda: gateway.requests)
    message = json.loads(sent["body"])
    assert message["to"] == PHONE and "重大事故隐患" in message["text"]
    assert sent["headers"]["authorization"] == "Bearer gw-key"
    # the gateway has answered the urgent one; its attempt is recorded just after
    held = wait_until(lambda: len(found := notify.deliveries(channel="sms", status="pending")) == 1 and found)
    assert held[0]["next_at"].astimezone(CST) == datetime(2026, 11, 3, 8, 0, tzinfo=CST)

    notify.ctx.clock.advance(timedelta(hours=9))
    wait_until(lambda: len(gateway.requests) == 2)
    notify.settled(2, channel="sms")
    # the regulators of the site's town and county are told too, in their inboxes
    assert [n["urgent"] for n in notify.inbox(token("regulator", "330482001"))] == [True]
    assert len(notify.inbox(token("regulator", "330482"))) == 1

    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "delivery attempt" in logged
    assert PHONE not in logged and "shen.jianguo@example.cn" not in logged


def test_an_unreachable_smtp_server_is_tried_again_later(start_notify, token):
    notify = start_notify(smtp_port=1)  # nobody listens there
    firm = new_id("ent")
    notify.send_and_wait(enterprise(firm, email="shen.jianguo@example.cn"))
    notify.tell(contract_signed(firm))
    [delivery] = wait_until(lambda: [d for d in notify.deliveries(channel="email") if d["attempt_count"] == 1])
    assert delivery["status"] == "pending" and delivery["attempts"][0]["error"]
    assert delivery["next_at"] > delivery["attempts"][0]["at"]
