"""Recommendations: eligibility, ranking with a known set, the fairness term, the three-candidate rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from matching_factories import CITY, make_demand, make_provider, qual

from services.matching.domain.recommend import Track, eligibility, listing_county, recommend

TODAY = date(2026, 3, 5)  # the demand was posted on 2026-03-02


def ranked(demand, providers, tracks=None, limit=10):
    return recommend(demand, providers, tracks or {}, CITY, TODAY, limit)


KNOWN = [
    make_provider("A", credit_score=90),  # same town
    make_provider("B", credit_score=95, town="330411104"),  # same county
    make_provider("C", credit_score=85, county="330402", town="330402100"),  # elsewhere in Jiaxing
    make_provider("Dd", credit_score=None, grade=None, county="310101", town=None),  # outside, unrated
    make_provider("E", credit_score=100),
    make_provider("F", credit_score=80, town="330411105"),
    make_provider("G", status="suspended"),
    make_provider("H", grade="D", credit_score=40),
    make_provider("I", rectification_until=date(2026, 6, 30)),
    make_provider("J", qualifications=(qual(valid_until="2026-03-01"),)),
    make_provider("K", qualifications=(qual(category="training"),)),
    make_provider("L", qualifications=(qual(valid_until="2026-03-03"),)),  # valid on the demand date only
]
TRACKS = {
    "A": Track({"C": 2}),
    "B": Track(open_contracts=1),
    "C": Track({"C": 6, "E": 1}),
    "E": Track(open_contracts=7),
    "F": Track({"E": 3}),
}


def test_ranking_of_a_known_set():
    result = ranked(make_demand(), KNOWN, TRACKS)
    assert [(r.rank, r.agency_id, r.total) for r in result] == [
        (1, "A", 73.0),  # 45 credit + 20 same town + 8 experience
        (2, "C", 70.5),  # 42.5 + 8 Jiaxing + 20 (experience capped at 5 contracts)
        (3, "B", 57.5),  # 47.5 + 14 same county − 4 fairness
        (4, "F", 54.0),  # 40 + 14; its contracts were in another industry
        (5, "E", 42.0),  # 50 + 20 − 28 fairness
        (6, "Dd", 30.0),  # unrated counts as 60 → 30; outside Jiaxing
    ]


def test_every_entry_explains_why_it_is_there_and_where_it_ranks():
    first = ranked(make_demand(), KNOWN, TRACKS)[0]
    assert first.eligibility == (
        "registered and active",
        "verified qualification for safety_evaluation valid until 2027-12-31",
        "credit grade B",
        "not on the rectification list",
    )
    assert {f.name: (f.value, f.points) for f in first.factors} == {
        "credit": (90, 45.0),
        "nearness": ("same_town", 20),
        "experience": (2, 8),
        "fairness": (0, 0),
    }
    assert all(f.explanation for f in first.factors)


@pytest.mark.parametrize(
    "agency_id,reason",
    [
        ("G", "status is suspended"),
        ("H", "credit grade D"),
        ("I", "on the rectification list until 2026-06-30"),
        ("J", "no verified, valid qualification for safety_evaluation"),
        ("K", "no verified, valid qualification for safety_evaluation"),
        ("L", "no verified, valid qualification for safety_evaluation"),
    ],
)
def test_ineligible_providers_are_left_out_with_the_reason(agency_id, reason):
    provider = next(p for p in KNOWN if p.agency_id == agency_id)
    assert eligibility(provider, make_demand(), TODAY) == (False, [reason])
    assert agency_id not in {r.agency_id for r in ranked(make_demand(), KNOWN, TRACKS)}


def test_a_rectification_that_has_ended_no_longer_excludes():
    provider = make_provider("I", rectification_until=date(2026, 3, 4))
    assert eligibility(provider, make_demand(), TODAY)[0]


def test_rectification_until_is_exclusive_as_credit_publishes_it():
    assert eligibility(make_provider("I", rectification_until=TODAY), make_demand(), TODAY)[0]
    assert not eligibility(make_provider("I", rectification_until=TODAY + timedelta(days=1)), make_demand(), TODAY)[0]


@pytest.mark.parametrize(
    "level,needed,ok",
    [
        ("甲级", "乙级", True),
        ("乙级", "乙级", True),
        ("丙级", "乙级", False),
        (None, "乙级", False),
        ("A", "A", True),
        ("A", "B", False),
        (None, None, True),
    ],
)
def test_a_needed_qualification_level(level, needed, ok):
    provider = make_provider("X", qualifications=(qual(level=level),))
    assert eligibility(provider, make_demand(needed_qualification=needed), TODAY)[0] is ok


# --- fairness -------------------------------------------------------------------------------------


def test_the_fairness_term_spreads_the_work_between_equals():
    result = ranked(make_demand(), [make_provider("X"), make_provider("Y")], {"X": Track(open_contracts=2)})
    assert [r.agency_id for r in result] == ["Y", "X"]
    fairness = {f.name: f for f in result[1].factors}["fairness"]
    assert (fairness.value, fairness.points) == (2, -8)
    assert result[0].total - result[1].total == 8


def test_a_busy_agency_falls_behind_a_less_rated_free_one():
    providers = [make_provider("busy", credit_score=100), make_provider("free", credit_score=80)]
    assert [r.agency_id for r in ranked(make_demand(), providers, {"busy": Track(open_contracts=3)})] == [
        "free",
        "busy",
    ]
    assert [r.agency_id for r in ranked(make_demand(), providers, {"busy": Track(open_contracts=2)})] == [
        "busy",
        "free",
    ]


def test_equal_totals_are_ordered_by_id():
    assert [r.agency_id for r in ranked(make_demand(), [make_provider("Q"), make_provider("P")])] == ["P", "Q"]


# --- three candidates for a government buyer -----------------------------------------------------

FIVE = [make_provider(f"P{i}", credit_score=70 + i) for i in range(5)]


@pytest.mark.parametrize(
    "buyer_type,providers,limit,expected",
    [
        ("government", FIVE, 1, 3),
        ("government", FIVE, 2, 3),
        ("government", FIVE, 5, 5),
        ("government", FIVE[:2], 1, 2),
        ("enterprise", FIVE, 1, 1),
        ("insurer", FIVE, 2, 2),
    ],
)
def test_a_government_buyer_sees_at_least_three_candidates(buyer_type, providers, limit, expected):
    demand = make_demand(buyer_type=buyer_type, buyer_id="b1")
    assert len(ranked(demand, providers, limit=limit)) == expected


# --- which open demands a provider sees -----------------------------------------------------------


@pytest.mark.parametrize(
    "provider_kw,whole_city,county",
    [
        ({}, False, "330411"),
        ({}, True, None),
        (dict(county="310101"), False, None),  # a provider from outside sees all of Jiaxing
        (dict(county=None, town=None), False, None),
    ],
)
def test_a_provider_sees_the_demands_of_its_county(provider_kw, whole_city, county):
    assert listing_county(make_provider("X", **provider_kw), CITY, whole_city) == county
