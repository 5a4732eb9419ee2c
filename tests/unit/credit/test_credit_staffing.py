"""Staffing and continuing education (人员配备、继续教育) in basic management, rule table 3: terms of the rating day
from the staffing facts known by then."""

from __future__ import annotations

from datetime import date

from services.credit.domain import staffing
from services.credit.domain.facts import Fact
from services.credit.domain.rating import rate
from services.credit.rulebook import BOOK

A = "91330400MA2STAFF01"
DAY = date(2027, 3, 1)
INSPECTOR, ENGINEER = "testing_inspector", "registered_safety_engineer"


def d(text: str) -> date:
    return date.fromisoformat(text)


def qualified(on: str = "2027-01-02", until: str = "2030-12-31", time: str = "T01:00:00Z") -> Fact:
    q = [{"category": "testing_inspection", "valid_from": "2020-01-01", "valid_until": until}]
    return Fact(f"q-{on}{time}", "agency-updated", f"{on}{time}", {"agency_id": A, "qualified": q}, d(on))


def person(
    who: str,
    *kinds: str,
    on: str = "2027-01-02",
    time: str = "T02:00:00Z",
    type_: str = "practitioner-joined",
    until: str = "2030-12-31",
    **extra,
) -> Fact:
    certs = [{"kind": k, "valid_from": "2020-01-01", "valid_until": until} for k in kinds]
    data = {"agency_id": A, "practitioner_id": who, "on_staff": type_ != "practitioner-left", "certificates": certs}
    return Fact(f"{who}-{type_}-{on}{time}", type_, f"{on}{time}", {**data, **extra}, d(on))


def staffed(on: str = "2027-01-02") -> list[Fact]:
    """Qualified in testing and inspection with the 2026 minimum: 2 inspectors and a registered safety engineer."""
    return [
        qualified(on),
        person("p1", INSPECTOR, on=on),
        person("p2", INSPECTOR, on=on),
        person("p3", ENGINEER, on=on),
    ]


def terms(facts, day=DAY):
    return {(t.rule, t.reason_code): t for t in rate(facts, day, BOOK).effects if t.rule in staffing.TERMS}


def test_a_staffed_agency_gets_the_bonus_named_in_chinese():
    rating = rate(staffed(), DAY, BOOK)
    (met,) = [e for e in rating.effects if e.rule == "staffing.met"]
    assert (met.points, met.start, met.end, met.note) == (2, DAY, d("2027-03-02"), "安全检测检验：人员配备达到要求")
    assert (rating.score, rating.subtotals["basic_management"], rating.rule_version) == (102, 2, "3")


def test_each_category_below_its_minimum_loses_points_and_says_what_it_misses():
    facts = [qualified(), person("p1", INSPECTOR), person("p3", ENGINEER)]
    found = terms(facts)
    assert set(found) == {("staffing.short", "testing_inspection")}
    assert found[("staffing.short", "testing_inspection")].points == -3
    assert (
        "安全检测检验人员或特种设备检验检测人员证书的从业人员至少 2 名，现有 1 名"
        in found[("staffing.short", "testing_inspection")].note
    )
    rating = rate(facts, DAY, BOOK)
    assert (rating.score, rating.deductions, rating.interview_required) == (97, 0, False), "a state, not a sanction"


def test_no_term_before_table_three_nor_without_a_staffed_category_nor_with_a_lapsed_certificate():
    assert terms(staffed("2026-12-02"), d("2026-12-31")) == {}
    assert terms(staffed()[1:]) == {}, "no qualification in a staffed category: nothing to meet"
    lapsed = [qualified(), person("p1", INSPECTOR), person("p2", INSPECTOR, until="2027-02-28"), person("p3", ENGINEER)]
    assert set(terms(lapsed, d("2027-02-28"))) == {("staffing.met", "met")}
    assert set(terms(lapsed, DAY)) == {("staffing.short", "testing_inspection")}, "lapsed the day after valid_until"
    assert staffing.next_change(lapsed, d("2027-02-01")) == DAY
    assert terms([qualified(until="2027-02-28"), *staffed()[1:]], DAY) == {}, "the qualification lapsed"


