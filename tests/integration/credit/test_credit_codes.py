"""The violation code table (违法违规行为代码表): published by credit as JSON and as a page; a violation whose code is
not in the table in force on the day it occurred is refused at the boundary (dead-lettered with the reason)."""

from __future__ import annotations

import csv
import io
import json

from tests.integration.credit.conftest import agency_registered, new_id, violation
from tests.support.wait import wait_until


def send_as(credit, event, **data) -> None:
    """Publish an event with its data changed, as an integrator's system might (no producer-side check)."""
    envelope = json.loads(event.to_bytes())
    envelope["data"].update(data)
    credit.producer.send(event.topic, key=event.key, value=json.dumps(envelope).encode(), headers=event.headers)
    credit.producer.flush()


def test_a_violation_with_a_code_outside_the_table_is_dead_lettered_with_the_reason(credit):
    agency = new_id("ag")
    credit.send_and_wait(agency_registered(agency))
    send_as(credit, violation(agency, "minor"), code="made-up")
    send_as(credit, violation(agency, "general"), code="inaccurate-report", occurred_on="2020-06-01")  # a 2021 code
    marker = violation(agency, "minor", code="late-report")
    credit.send_and_wait(marker)
    letters = wait_until(
        lambda: (lambda found: found if len(found) == 2 else None)(list(credit.ctx.db["dead_letters"].find()))
    )
    reasons = sorted(letter["reason"] for letter in letters)
    assert "'made-up' is not a code of the violation code table" in reasons[0]
    assert "version 2016 in force on 2020-06-01" in reasons[1]
    assert [d["_id"] for d in credit.ctx.db["facts"].find({"agency_id": agency})] == [marker.id]


def test_the_table_is_public_as_json_and_as_a_page(credit):
    tables = credit.client.get("/public/credit/violation-codes").json
    assert [(t["version"], t["since"], t["in_force"]) for t in tables] == [
        ("2021", "2021-09-01", True),
        ("2016", "2016-01-01", False),
    ]
    false_report = next(c for c in tables[0]["codes"] if c["code"] == "false-report")
    assert false_report["name"] == "出具虚假报告" and "第九十二条第二款" in false_report["basis"]
    page = credit.client.get("/public/credit/violation-codes", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "违法违规行为代码表（2021 版）" in html and "出具失实报告" in html and "现行" in html
    assert html == credit.client.get("/public/credit/violation-codes/page").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(credit.client.get("/public/credit/violation-codes.csv").text)))
    codes = [r for r in rows if len(r) == 6 and r[5] == "false-report"]
    assert [(r[1], r[2], r[3]) for r in codes] == [
        ("2021-09-01", "是", "出具虚假报告"),
        ("2016-01-01", "否", "出具虚假报告"),
    ]
