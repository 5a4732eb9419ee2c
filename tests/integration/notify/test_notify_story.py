"""The platform's story as notify sees it: each step's event reaches the right parties' inboxes (and e-mail),
with legal notices for the violation and the adverse rating change."""

from __future__ import annotations

from tests.integration.notify.conftest import agency, enterprise, event, new_id
from tests.integration.notify.test_notify_inbox import demand, violation
from tests.support.wait import wait_until


def rating(agency_id: str, old: tuple, new: tuple, **lists):
    return event(
        "rating-changed",
        {
            "agency_id": agency_id,
            "as_of": "2026-11-02",
            "old_score": old[0],
            "old_grade": old[1],
            "new_score": new[0],
            "new_grade": new[1],
            "reasons": ["story"],
            "interview_required": False,
            "rule_version": "1",
            **lists,
        },
    )


def test_every_step_of_the_story_tells_the_parties(notify, token, mailbox):
    near, firm = new_id("ag"), new_id("ent")
    as_agency, as_firm = token("agency", near), token("enterprise", firm)
    told = {near: [], firm: []}

    def step(*events, agency_gets=(), firm_gets=()):
        notify.send_and_wait(*events)
        told[near] += list(agency_gets)
        told[firm] += list(firm_gets)
        for org, headers in ((near, as_agency), (firm, as_firm)):
            assert [n["type"] for n in reversed(notify.inbox(headers, limit=200))] == told[org], org

    step(agency(near, email=f"{near}@example.cn"), enterprise(firm, email=f"{firm}@example.cn"))
    step(rating(near, (None, None), (100, "B")), agency_gets=["rating-changed"])
    posted = demand(firm)
    step(posted, agency_gets=["demand-posted"])
    contract = {
        "contract_id": new_id("c"),
        "demand_id": posted.subject,
        "agency_id": near,
        "buyer_id": firm,
        "buyer_type": "enterprise",
        "category": "safety_evaluation",
        "county": "330482",
        "price_fen": 4_500_000,
        "enterprise_id": firm,
    }
    step(
        event(
            "offer-submitted",
            {
                "offer_id": new_id("o"),
                "demand_id": posted.subject,
                "agency_id": near,
                "price_fen": 4_500_000,
                "duration_days": 45,
            },
        ),
        firm_gets=["offer-submitted"],
    )
    step(event("contract-signed", contract), agency_gets=["contract-signed"], firm_gets=["contract-signed"])
    step(
        event("contract-completed", {**contract, "completed_on": "2026-11-20", "on_time": True, "score": 5}),
        agency_gets=["contract-completed"],
        firm_gets=["contract-completed"],
    )
    step(rating(near, (100, "B"), (101, "B")), agency_gets=["rating-changed"])
    recorded = violation(near)
    step(recorded, agency_gets=["violation-recorded"])
    step(rating(near, (101, "B"), (101, "D"), listed_until="2029-11-09"), agency_gets=["rating-changed"])
    step(
        event(
            "violation-revoked",
            {"violation_id": recorded.data["violation_id"], "agency_id": near, "reason": "objection upheld"},
        ),
        agency_gets=["violation-revoked"],
    )

    legal = {n["type"]: n["legal"] for n in notify.inbox(as_agency, limit=200) if n["type"] != "rating-changed"}
    assert legal["violation-recorded"] is True and legal["contract-signed"] is False
    ratings = [n["legal"] for n in reversed(notify.inbox(as_agency, limit=200)) if n["type"] == "rating-changed"]
    assert ratings == [False, False, True]  # the first rating and +1 are news; grade D and the listing are notices
    wait_until(lambda: len(mailbox.to(f"{near}@example.cn")) == 6)  # all but the two plain rating changes
    wait_until(lambda: len(mailbox.to(f"{firm}@example.cn")) == 3)
