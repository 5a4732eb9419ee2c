"""Facts cannot come from the future (issue 25 item 4): a fact dated after the Jiaxing day the platform receives it,
or before 1990, is refused with 422 through the API (the service clock's day) and dead-lettered from Kafka (the day
the consumer receives it), naming the field."""

from __future__ import annotations

import json
from datetime import datetime

from services.common.clock import JIAXING, Clock, FixedClock
from tests.integration.credit.conftest import agency_registered, days_ago, spot_check, violation
from tests.support.harness import new_id

#: 00:30 on 1 March 2024 in Jiaxing (16:30Z on 29 February): the request's day is 1 March
MARCH_FIRST = datetime(2024, 3, 1, 0, 30, tzinfo=JIAXING)


def _problem_field(response) -> tuple[str, str]:
    assert response.status_code == 422 and response.content_type == "application/problem+json", response.json
    (error,) = response.json["errors"]
    return error["field"], " ".join(error["messages"])


def test_the_api_refuses_a_fact_dated_after_its_day_or_before_1990(credit, token):
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    api = credit.client.application.extensions["anfu"]
    api.clock = FixedClock(MARCH_FIRST)  # the API's day is the service clock's, in Jiaxing
    try:
        regulator = token("regulator", "330400")
        body = {"agency_id": agency_id, "severity": "minor", "code": "late-report", "description": "迟报"}
        for day, words in (("2024-03-02", "after the day it is received (2024-03-01)"), ("1989-12-31", "1990-01-01")):
            field, message = _problem_field(
                credit.client.post("/credit/violations", headers=regulator, json={**body, "occurred_on": day})
            )
            assert field == "occurred_on" and words in message
            check = {"agency_id": agency_id, "inspected_on": day, "passed": True}
            field, message = _problem_field(credit.client.post("/credit/spot-checks", headers=regulator, json=check))
            assert field == "inspected_on" and words in message
        accepted = credit.client.post(
            "/credit/violations", headers=regulator, json={**body, "occurred_on": "2024-03-01"}
        )
        assert accepted.status_code == 202, accepted.json
    finally:
        api.clock = Clock()


def _dead(credit, probe, topic: str, raw: bytes, agency_id: str) -> str:
    """Send a raw message; the reason it was dead-lettered with (the DLQ copy's and the stored record's)."""
    dlq = probe(f"{topic}.credit-dlq")
    credit.producer.send(topic, key=agency_id.encode(), value=raw).get(timeout=10)
    headers = dict(dlq.wait_for(lambda m: m.key == agency_id.encode())[0].headers)
    stored = credit.ctx.db["dead_letters"].find_one({"_id": headers["dlq_id"].decode()})
    assert stored["reason"] == headers["dlq_error"].decode()
    return stored["reason"]


def test_a_violation_dated_after_the_day_it_arrives_is_dead_lettered(credit, probe):
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    late = violation(agency_id, occurred_on=days_ago(-30)).to_dict()  # a month ahead of the day it arrives
    reason = _dead(credit, probe, "violation-recorded", json.dumps(late).encode(), agency_id)
    assert "occurred_on" in reason and "after the day it is received" in reason
    decided_later = violation(agency_id, recorded_on=days_ago(-1)).to_dict()
    decided_later["data"]["occurred_on"] = days_ago(0)
    reason = _dead(credit, probe, "violation-recorded", json.dumps(decided_later).encode(), agency_id)
    assert "recorded_on" in reason and "occurred_on" not in reason
    good = violation(agency_id)
    credit.send_and_wait(good)
    assert credit.rating(agency_id)["score"] == 95  # the partition moved on; nothing of the others applied


def test_the_day_of_receipt_is_the_consumers_day(credit, probe):
    """A worker whose day is ten days ago refuses what is dated after that day, and takes what is dated on it."""
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    with credit.days_ago(10):
        reason = _dead(
            credit, probe, "violation-recorded", violation(agency_id, recorded_on=days_ago(9)).to_bytes(), agency_id
        )
        assert "recorded_on" in reason and f"({days_ago(10)})" in reason
        credit.send_and_wait(violation(agency_id, recorded_on=days_ago(10)))
    assert credit.rating(agency_id)["score"] == 95


def test_an_inspection_before_1990_is_dead_lettered(credit, probe):
    agency_id = new_id("ag")
    old = spot_check(agency_id).to_dict()
    old["data"]["inspected_on"] = "1989-06-30"
    reason = _dead(credit, probe, "inspection-completed", json.dumps(old, ensure_ascii=False).encode(), agency_id)
    assert "inspected_on" in reason and "1990-01-01 or later" in reason
    assert credit.rating(agency_id) is None
