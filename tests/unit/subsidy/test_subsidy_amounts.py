"""Amounts: rate × price, then every cap and the budget left, line by line; grades on the signing day."""

from __future__ import annotations

from subsidy_factories import d, programme

from services.subsidy.domain.amounts import (
    DatedGrade,
    Used,
    capped,
    fixed_base,
    grade_on,
    meets,
    purchase_base,
    tier_base,
    zero_refusal,
)
from services.subsidy.domain.programmes import Kind, Tier
from services.subsidy.store.facts import grade_from_doc

PRICE = 4_800_000


def amount(rules, used=None, left=10_000_000, price=PRICE):
    lines = capped(purchase_base(rules, price), rules, used or Used(), left, price)
    return lines[-1].amount_fen, [(line.rule, line.amount_fen) for line in lines]


def test_rate_times_price_floors_to_the_fen():
    rules = programme(rate_permille=333).rules
    assert amount(rules, price=1001)[0] == 333  # 1001 × 333 / 1000 = 333.333
    assert amount(rules)[1][0] == ("rate", 1_598_400)


def test_every_limit_is_a_line_and_the_smallest_wins():
    rules = programme(
        cap_per_contract_fen=1_000_000, cap_per_beneficiary_year_fen=1_200_000, stacking_limit_permille=500
    ).rules
    total, lines = amount(rules, Used(beneficiary_year_fen=300_000, contract_fen=1_500_000), left=5_000_000)
    assert lines == [
        ("rate", 1_440_000),
        ("cap_per_contract", 1_000_000),
        ("cap_per_beneficiary_year", 900_000),
        ("stacking_limit", 900_000),
        ("budget_left", 900_000),
    ]
    assert total == 900_000


def test_the_stacking_limit_counts_other_subsidies_on_the_contract():
    rules = programme(stacking_limit_permille=400).rules  # at most 1 920 000 on this contract
    assert amount(rules, Used(contract_fen=1_000_000))[0] == 920_000
    assert amount(rules, Used(contract_fen=2_000_000))[0] == 0  # never negative


def test_the_budget_left_caps_last():
    assert amount(programme().rules, left=123)[0] == 123


def test_an_amount_of_zero_names_the_rule_that_made_it():
    rules = programme(cap_per_beneficiary_year_fen=1_000_000).rules
    lines = capped(purchase_base(rules, PRICE), rules, Used(beneficiary_year_fen=1_000_000), 10_000_000, PRICE)
    assert zero_refusal(lines).rule == "cap_per_beneficiary_year"
    assert zero_refusal(capped(purchase_base(rules, PRICE), rules, Used(), 0, PRICE)).rule == "budget_left"
    assert zero_refusal(capped(purchase_base(rules, PRICE), rules, Used(), 1, PRICE)) is None


def test_fixed_support_has_no_contract_caps():
    rules = programme(Kind.CLUSTER_BASE_SUPPORT, funder="330411", cap_per_contract_fen=1).rules
    lines = capped(fixed_base(rules), rules, Used(), 10_000_000)
    assert [line.rule for line in lines] == ["fixed", "budget_left"] and lines[-1].amount_fen == 500_000


def test_a_town_reward_is_the_highest_tier_reached():
    tiers = (Tier(600, 1_000_000), Tier(800, 2_000_000))
    assert tier_base(tiers, 599, 1000).amount_fen == 0
    assert tier_base(tiers, 3, 5).amount_fen == 1_000_000  # exactly 600 per mille
    assert tier_base(tiers, 7, 9).amount_fen == 1_000_000  # 777.7 per mille
    assert tier_base(tiers, 4, 5).amount_fen == tier_base(tiers, 1, 1).amount_fen == 2_000_000
    assert tier_base(tiers, 0, 0).amount_fen == 0  # a town without SMEs: 0 per mille
    assert tier_base((Tier(0, 5),), 0, 0).amount_fen == 5  # which a tier from 0 rewards
    assert tier_base(tiers, 2, 3).text == "覆盖率 66.7%（2/3 家） 达到 60.0%：奖励 10,000.00 元"


def test_the_lines_read_in_yuan_and_percent():
    rules = programme(rate_permille=300).rules
    assert purchase_base(rules, 1_960_000).text == "合同价 19,600.00 元 × 30.0% = 5,880.00 元"
    lines = capped(purchase_base(rules, PRICE), rules, Used(contract_fen=1_000), 10_000_000, PRICE)
    assert [line for line in lines if "分" in line.text or "‰" in line.text] == []
    assert lines[-1].text.endswith("元") and "预算余额" in lines[-1].text


def test_the_grade_on_a_day_is_the_newest_dated_on_or_before_it():
    grades = [
        DatedGrade(d("2026-01-10"), "2026-01-10T01:00:00.000Z", "B"),
        DatedGrade(d("2026-03-01"), "2026-03-01T01:00:00.000Z", "D"),
        DatedGrade(d("2026-03-01"), "2026-03-01T05:00:00.000Z", "C"),
        DatedGrade(d("2026-04-01"), "2026-04-01T01:00:00.000Z", "A"),
    ]
    assert grade_on(grades, d("2026-01-09")) is None
    assert grade_on(grades, d("2026-02-28")) == "B"
    assert grade_on(grades, d("2026-03-01")) == "C"  # the later event of the day
    assert grade_on(list(reversed(grades)), d("2026-05-01")) == "A"  # order of arrival does not matter


def test_a_corrected_day_reads_the_newest_correction_of_its_event():
    published = {"agency_id": "ag1", "as_of": "2026-03-01", "grade": "D", "time": "2026-03-01T01:00:00.000Z"}
    first = {"by": "e2", "time": "2026-05-01T01:00:00.000Z", "grade": "B"}
    second = {"by": "e3", "time": "2026-06-01T01:00:00.000Z", "grade": "C"}
    assert grade_from_doc(published).grade == "D", "as published"
    assert grade_from_doc({**published, "corrections": [first]}) == DatedGrade(
        d("2026-03-01"), published["time"], "B"
    ), "the corrected grade, still dated and ordered as the event it corrects"
    assert grade_from_doc({**published, "corrections": [second, first]}).grade == "C", "the newest correction"
    early = {"agency_id": "ag1", "as_of": "2026-03-01", "time": first["time"], "corrections": [first]}
    assert grade_from_doc(early).grade == "B", "a correction that came before the event it names"
    before = DatedGrade(d("2026-01-10"), "2026-01-10T01:00:00.000Z", "B")
    grades = [before, grade_from_doc({**published, "corrections": [first]})]
    assert grade_on(grades, d("2026-04-01")) == "B"


def test_a_grade_meets_a_minimum_when_at_least_as_good():
    assert meets("A", "B") and meets("B", "B") and not meets("C", "B")
    assert not meets(None, "D") and meets(None, None)
