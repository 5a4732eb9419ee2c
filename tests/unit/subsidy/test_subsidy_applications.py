"""The review chain: town → county → finance; reservations, releases, payment once; clawback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from subsidy_factories import NOW, TOWN, application, d

from services.subsidy.domain.applications import NotNow, Status, Step
from services.subsidy.domain.programmes import Kind

DAY = d("2026-06-01")


def test_town_then_county_approve_then_finance_pays():
    a = application()
    assert a.current_step() == Step("town", TOWN)
    first = a.approve("official:town", NOW, DAY)
    assert (first.event, first.reserve, a.status, a.reserved_fen) == (None, 1_440_000, Status.TOWN_APPROVED, 1_440_000)
    assert a.current_step() == Step("county", "330482")
    final = a.approve("official:county", NOW, DAY)
    assert (final.event, final.reserve, a.status, a.approved_on) == ("subsidy-approved", 0, Status.APPROVED, DAY)
    assert a.current_step() == Step("finance", "330482")  # the finance of the funding division pays
    paid = a.pay("BANK-1", "finance:1", DAY, NOW)
    assert (paid.event, paid.spend, a.status, a.reserved_fen, a.payment_reference) == (
        "subsidy-paid",
        1_440_000,
        Status.PAID,
        0,
        "BANK-1",
    )
    assert a.current_step() is None


def test_no_town_means_the_county_alone_reviews_and_reserves():
    a = application(town=None)
    outcome = a.approve("official:county", NOW, DAY)
    assert (outcome.event, outcome.reserve, a.status) == ("subsidy-approved", 1_440_000, Status.APPROVED)
    assert application(Kind.TOWN_REWARD).reviewers == (Step("county", "330482"),)


def test_a_rejection_releases_what_was_reserved_and_keeps_the_reason():
    a = application()
    assert a.reject("official:town", "材料不全", NOW).release == 0
    assert (a.status, a.reasons) == (Status.REJECTED, ["材料不全"])
    b = application()
    b.approve("official:town", NOW, DAY)
    b.approve("official:county", NOW, DAY)
    rejected = b.reject("finance:1", "账户信息有误", NOW)
    assert (rejected.event, rejected.release, b.reserved_fen) == ("subsidy-rejected", 1_440_000, 0)
    assert b.decisions[-1].step == "finance"


def test_decided_applications_refuse_further_steps():
    a = application()
    with pytest.raises(NotNow):
        a.pay("BANK-1", "finance:1", DAY, NOW)
    a.reject("official:town", "不符合", NOW)
    for act in (lambda: a.approve("x", NOW, DAY), lambda: a.reject("x", "y", NOW), lambda: a.pay("R", "x", DAY, NOW)):
        with pytest.raises(NotNow):
            act()


def test_finance_cannot_approve_as_an_official():
    a = application(town=None)
    a.approve("official:county", NOW, DAY)
    with pytest.raises(NotNow):
        a.approve("official:county", NOW, DAY)


def test_a_terminated_contract_cancels_an_unpaid_application_and_releases():
    a = application()
    a.approve("official:town", NOW, DAY)
    outcome = a.contract_ended(d("2026-07-01"), NOW)
    assert (outcome.event, outcome.release, a.status) == ("subsidy-rejected", 1_440_000, Status.CANCELLED)
    assert a.reasons == ["合同于 2026-07-01 提前终止"]
    assert a.contract_ended(d("2026-07-01"), NOW).event is None  # once


def test_a_terminated_contract_flags_a_paid_subsidy_for_recovery_once():
    a = application(town=None)
    a.approve("official:county", NOW, DAY)
    a.pay("BANK-1", "finance:1", DAY, NOW)
    outcome = a.contract_ended(d("2026-07-01"), NOW)
    assert (outcome.event, outcome.release, outcome.spend) == ("subsidy-clawback-flagged", 0, 0)
    assert (a.status, a.recovery.amount_fen, a.recovery.flagged_on) == (Status.PAID, 1_440_000, d("2026-07-01"))
    assert a.contract_ended(d("2026-07-02"), NOW).event is None


def test_each_step_is_due_its_review_days_after_the_day_it_began_in_jiaxing():
    late_evening = datetime(2026, 6, 1, 17, 30, tzinfo=UTC)  # 01:30 on 2 June in Jiaxing
    a = application(submitted_at=late_evening)
    assert (a.step_since(), a.due_on()) == (d("2026-06-02"), d("2026-06-12"))  # the town: 10 days
    a.approve("official:town", datetime(2026, 6, 5, 2, tzinfo=UTC), DAY)
    assert (a.step_since(), a.due_on()) == (d("2026-06-05"), d("2026-06-15"))  # the county: 10 days from its start
    a.approve("official:county", datetime(2026, 6, 8, 2, tzinfo=UTC), DAY)
    assert (a.current_step().level, a.due_on()) == ("finance", d("2026-06-23"))  # finance: 15 days
    a.reject("finance:1", "凭证不全", datetime(2026, 6, 9, 2, tzinfo=UTC))
    assert (a.step_since(), a.due_on()) == (None, None)
