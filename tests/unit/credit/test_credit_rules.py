"""One test per row of the credit rule table (version 1), plus caps and lapses."""

from __future__ import annotations

from dataclasses import replace

import pytest
from credit_factories import completed, d, inspection, rating, score, terminated, violation

from services.credit.domain.rules import Grade, RuleBook, add_months
from services.credit.rulebook import BOOK

V1 = BOOK.version("1")


def rate(facts, on, book=BOOK):
    return rating(facts, on.isoformat(), book)


def test_new_agency_starts_at_100_grade_b():
    r = rate([], d("2026-01-01"))
    assert (r.score, r.grade, r.rule_version) == (100, V1.new_agency_grade, "1")
    assert r.effects == () and not r.interview_required and r.listed_until is None


@pytest.mark.parametrize("points,grade", [(105, "A"), (104, "B"), (90, "B"), (89, "C"), (75, "C"), (74, "D")])
def test_grade_bands(points, grade):
    assert V1.grade_for(points, veto=False) == grade


def test_veto_forces_d_whatever_the_score():
    assert V1.grade_for(120, veto=True) == "D"


def test_contract_on_time_plus_one_for_twelve_months():
    facts = [completed("c1", "2026-01-10")]
    assert score(facts, "2026-01-09") == 100
    assert score(facts, "2026-01-10") == 101
    assert score(facts, "2027-01-09") == 101
    assert score(facts, "2027-01-10") == 100  # lapsed


def test_contract_late_minus_one():
    assert score([completed("c1", "2026-01-10", on_time=False)], "2026-02-01") == 99


def test_contract_points_capped_at_ten_in_any_twelve_months():
    facts = [completed(f"c{i}", f"2026-01-{i + 1:02d}") for i in range(12)]
    assert score(facts, "2026-02-01") == 110
    # a contract after the first ones lapse counts again
    # on 2027-01-05 the contracts of 2026-01-06.. are still in force: 7 of them, and the new one
    assert score(facts + [completed("c99", "2027-01-05")], "2027-01-05") == 100 + 7 + 1


def test_late_contracts_are_not_capped():
    facts = [completed(f"c{i}", "2026-01-01", on_time=False) for i in range(12)]
    assert score(facts, "2026-01-02") == 88


def test_termination_at_fault_minus_five_for_twelve_months():
    facts = [terminated("c1", "2026-03-01")]
    assert score(facts, "2026-03-01") == 95
    assert score(facts, "2027-03-01") == 100


@pytest.mark.parametrize("at_fault", ["buyer", "none"])
def test_termination_not_at_fault_costs_nothing(at_fault):
    assert score([terminated("c1", "2026-03-01", at_fault)], "2026-03-02") == 100


def test_spot_check_passed_plus_two_capped_at_ten():
    one = [inspection("i1", "2026-01-01")]
    assert score(one, "2026-01-01") == 102
    six = [inspection(f"i{i}", f"2026-0{i}-01") for i in range(1, 7)]
    assert score(six, "2026-07-01") == 110
    assert score(one, "2027-01-01") == 100


def test_spot_check_each_finding_minus_one():
    assert score([inspection("i1", "2026-01-01", findings=3)], "2026-01-02") == 100 + 2 - 3


def test_spot_check_findings_capped_at_ten_per_inspection():
    assert score([inspection("i1", "2026-01-01", findings=15)], "2026-01-02") == 100 + 2 - 10


def test_spot_check_failed_minus_ten_for_twelve_months():
    facts = [inspection("i1", "2026-01-01", passed=False, findings=4)]
    assert score(facts, "2026-06-01") == 90
    assert score(facts, "2027-01-01") == 100


def test_mutual_inspections_are_capped_at_ten_on_the_rating_day():
    thirty = [inspection(f"m{i}", f"2026-01-{i + 1:02d}", kind="mutual_inspection") for i in range(30)]
    r = rate(thirty, d("2026-02-01"))
    assert (r.score, r.subtotals["service_quality"]) == (110, 10)
    assert sum(e.points for e in r.effects) == 10 and sum(e.capped for e in r.effects) == 20


def test_mutual_inspection_passed_plus_one_failed_nothing():
    facts = [
        inspection("m1", "2026-01-01", kind="mutual_inspection"),
        inspection("m2", "2026-01-01", kind="mutual_inspection", passed=False),
        inspection("s1", "2026-01-01", kind="service_inspection", passed=False),
    ]
    assert score(facts, "2026-01-02") == 101


@pytest.mark.parametrize("severity,points,months", [("minor", -2, 3), ("general", -5, 12), ("serious", -10, 24)])
def test_violation_points_and_period(severity, points, months):
    facts = [violation("v1", "2026-01-15", severity)]
    end = add_months(d("2026-01-15"), months)
    assert rate(facts, d("2026-01-14")).score == 100
    assert rate(facts, d("2026-01-15")).score == 100 + points
    assert rate(facts, end.replace(day=14)).score == 100 + points
    assert rate(facts, end).score == 100


