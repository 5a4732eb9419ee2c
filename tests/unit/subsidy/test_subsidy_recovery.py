"""One budget across versions and recovery (追回) as the domain reads them: a later version keeps the budget, a
top-up needs an open programme; only a paid subsidy is flagged, once; receipts stay within what is outstanding;
a flag raised by a violation falls with it while nothing was recovered."""

from __future__ import annotations

from dataclasses import replace

import pytest
from subsidy_factories import NOW, application, d, programme

from services.subsidy.domain.applications import NotNow, Status
from services.subsidy.domain.programmes import IllegalState, State
from services.subsidy.domain.recovery import Finding

DAY = d("2026-06-01")


def _paid():
    a = application()
    for who in ("official:town", "official:county"):
        a.approve(who, NOW, DAY)
    a.pay("BANK-1", "finance:1", DAY, NOW)
    return a


def test_a_later_version_keeps_the_programmes_one_budget():
    first = programme(state=State.OPEN)
    later = first.next_version("pg-2", NOW)
    assert (later.lineage, later.edition, first.first, later.first) == (first.id, 2, True, False)
    with pytest.raises(IllegalState) as refused:
        later.change({"rules": {"budget_fen": first.rules.budget_fen + 1}}, "x", NOW)
    assert refused.value.extensions["rule"] == "one_budget"
    later.change({"rules": {"budget_fen": first.rules.budget_fen, "rate_permille": 500}}, "x", NOW)
    draft = programme(state=State.DRAFT)
    draft.change({"rules": {"budget_fen": 1}}, "x", NOW)  # the first version, still a draft: its own to set
    assert draft.rules.budget_fen == 1


def test_a_top_up_is_for_an_open_programme_and_noted_in_its_history():
    p = programme(state=State.OPEN)
    p.topped_up(5_000, "追加", "official:330482", NOW)
    assert p.history[-1]["action"] == "budget topped up by 5000 fen: 追加"
    p.supersede("pg-2", "official:330482", NOW)
    assert (p.state, p.superseded_by) == (State.CLOSED, "pg-2")
    with pytest.raises(IllegalState):
        p.topped_up(1, "x", "x", NOW)


def test_only_a_paid_subsidy_is_flagged_and_only_once():
    with pytest.raises(NotNow) as refused:
        application().flag(Finding.FALSE_SERVICE, "虚假", "ev-1", "regulator:330482", DAY)
    assert refused.value.extensions["rule"] == "recover_paid"
    a = _paid()
    outcome = a.flag(Finding.NOT_DELIVERED, "未提供", "ev-1", "official:330482", DAY)
    assert (outcome.event, a.recovery.state, a.recovery.outstanding_fen) == (
        "subsidy-clawback-flagged",
        "flagged",
        1_440_000,
    )
    with pytest.raises(NotNow):
        a.flag(Finding.FALSE_SERVICE, "again", "ev-2", "x", DAY)
    assert a.contract_ended(DAY, NOW).event is None  # flagged already: a termination adds nothing


def test_receipts_stay_within_what_is_outstanding():
    a = _paid()
    with pytest.raises(NotNow):
        a.recovered("R0", 1, "finance:1", DAY)  # not flagged
    a.flag(Finding.FALSE_SERVICE, "虚假", "ev-1", "x", DAY)
    assert a.recovered("R1", 440_000, "finance:1", DAY).recover == 440_000
    assert (a.recovery.state, a.recovery.recovered_fen, a.recovery.outstanding_fen) == (
        "partly_recovered",
        440_000,
        10**6,
    )
    for amount in (0, 10**6 + 1):
        with pytest.raises(NotNow):
            a.recovered("R2", amount, "finance:1", DAY)
    a.recovered("R2", 10**6, "finance:1", DAY)
    assert (a.recovery.state, a.status) == ("recovered", Status.PAID)


def test_a_revoked_violation_lifts_its_flag_while_nothing_was_recovered():
    a, b = _paid(), _paid()
    for x in (a, b):
        x.flag(Finding.FALSE_SERVICE, "虚假", "v-1", "330400", DAY, violation_id="v-1")
    b.recovered("R1", 1, "finance:1", DAY)
    assert a.lift("v-2", "other").event is None
    assert a.lift("v-1", "撤销").event == "subsidy-clawback-lifted"
    assert (a.recovery.state, a.recovery.outstanding_fen, a.flagged) == ("lifted", 0, False)
    assert b.lift("v-1", "撤销").event is None and b.flagged  # money came back already: finance decides
    assert replace(a, recovery=None).lift("v-1", "x").event is None
