"""Every due-process step is published as its own event (objection-filed, objection-ruled, repair-applied,
repair-decided, claim-accepted), in the step's unit of work, through the outbox and the real broker; so are the
dates credit sets for a violation it takes in (violation-scheduled)."""

from __future__ import annotations

from datetime import date, timedelta

from services.credit.domain.rules import add_months
from tests.integration.credit.conftest import agency_registered, days_ago, new_id, terminated, violation
from tests.support.wait import wait_until

STEPS = ("objection-filed", "objection-ruled", "repair-applied", "repair-decided", "claim-accepted")
REGULATOR = "330400"


def published(credit, agency_id: str) -> list[str]:
    """What credit published about the agency, in order, leaving out rating changes."""
    return [
        doc["topic"]
        for doc in credit.ctx.db["outbox"].find({"key": agency_id}).sort("_id")
        if doc["topic"] != "rating-changed"
    ]


def test_an_objection_filed_and_rejected_is_published_and_revokes_nothing(credit, token, probe):
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    seen = probe("violation-scheduled", *STEPS)
    regulator, agency = token("regulator", REGULATOR), token("agency", agency_id)
    recorded = credit.client.post(
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
    violation_id = recorded.json["violation_id"]
    wait_until(lambda: (credit.rating(agency_id) or {}).get("score") == 95)  # the worker applied it
    url = f"/credit/violations/{violation_id}/objection"
    assert credit.client.post(url, headers=agency, json={"reason": "报告已按期提交"}).status_code == 201

    today = date.fromisoformat(days_ago(0))
    [scheduled] = seen.events("violation-scheduled", subject=agency_id)
    assert scheduled.data == {
        "agency_id": agency_id,
        "violation_id": violation_id,
        "severity": "general",
        "code": "late-report",
        "recorded_by": REGULATOR,
        "noticed_on": days_ago(0),
        "objection_deadline": (today + timedelta(days=15)).isoformat(),
        "effect_from": days_ago(0),
        "effect_until": add_months(today, 12).isoformat(),
        "points": -5,
        "listed": False,
    }
    case = {
        "agency_id": agency_id,
        "violation_id": violation_id,
        "contract_id": None,
        "buyer_id": None,
        "recorded_by": REGULATOR,
    }
    [filed] = seen.events("objection-filed", subject=agency_id)
    assert filed.data == {**case, "filed_on": days_ago(0), "reason": "报告已按期提交", "filed_by": agency_id}
    assert filed.source == "/services/credit"

    ruled = credit.client.post(f"{url}/ruling", headers=regulator, json={"upheld": False, "note": "回执不实"})
    assert ruled.status_code == 200, ruled.json
    [ruling] = seen.events("objection-ruled", subject=agency_id)
    assert ruling.data == {**case, "ruled_on": days_ago(0), "upheld": False, "note": "回执不实", "ruled_by": REGULATOR}
    assert published(credit, agency_id) == [
        "violation-recorded",
        "violation-scheduled",
        "objection-filed",
        "objection-ruled",
    ]


def test_a_severe_violation_taken_in_is_scheduled_once_with_its_listing(credit, probe):
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    seen = probe("violation-scheduled")
    severe = violation(agency_id, "severe", recorded_on=days_ago(2))
    credit.send_and_wait(severe)
    credit.send_and_wait(violation(agency_id, "severe", violation_id=severe.data["violation_id"]))  # a copy

    today = date.fromisoformat(days_ago(0))
    listed_from = today + timedelta(days=7)  # from the notice day (today), not from recorded_on
    [scheduled] = seen.events("violation-scheduled", subject=agency_id)
    assert scheduled.data == {
        "agency_id": agency_id,
        "violation_id": severe.data["violation_id"],
        "severity": "severe",
        "code": "false-report",
        "recorded_by": "嘉兴市应急管理局",
        "noticed_on": days_ago(0),
        "objection_deadline": (today + timedelta(days=15)).isoformat(),
        "effect_from": listed_from.isoformat(),
        "effect_until": add_months(listed_from, 36).isoformat(),
        "points": -20,
        "listed": True,
    }
    assert published(credit, agency_id) == ["violation-scheduled"], "once: the copy opens no case"


def test_repair_applied_refused_and_approved_are_published(credit, token, probe):
    agency_id = new_id("ag")
    credit.send_and_wait(agency_registered(agency_id))
    old = violation(agency_id, "general", recorded_on=days_ago(100))
    with credit.days_ago(100):
        credit.send_and_wait(old)
    seen = probe(*STEPS)
    agency, regulator = token("agency", agency_id), token("regulator", REGULATOR)
    url = f"/credit/violations/{old.data['violation_id']}/repair"
    case = {
        "agency_id": agency_id,
        "violation_id": old.data["violation_id"],
        "contract_id": None,
        "buyer_id": None,
        "recorded_by": "嘉兴市应急管理局",
    }

    for evidence, approved, note in (("培训记录", False, "材料不全"), ("培训记录及整改报告", True, "")):
        assert credit.client.post(url, headers=agency, json={"evidence": evidence}).status_code == 201
        assert (
            credit.client.post(
                f"{url}/decision", headers=regulator, json={"approved": approved, "note": note}
            ).status_code
            == 200
        )
        assert seen.events("repair-applied", subject=agency_id, evidence=evidence)[0].data == {
            **case,
            "applied_on": days_ago(0),
            "evidence": evidence,
            "applied_by": agency_id,
        }
        assert seen.events("repair-decided", subject=agency_id, approved=approved)[0].data == {
            **case,
            "decided_on": days_ago(0),
            "approved": approved,
            "note": note,
            "decided_by": REGULATOR,
        }
    assert credit.rating(agency_id)["score"] == 100
    assert published(credit, agency_id) == ["violation-scheduled"] + ["repair-applied", "repair-decided"] * 2


def test_steps_on_a_buyers_claim_name_the_buyer(credit, token, probe):
    agency_id = new_id("ag")
    contested, accepted = terminated(agency_id), terminated(agency_id)
    credit.send_and_wait(agency_registered(agency_id), contested, accepted)
    seen = probe(*STEPS)
    agency, regulator = token("agency", agency_id), token("regulator", REGULATOR)
    first, second = contested.data["contract_id"], accepted.data["contract_id"]

    assert (
        credit.client.post(
            f"/credit/claims/{first}/objection", headers=agency, json={"reason": "买方未提供场地"}
        ).status_code
        == 201
    )
    assert (
        credit.client.post(
            f"/credit/claims/{first}/objection/ruling", headers=regulator, json={"upheld": True, "note": "场地确未提供"}
        ).status_code
        == 200
    )
    assert credit.client.post(f"/credit/claims/{second}/acceptance", headers=agency).status_code == 201

    claim = {"agency_id": agency_id, "violation_id": None, "buyer_id": "e1", "recorded_by": None}
    assert seen.events("objection-filed", subject=agency_id)[0].data == {
        **claim,
        "contract_id": first,
        "filed_on": days_ago(0),
        "reason": "买方未提供场地",
        "filed_by": agency_id,
    }
    assert seen.events("objection-ruled", subject=agency_id)[0].data == {
        **claim,
        "contract_id": first,
        "ruled_on": days_ago(0),
        "upheld": True,
        "note": "场地确未提供",
        "ruled_by": REGULATOR,
    }
    assert seen.events("claim-accepted", subject=agency_id)[0].data == {
        **claim,
        "contract_id": second,
        "accepted_on": days_ago(0),
        "accepted_by": agency_id,
    }
    # an upheld objection dismisses a claim: nothing is revoked
    assert published(credit, agency_id) == ["objection-filed", "objection-ruled", "claim-accepted"]
