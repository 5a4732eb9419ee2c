"""The examples of issue 12 (due process that holds up), each failing before and passing now."""

from __future__ import annotations

import pytest
from credit_factories import completed, d, fact, inspection, objection, rating, score, violation

from services.credit.domain import dueprocess as dp
from services.credit.domain.facts import Fact, cases
from services.credit.rulebook import BOOK


def test_a_december_contract_still_counts_after_the_january_ones_lapse():
    january = [completed(f"c{i}", f"2024-01-{i + 1:02d}") for i in range(10)]
    assert score(january + [completed("dec", "2024-12-20")], "2025-02-01") == 101


def test_thirteen_monthly_contracts_give_the_full_ten_on_the_rating_day():
    monthly = [completed(f"c{m}", f"{2024 + m // 12}-{m % 12 + 1:02d}-15") for m in range(13)]
    assert score(monthly, "2025-02-15") == 110


def test_a_back_dated_severe_violation_lists_only_seven_days_after_it_reached_the_platform():
    late = violation("v1", "2024-03-20", "severe", recorded_on="2024-03-01")
    arrival = rating([late], "2024-03-20")
    assert (arrival.grade, arrival.listed_until) == ("B", None)
    kind, data = dp.object_to([late], "violation:v1", d("2024-03-20"), "not us", BOOK)
    assert (kind, data["filed_on"]) == ("objection-filed", "2024-03-20")
    status = dp.violation_status(cases([late])["violation:v1"], BOOK)
    assert (status["recorded_on"], status["notice_on"], status["objection_deadline"], status["effect_start"]) == (
        "2024-03-01",
        "2024-03-20",
        "2024-04-04",
        "2024-03-27",
    )
    assert rating([late], "2024-03-27").grade == "D"
    held = [late, objection("v1", "2024-03-25")]
    assert rating(held, "2024-04-30").grade == "B"


def test_a_violation_is_invisible_before_the_day_it_reached_the_platform():
    late = violation("v1", "2024-03-01", "general", noticed="2024-03-20")
    assert score([late], "2024-03-19") == 100
    assert score([late], "2024-03-20") == 95


def test_days_are_jiaxing_days():
    """01:30 on 1 March in Jiaxing is 17:30Z on 29 February."""
    event = Fact(
        id="e1",
        type="violation-recorded",
        time="2024-02-29T17:30:00.000Z",
        data={
            "violation_id": "v1",
            "agency_id": "ag1",
            "severity": "general",
            "code": "x",
            "description": "x",
            "occurred_on": "2024-02-28",
            "recorded_on": None,
            "recorded_by": "330411",
        },
    )
    status = dp.violation_status(cases([event])["violation:v1"], BOOK)
    assert (status["recorded_on"], status["objection_deadline"]) == ("2024-03-01", "2024-03-16")
    assert score([event], "2024-02-29") == 100 and score([event], "2024-03-01") == 95


def test_a_severe_violation_counts_twenty_points_for_interview_and_rectification():
    r = rating([violation("v1", "2026-01-01", "severe")], "2026-01-08")
    assert (r.score, r.grade, r.deductions, r.interview_required) == (80, "D", 20, True)
    assert r.rectification_until == d("2026-07-08")
    assert [(e.points, e.veto) for e in r.effects] == [(-20, True)]


def test_a_regulator_may_revoke_a_violation_not_yet_revoked():
    facts = [violation("v1", "2026-01-01", "general")]
    assert dp.revocable(facts, "violation:v1").fact.id == facts[0].id
    with pytest.raises(dp.UnknownCase):
        dp.revocable(facts, "violation:v2")
    gone = facts + [fact("violation-revoked", "2026-01-05", violation_id="v1", agency_id="ag1", reason="录入错误")]
    with pytest.raises(dp.NotAllowed, match="revoked"):
        dp.revocable(gone, "violation:v1")


def test_a_failed_spot_check_known_late_starts_when_known():
    check = inspection("i1", "2026-01-01", passed=False)
    late = type(check)(**{**vars(check), "noticed_on": d("2026-01-10")})
    r = rating([late], "2026-01-10")
    assert (r.score, r.effects[0].start) == (90, d("2026-01-10"))
