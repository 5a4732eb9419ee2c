"""Subsidy decisions reach the applicant and a clawback (追回) also the funder; experts are invited in their inbox
(by e-mail once they give an address) and the requester learns of a complete panel. Events as their producers
publish them (key = subject = application id / request id)."""

from __future__ import annotations

from tests.integration.notify.conftest import enterprise, event, new_id
from tests.support.wait import wait_until

FUNDER = "330482"  # 平湖市: the county that pays


def subsidy(event_type: str, firm: str, application_id: str, **more):
    return event(
        event_type,
        {
            "application_id": application_id,
            "programme_id": new_id("p"),
            "kind": "enterprise_purchase",
            "applicant_id": firm,
            "subject_id": new_id("c"),
            "funder": FUNDER,
            "county": "330482",
            "town": "330482001",
            "amount_fen": 1_350_000,
            **more,
        },
    )


def test_subsidy_decisions_reach_the_applicant_and_a_clawback_is_a_legal_notice_to_the_funder_too(
    notify, token, mailbox
):
    firm, application = new_id("ent"), new_id("app")
    notify.send_and_wait(enterprise(firm, email=f"{firm}@example.cn"))
    notify.send_and_wait(subsidy("subsidy-approved", firm, application, approved_on="2026-11-06"))
    notify.send_and_wait(
        subsidy("subsidy-paid", firm, application, paid_on="2026-11-09", payment_reference="JXCZ-2026-0001")
    )
    notify.send_and_wait(
        subsidy(
            "subsidy-clawback-flagged",
            firm,
            application,
            recovery_fen=1_350_000,
            flagged_on="2026-12-01",
            reason="合同提前终止",
        )
    )

    told = [(n["type"], n["legal"]) for n in reversed(notify.inbox(token("enterprise", firm)))]
    assert told == [("subsidy-approved", False), ("subsidy-paid", False), ("subsidy-clawback-flagged", True)]
    [funder] = notify.inbox(token("official", FUNDER))
    assert (funder["type"], funder["legal"]) == ("subsidy-clawback-flagged", False)
    assert funder["title"].startswith("补贴待追回") and "13,500.00 元" in funder["title"]
    assert f"当湖精工-{firm}" in funder["text"]
    mails = wait_until(lambda: len(mailbox.to(f"{firm}@example.cn")) == 3 and mailbox.to(f"{firm}@example.cn"))
    assert sorted(m["Subject"].startswith("【法定告知】") for m in mails) == [False, False, True]


def request_ref(requester: str) -> dict:
    return {"request_id": new_id("er"), "requester_id": requester, "requester_type": "government", "task": "review"}


def drawn(ref: dict, expert: str, position: int):
    return event(
        "expert-drawn",
        {
            **ref,
            "expert_id": expert,
            "position": position,
            "answer_by": "2026-11-04T02:00:00+00:00",
            "first_day": "2026-11-10",
            "last_day": "2026-11-11",
        },
    )


def answered(ref: dict, expert: str, answer: str, panel: str, accepted: int):
    return event(
        "expert-engagement-answered",
        {
            **ref,
            "expert_id": expert,
            "answer": answer,
            "reason": None,
            "answered_at": "2026-11-03T02:00:00+00:00",
            "panel": panel,
            "accepted": accepted,
        },
    )


def test_experts_are_invited_in_their_inbox_and_the_requester_told_of_the_complete_panel(notify, token, mailbox):
    first, second, regulator = new_id("ex"), new_id("ex"), "330400"
    as_first, as_second = token("expert", first), token("expert", second)
    address = f"{second}@example.cn"
    answer = notify.client.put("/notify/preferences", headers=as_second, json={"email": address})
    assert answer.status_code == 200
    ref = request_ref(regulator)
    notify.send_and_wait(drawn(ref, first, 0), drawn(ref, second, 1))

    [invitation] = notify.inbox(as_first)
    assert invitation["type"] == "expert-drawn" and invitation["missing"] == ["email"]  # no address: inbox only
    assert "2026-11-04 10:00" in invitation["text"] and notify.inbox(as_second)[0]["missing"] == []
    [mail] = wait_until(lambda: mailbox.to(address))
    assert mail["Subject"].startswith("专家邀请")

    notify.send_and_wait(answered(ref, first, "accepted", "inviting", 1))
    assert notify.inbox(token("regulator", regulator)) == []
    notify.send_and_wait(answered(ref, second, "accepted", "complete", 2))
    [panel] = notify.inbox(token("regulator", regulator))
    assert panel["type"] == "expert-engagement-answered" and "2 位专家" in panel["text"]