def test_a_practitioner_counts_as_his_newest_event_whatever_the_order_they_arrive_in():
    left = person("p2", INSPECTOR, on="2027-02-01", type_="practitioner-left")
    stale = person("p2", INSPECTOR, on="2027-02-10", time="T00:00:00Z", type_="certificate-verified")
    stale = Fact(stale.id, stale.type, "2027-01-20T00:00:00Z", stale.data, d("2027-02-10"))  # older, known later
    assert set(terms([*staffed(), left, stale])) == {("staffing.short", "testing_inspection")}
    assert set(terms([*staffed(), stale, left])) == set(terms([*staffed(), left, stale]))


def test_a_fact_counts_from_the_day_it_reached_the_platform_and_known_at_reproduces_what_was_known():
    facts = [*staffed("2027-01-02")[:3], person("p3", ENGINEER, on="2027-02-15")]
    assert set(terms(facts, d("2027-02-14"))) == {("staffing.short", "testing_inspection")}
    assert set(terms(facts, d("2027-02-15"))) == {("staffing.met", "met")}
    then = rate(facts, d("2027-02-14"), BOOK, known_at=d("2027-02-14"))
    assert then.score == rate(facts, d("2027-02-14"), BOOK).score == 97


def trained(who: str, year: int, hours: int, on: str, kind: str = ENGINEER) -> Fact:
    return person(who, kind, on=on, time="T03:00:00Z", type_="training-recorded", year=year, year_hours=hours)


def test_continuing_education_of_the_last_closed_year_counts_from_16_january():
    inspectors = [trained(p, 2026, 16, "2026-10-01", INSPECTOR) for p in ("p1", "p2")]
    facts = [
        *staffed("2026-06-01"),
        *inspectors,
        trained("p3", 2026, 10, "2026-11-01"),
        trained("p3", 2026, 23, "2027-01-10"),
    ]
    assert ("continuing_education.short", "2026") not in terms(facts, d("2027-01-15"))
    short = terms(facts, d("2027-01-16"))[("continuing_education.short", "2026")]
    assert (short.points, short.capped) == (-1, 0), "23 of the 24 hours a registered safety engineer needs in 2026"
    assert "2026 年继续教育学时不足的从业人员 1 名" in short.note
    enough = [*facts, trained("p3", 2026, 24, "2027-01-15")]
    assert ("continuing_education.short", "2026") not in terms(enough, d("2027-01-16"))


def test_continuing_education_counts_each_practitioner_up_to_the_cap_and_only_those_employed_at_the_years_end():
    many = [person(f"e{n}", ENGINEER, on="2026-06-01") for n in range(7)]
    facts = [*staffed("2026-06-01"), *many, person("late", ENGINEER, on="2027-01-05")]
    short = terms(facts, d("2027-02-01"))[("continuing_education.short", "2026")]
    assert (short.points, short.capped) == (-5, 5), "10 below (p1-p3, e0-e6): 5 counted; 'late' joined after the year"
    assert "不足的从业人员 10 名" in short.note


def test_hours_recorded_at_his_former_agency_count_where_he_works_at_the_years_end_from_the_day_they_arrived():
    elsewhere = {"agency_id": "91330400MA2STAFF02"}
    hours = trained("p3", 2026, 24, "2026-05-01")
    hours = Fact(
        hours.id, hours.type, hours.time, {**hours.data, **elsewhere}, hours.noticed_on
    )  # at his former agency
    moved = [*staffed("2026-06-01")[:3], person("p3", ENGINEER, on="2026-10-01")]
    moved += [trained(p, 2026, 16, "2026-10-01", INSPECTOR) for p in ("p1", "p2")]
    assert ("continuing_education.short", "2026") in terms(moved), "without them he looks short"
    assert terms([*moved, hours]).keys() == {("staffing.met", "met")}, "24 hours recorded while he worked there"
    late = Fact(hours.id, hours.type, hours.time, hours.data, d("2027-03-02"))
    assert ("continuing_education.short", "2026") in terms([*moved, late]), "hours known only after the day"
    left = person("p3", ENGINEER, on="2027-02-01", type_="practitioner-left")
    back = trained("p3", 2027, 4, "2027-02-10")  # he went back: a course recorded there later
    back = Fact(back.id, back.type, back.time, {**back.data, **elsewhere}, back.noticed_on)
    assert set(terms([*moved, hours, left, back])) == {("staffing.short", "testing_inspection")}, "not on staff here"
