"""Objection (异议) and repair (信用修复) through the API, the real broker and the worker."""

from __future__ import annotations

from tests.integration.credit.conftest import agency_registered, days_ago, delivered, new_id, violation
from tests.support.wait import wait_until


def _register(credit, agency_id):
    event = agency_registered(agency_id)
    credit.send_and_wait(event)


def test_objection_upheld_revokes_the_violation_everywhere(credit, token, probe):
    agency_id = new_id("ag")
    _register(credit, agency_id)
    seen = probe("rating-changed", "violation-revoked", "objection-ruled")
    regulator, agency = token("regulator", "330400"), token("agency", agency_id)

    answer = credit.client.post(
        "/credit/violations",
        headers=regulator,
        json={
            "agency_id": agency_id,
            "severity": "general",
            "code": "late-report",
            "description": "报告逾期",
            "occurred_on": days_ago(3),
        },
    )
    assert answer.status_code == 202, answer.json
    violation_id = answer.json["violation_id"]
    wait_until(lambda: (credit.rating(agency_id) or {}).get("score") == 95)
    lowered = seen.events("rating-changed", subject=agency_id, new_score=95)[0]
    assert lowered.data["old_score"] == 100 and "+violation.general:late-report" in lowered.data["reasons"]
    unserved = credit.client.get(f"/credit/agencies/{agency_id}/rating", headers=agency).json["effects"][0]
    assert unserved["objection_deadline"] is None, "the window runs from service"
    credit.send_and_wait(delivered(agency_id, answer.json["event_id"]))

    rating = credit.client.get(f"/credit/agencies/{agency_id}/rating", headers=agency).json
    effect = rating["effects"][0]
    assert (effect["rule"], effect["reason_code"], effect["objection_deadline"]) == (
        "violation.general",
        "late-report",
        days_ago(-15),
    )

    other = credit.client.post(
        f"/credit/violations/{violation_id}/objection", headers=token("agency", "ag-other"), json={"reason": "不是我们"}
    )
    assert other.status_code == 403
    filed = credit.client.post(
        f"/credit/violations/{violation_id}/objection", headers=agency, json={"reason": "报告已按期提交，有回执"}
    )
    assert filed.status_code == 201, filed.json
    again = credit.client.post(f"/credit/violations/{violation_id}/objection", headers=agency, json={"reason": "x"})
    assert again.status_code == 409 and again.json["status"] == 409

    ruled = credit.client.post(
        f"/credit/violations/{violation_id}/objection/ruling",
        headers=regulator,
        json={"upheld": True, "note": "回执属实"},
    )
    assert ruled.status_code == 200, ruled.json
    assert ruled.json["rating"]["score"] == 100 and "effects" not in ruled.json["rating"]
    assert seen.events("violation-revoked", subject=agency_id, violation_id=violation_id)[0].data["reason"] == (
        "异议成立：回执属实"
    )  # in words, and the ruling itself is told too, and the ruling itself is told too
    assert seen.events("objection-ruled", subject=agency_id, violation_id=violation_id, upheld=True)
    raised = seen.events("rating-changed", subject=agency_id, new_score=100, old_score=95)[0]
    assert "-violation.general:late-report" in raised.data["reasons"]
    wait_until(lambda: credit.ctx.db["facts"].find_one({"type": "violation-revoked", "agency_id": agency_id}))

    past = credit.client.get(f"/credit/agencies/{agency_id}/rating?as_of={days_ago(1)}", headers=agency).json
    assert past["score"] == 100  # gone from every date it touched
    facts = credit.client.get(f"/credit/agencies/{agency_id}/facts", headers=agency).json
    [status] = facts["violations"]
    assert (status["objection"], status["revoked"], status["revoked_on"], status["revocation_reason"]) == (
        "upheld",
        True,
        days_ago(0),
        "异议成立：回执属实",
    )
    history = credit.client.get(f"/credit/agencies/{agency_id}/history", headers=agency).json["items"]
    assert [h["new_score"] for h in history][:2] == [100, 95]