def test_severe_violation_is_a_veto_listed_36_months_from_day_seven_with_twenty_points():
    facts = [violation("v1", "2026-01-01", "severe", code="qualification-rental")]
    before = rate(facts, d("2026-01-07"))
    assert (before.score, before.grade, before.listed_until) == (100, "B", None)
    listed = rate(facts, d("2026-01-08"))
    assert (listed.score, listed.grade, listed.listed_until) == (80, "D", d("2029-01-08"))
    assert (listed.effects[0].reason_code, listed.effects[0].points, listed.effects[0].veto) == (
        "qualification-rental",
        -20,
        True,
    )
    assert (listed.deductions, listed.interview_required, listed.rectification_until) == (20, True, d("2026-07-08"))
    assert rate(facts, d("2029-01-08")).grade == "B"


def test_violation_recorded_on_overrides_event_day():
    facts = [violation("v1", "2026-01-01", "general", recorded_on="2026-02-01")]
    assert score(facts, "2026-01-31") == 100
    assert score(facts, "2026-02-01") == 95


def test_dimension_subtotals_add_up_to_the_score():
    facts = [
        completed("c1", "2026-01-01"),
        inspection("i1", "2026-01-01", passed=False),
        violation("v1", "2026-01-01", "general"),
    ]
    r = rate(facts, d("2026-01-02"))
    assert r.subtotals == {"basic_management": -5, "service_quality": -10, "performance_record": 1}
    assert r.score == 100 + sum(r.subtotals.values()) == 86
    assert sum(e.points for e in r.effects) == r.score - 100
    assert {e.source_event_id for e in r.effects} == {f.id for f in facts}


def test_interview_from_ten_points_of_deductions_within_twelve_months():
    nine = [violation("v1", "2026-01-01", "general")] + [
        completed(f"c{i}", "2026-01-01", on_time=False) for i in range(4)
    ]
    assert (rate(nine, d("2026-01-02")).deductions, rate(nine, d("2026-01-02")).interview_required) == (9, False)
    ten = nine + [completed("c9", "2026-01-01", on_time=False), completed("c10", "2026-01-01")]
    r = rate(ten, d("2026-01-02"))
    assert (r.deductions, r.interview_required, r.score) == (10, True, 91)  # bonuses do not offset deductions


def test_old_deductions_outside_the_window_do_not_count_for_interview():
    facts = [violation("v1", "2026-01-01", "serious")]  # 24 months in force, but counted for 12
    assert rate(facts, d("2026-12-31")).interview_required
    assert not rate(facts, d("2027-01-01")).interview_required
    assert rate(facts, d("2027-01-01")).score == 90


def test_rectification_list_for_six_months_from_twenty_points():
    facts = [violation("v1", "2026-01-01", "serious"), inspection("i1", "2026-03-01", passed=False)]
    assert rate(facts, d("2026-02-28")).rectification_until is None
    assert rate(facts, d("2026-03-01")).rectification_until == d("2026-09-01")
    assert rate(facts, d("2026-08-31")).rectification_until == d("2026-09-01")
    assert rate(facts, d("2026-09-01")).rectification_until is None


def test_officials_tune_the_table_not_the_code():
    tuned = replace(
        V1,
        version="2",
        effective_from=d("2026-01-01"),
        rules={**V1.rules, "violation.general": replace(V1.rules["violation.general"], points=-7, months=6)},
        grades=(Grade("A", 110), *V1.grades[1:]),
    )
    book = RuleBook([V1, tuned])
    facts = [violation("v1", "2026-01-01", "general"), violation("v0", "2025-12-31", "general")]
    r = rate(facts, d("2026-02-01"), book)
    assert (r.score, r.rule_version) == (100 - 7 - 5, "2")  # each fact by the table in force on its day
    assert rate(facts, d("2026-07-01"), book).score == 95
    assert rate(facts, d("2025-12-31"), book).rule_version == "1"


def test_rectification_lists_again_after_the_period_if_deductions_still_reach_twenty():
    facts = [
        violation("v1", "2026-01-01", "serious"),
        violation("v2", "2026-01-01", "serious"),
        terminated("c1", "2026-08-01"),
    ]
    assert rate(facts, d("2026-07-31")).rectification_until is None  # 6 months from 2026-01-01 ended
    assert rate(facts, d("2026-08-01")).rectification_until == d("2027-02-01")
    assert rate([*facts[:2], terminated("c2", "2026-06-01")], d("2026-07-01")).rectification_until is None
