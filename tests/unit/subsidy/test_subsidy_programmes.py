"""Programmes: the rules a programme keeps, its states, frozen rules when open, new versions, divisions."""

from __future__ import annotations

import pytest
from subsidy_factories import NOW, d, programme

from services.common.errors import Invalid
from services.subsidy.domain import divisions
from services.subsidy.domain.programmes import IllegalState, Kind, State, Tier


def test_a_draft_changes_anything_then_opens_and_closes():
    p = programme(state=State.DRAFT)
    p.change({"name": "新名称", "rules": {"rate_permille": 500}}, "official:330482", NOW)
    assert (p.name, p.rules.rate_permille) == ("新名称", 500)
    p.open("official:330482", NOW)
    p.close("official:330482", NOW)
    assert p.state == State.CLOSED
    assert [h["action"] for h in p.history] == ["changed name, rules.rate_permille", "opened", "closed"]


def test_an_open_programme_keeps_its_rules_but_may_be_renamed():
    p = programme()
    with pytest.raises(IllegalState) as refused:
        p.change({"rules": {"budget_fen": 1}}, "x", NOW)
    assert refused.value.extensions["fields"] == ["rules"]
    with pytest.raises(IllegalState):
        p.change({"period_end": d("2027-01-01")}, "x", NOW)
    p.change({"name": "更名", "description": "说明"}, "x", NOW)
    assert p.name == "更名" and p.rules.budget_fen == 10_000_000


def test_a_closed_programme_changes_nothing_and_reopens_never():
    p = programme(state=State.CLOSED)
    with pytest.raises(IllegalState):
        p.change({"name": "x"}, "x", NOW)
    with pytest.raises(IllegalState):
        p.open("x", NOW)


def test_a_new_version_is_a_draft_copy_that_supersedes():
    p = programme()
    v2 = p.next_version("pg-2", NOW)
    assert (v2.state, v2.edition, v2.supersedes, v2.rules, v2.lineage) == (State.DRAFT, 2, "pg-1", p.rules, "pg-1")
    v2.change({"rules": {"rate_permille": 200}}, "x", NOW)
    assert p.rules.rate_permille == 300
    with pytest.raises(IllegalState):
        v2.next_version("pg-3", NOW)


@pytest.mark.parametrize(
    "rules, field",
    [
        (dict(rate_permille=1001), "rules.rate_permille"),
        (dict(rate_permille=0), "rules.rate_permille"),
        (dict(stacking_limit_permille=-1), "rules.stacking_limit_permille"),
        (dict(categories=("astrology",)), "rules.categories"),
        (dict(sizes=("large",)), "rules.sizes"),
        (dict(sections=("Z",)), "rules.sections"),
        (dict(min_grade="E"), "rules.min_grade"),
        (dict(divisions=("330402007",)), "rules.divisions"),  # a town of 南湖区, outside 平湖市
    ],
)
def test_broken_rules_name_their_field(rules, field):
    with pytest.raises(Invalid) as refused:
        programme(**rules)
    assert refused.value.extensions["errors"][0]["field"] == field


def test_the_period_must_not_end_before_it_starts():
    p = programme(state=State.DRAFT)
    with pytest.raises(Invalid):
        p.change({"period_end": d("2025-12-31")}, "x", NOW)


def test_kinds_need_their_own_rules():
    with pytest.raises(Invalid):
        programme(Kind.CLUSTER_BASE_SUPPORT, fixed_fen=None)
    with pytest.raises(Invalid):  # the cluster base is in 秀洲区, not in 平湖市
        programme(Kind.CLUSTER_BASE_SUPPORT, funder="330482")
    assert programme(Kind.CLUSTER_BASE_SUPPORT, funder="330411").rules.fixed_fen == 500_000
    with pytest.raises(Invalid):
        programme(Kind.TOWN_REWARD, tiers=())
    with pytest.raises(Invalid):  # a town does not reward towns
        programme(Kind.TOWN_REWARD, funder="330482001")
    with pytest.raises(Invalid):
        programme(Kind.TOWN_REWARD, tiers=(Tier(800, 1), Tier(600, 2)))


def test_divisions_inside_the_funders_area():
    assert divisions.inside("330400", "330482001") and divisions.inside("330482", "330482001")
    assert divisions.inside("330482001", "330482001") and not divisions.inside("330482001", "330482")
    assert not divisions.inside("330402", "330482001") and not divisions.inside("330482", None)
    assert divisions.place_inside("330482", "330482", None)
    assert set(divisions.scope("330482")) >= {"330482", "330482001"} and "330402" not in divisions.scope("330482")
    assert divisions.scope("330482001") == ("330482001",) and divisions.scope(None) == ()
    assert programme(divisions=("330482001",)).rules.divisions == ("330482001",)
