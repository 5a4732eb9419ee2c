"""Eligibility: every failed rule is named, all at once; periods, categories, buyers, divisions, grades."""

from __future__ import annotations

from subsidy_factories import d, deal, firm, programme, provider

from services.subsidy.domain.eligibility import cluster_refusals, purchase_refusals, town_refusals
from services.subsidy.domain.programmes import Kind, State


def rules_failed(refusals):
    return sorted(r.rule for r in refusals)


def test_a_completed_contract_of_an_eligible_sme_passes():
    assert purchase_refusals(programme(min_grade="B"), deal(), firm(), "B") == []


def test_every_failed_rule_is_named():
    p = programme(state=State.CLOSED, categories=("safety_training",), sections=("F",), min_grade="A")
    found = purchase_refusals(p, deal(status="signed"), firm(size="large", status="deregistered"), "B")
    assert rules_failed(found) == ["category", "completed", "min_grade", "open", "section", "size", "status"]
    assert all(r.text for r in found)


def test_the_contract_must_be_completed_within_the_period():
    assert rules_failed(purchase_refusals(programme(), deal(completed_on=d("2025-12-31")), firm(), None)) == ["period"]
    assert purchase_refusals(programme(), deal(completed_on=d("2026-12-31")), firm(), None) == []
    assert rules_failed(purchase_refusals(programme(), deal(status="terminated"), firm(), None)) == ["completed"]


def test_only_an_enterprise_buyer_of_a_known_enterprise():
    found = purchase_refusals(programme(), deal(buyer_type="government", enterprise_id=None), None, None)
    assert rules_failed(found) == ["buyer", "known"]


def test_the_enterprise_must_be_inside_the_funders_area_and_its_divisions():
    elsewhere = firm(county="330402", town="330402007")
    assert rules_failed(purchase_refusals(programme(), deal(), elsewhere, None)) == ["division"]
    town_only = programme(divisions=("330482002",))  # 钟埭街道, not the firm's 当湖街道
    assert rules_failed(purchase_refusals(town_only, deal(), firm(), None)) == ["division"]
    assert purchase_refusals(programme(funder="330400"), deal(), elsewhere, None) == []
    assert purchase_refusals(programme(funder="330482001"), deal(), firm(), None) == []


def test_the_agency_grade_on_the_signing_day_is_checked():
    p = programme(min_grade="B")
    assert rules_failed(purchase_refusals(p, deal(), firm(), "C")) == ["min_grade"]
    assert rules_failed(purchase_refusals(p, deal(), firm(), None)) == ["min_grade"]  # unknown on that day


def test_cluster_base_support_needs_residency_during_the_period():
    p = programme(Kind.CLUSTER_BASE_SUPPORT, funder="330411")
    assert cluster_refusals(p, provider(), None) == []
    assert cluster_refusals(p, provider(base_since=d("2026-12-31")), None) == []
    gone = provider(base_since=d("2024-01-01"), base_until=d("2025-12-31"))
    assert rules_failed(cluster_refusals(p, gone, None)) == ["residency"]
    assert rules_failed(cluster_refusals(p, provider(base_since=None), None)) == ["residency"]
    assert rules_failed(cluster_refusals(p, provider(kind="insurer", status="suspended"), None)) == ["kind", "status"]
    assert rules_failed(cluster_refusals(p, None, None)) == ["known"]


def test_a_town_reward_goes_to_a_town_in_the_area():
    p = programme(Kind.TOWN_REWARD)
    assert town_refusals(p, "330482001") == []
    assert rules_failed(town_refusals(p, "330402007")) == ["division"]
    assert rules_failed(town_refusals(p, "330482")) == ["town"]
    assert rules_failed(town_refusals(programme(), "330482001")) == ["kind"]