def test_pending_objection_holds_a_severe_listing(credit, token):
    agency_id = new_id("ag")
    _register(credit, agency_id)
    severe = violation(agency_id, "severe", recorded_on=days_ago(5), code="qualification-rental")
    with credit.days_ago(5):
        credit.send_and_wait(severe)
        credit.serve(severe)
    agency = token("agency", agency_id)
    assert (
        credit.client.post(
            f"/credit/violations/{severe.data['violation_id']}/objection", headers=agency, json={"reason": "未出借资质"}
        ).status_code
        == 201
    )
    in_ten_days = credit.client.get(f"/credit/agencies/{agency_id}/rating?as_of={days_ago(-10)}", headers=agency).json
    assert (in_ten_days["grade"], in_ten_days["listed_until"]) == ("B", None)
    ruled = credit.client.post(
        f"/credit/violations/{severe.data['violation_id']}/objection/ruling",
        headers=token("regulator", "330400"),
        json={"upheld": False, "note": "查证属实"},
    )
    assert ruled.status_code == 200
    # rejected on day 5: the listing starts on day 7 as usual
    assert ruled.json["rating"]["grade"] == "B"
    listed = credit.client.get(f"/credit/agencies/{agency_id}/rating?as_of={days_ago(-2)}", headers=agency).json
    assert listed["grade"] == "D" and listed["listed_until"]


def test_repair_approved_ends_the_effect_today(credit, token, probe):
    agency_id = new_id("ag")
    _register(credit, agency_id)
    seen = probe("rating-changed")
    old = violation(agency_id, "general", recorded_on=days_ago(100))
    with credit.days_ago(100):
        credit.send_and_wait(old)
        credit.serve(old)
    assert credit.rating(agency_id)["score"] == 95
    agency, regulator = token("agency", agency_id), token("regulator", "330400")
    url = f"/credit/violations/{old.data['violation_id']}"

    late = credit.client.post(f"{url}/objection", headers=agency, json={"reason": "x"})
    assert late.status_code == 409 and "closed" in late.json["detail"]
    assert (
        credit.client.post(f"{url}/repair/decision", headers=regulator, json={"approved": True}).status_code == 409
    )  # nothing to decide yet
    assert credit.client.post(f"{url}/repair", headers=regulator, json={"evidence": "x"}).status_code == 403
    applied = credit.client.post(f"{url}/repair", headers=agency, json={"evidence": "已完成整改，附培训记录"})
    assert applied.status_code == 201, applied.json
    assert credit.client.post(f"{url}/repair", headers=agency, json={"evidence": "again"}).status_code == 409

    decided = credit.client.post(f"{url}/repair/decision", headers=regulator, json={"approved": True, "note": "同意"})
    assert decided.status_code == 200 and decided.json["rating"]["score"] == 100
    assert seen.events("rating-changed", subject=agency_id, new_score=100, old_score=95)[0].data["reasons"] == [
        "-violation.general:false-report"
    ]
    yesterday = credit.client.get(f"/credit/agencies/{agency_id}/rating?as_of={days_ago(1)}", headers=agency).json
    assert yesterday["score"] == 95  # 提前移出: it ends from the approval day, not before
    today = credit.client.get(f"/credit/agencies/{agency_id}/rating", headers=agency).json
    assert (today["score"], today["effects"]) == (100, [])


def test_serious_violation_cannot_be_repaired_before_twelve_months(credit, token):
    agency_id = new_id("ag")
    _register(credit, agency_id)
    recent = violation(agency_id, "serious", recorded_on=days_ago(100))
    credit.send_and_wait(recent)
    refused = credit.client.post(
        f"/credit/violations/{recent.data['violation_id']}/repair",
        headers=token("agency", agency_id),
        json={"evidence": "x"},
    )
    assert refused.status_code == 409 and "may be applied for from" in refused.json["detail"]
