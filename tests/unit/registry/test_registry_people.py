"""Experts (lifetime fraud ban) and enterprises (industry, size, divisions)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.common.errors import Conflict, Forbidden, Invalid
from services.registry.domain.enterprises import EnterpriseStatus
from services.registry.domain.experts import ExpertStatus
from services.registry.domain.rules import Actor

from .registry_factories import make_enterprise, make_expert

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
REGULATOR, ADMIN, HIMSELF = Actor("regulator"), Actor("admin"), Actor("expert", own=True)


def move(expert, target, actor=REGULATOR, reason=None):
    return expert.moved_to(target, actor, reason, NOW, "regulator:330400")


@pytest.mark.parametrize(
    "changes, field",
    [
        (dict(id_number="110105194912310020"), "id_number"),
        (dict(county="330400"), "county"),
        (dict(grade="guru"), "grade"),
        (dict(industries=("Z",)), "industries"),
        (dict(industries=()), "industries"),
        (dict(specialties=()), "specialties"),
    ],
)
def test_invalid_experts_name_the_field(changes, field):
    with pytest.raises(Invalid) as err:
        make_expert(**changes)
    assert err.value.extensions["errors"][0]["field"] == field


def test_a_ban_needs_a_reason_and_records_it():
    with pytest.raises(Invalid):
        move(make_expert(), ExpertStatus.BANNED)
    banned = move(make_expert(), ExpertStatus.BANNED, reason="出具虚假评审意见")
    assert banned.status == ExpertStatus.BANNED and not banned.available
    assert banned.ban.reason == "出具虚假评审意见" and banned.ban.at == NOW


@pytest.mark.parametrize("target", list(ExpertStatus))
@pytest.mark.parametrize("actor", [REGULATOR, ADMIN, HIMSELF])
def test_a_ban_is_never_lifted_by_anyone(target, actor):
    banned = move(make_expert(), ExpertStatus.BANNED, reason="fraud")
    with pytest.raises(Conflict, match="for life"):
        move(banned, target, actor)
    with pytest.raises(Conflict):
        banned.updated(available=True)


def test_only_regulators_ban_or_suspend():
    with pytest.raises(Forbidden):
        move(make_expert(), ExpertStatus.BANNED, HIMSELF, reason="self")
    with pytest.raises(Forbidden):
        move(make_expert(), ExpertStatus.SUSPENDED, Actor("enterprise"))
    assert move(make_expert(), ExpertStatus.SUSPENDED).status == ExpertStatus.SUSPENDED


def test_expert_retires_and_returns_himself_but_cannot_lift_a_suspension():
    retired = move(make_expert(), ExpertStatus.RETIRED, HIMSELF)
    assert move(retired, ExpertStatus.ACTIVE, HIMSELF).status == ExpertStatus.ACTIVE
    with pytest.raises(Forbidden):
        move(move(make_expert(), ExpertStatus.SUSPENDED), ExpertStatus.ACTIVE, HIMSELF)


def test_expert_update_cannot_touch_identity():
    with pytest.raises(Invalid):
        make_expert().updated(id_number="440524188001010014")
    assert make_expert().updated(grade="intermediate").grade == "intermediate"


def test_enterprise_industry_section_is_derived_from_the_code():
    enterprise = make_enterprise(industry_code="4720")
    assert enterprise.industry_section == "E" and enterprise.industry == "E4720"


@pytest.mark.parametrize(
    "changes, field",
    [
        (dict(industry_code="98"), "industry_code"),  # no section has division 98
        (dict(industry_code="C33"), "industry_code"),
        (dict(size="huge"), "size"),
        (dict(county="330482", town="330481001"), "town"),
        (dict(id="9144030071526726XA"), "uscc"),
        (dict(employees=-1), "employees"),
    ],
)
def test_invalid_enterprises_name_the_field(changes, field):
    with pytest.raises(Invalid) as err:
        make_enterprise(**changes)
    assert err.value.extensions["errors"][0]["field"] == field


def test_enterprise_deregisters_once():
    gone = make_enterprise().moved_to(EnterpriseStatus.DEREGISTERED, Actor("enterprise", own=True))
    with pytest.raises(Conflict):
        gone.moved_to(EnterpriseStatus.ACTIVE, ADMIN)
    with pytest.raises(Forbidden):
        make_enterprise().moved_to(EnterpriseStatus.DEREGISTERED, Actor("enterprise"))


def test_people_event_data_matches_the_catalogue_and_hides_the_id_number():
    from services.common.events.catalogue import CATALOGUE
    from services.registry.outgoing import enterprise_data, expert_data

    expert = CATALOGUE["expert-registered"].load(expert_data(make_expert()), strict=True)
    assert "id_number" not in expert and expert["grade"] == "senior"
    enterprise = CATALOGUE["enterprise-registered"].load(enterprise_data(make_enterprise()), strict=True)
    assert enterprise["industry"] == "C3311" and enterprise["industry_section"] == "C"


def test_an_expert_cannot_undo_a_regulators_retirement():
    """The abuse: a regulator suspends, then retires an expert; the expert moves himself back to active."""
    retired = move(move(make_expert(), ExpertStatus.SUSPENDED), ExpertStatus.RETIRED)
    assert not retired.self_retired
    with pytest.raises(Forbidden, match="regulator retired"):
        move(retired, ExpertStatus.ACTIVE, HIMSELF)
    assert move(retired, ExpertStatus.ACTIVE).status == ExpertStatus.ACTIVE


def test_only_a_self_retirement_is_undone_by_the_expert():
    by_himself = move(make_expert(), ExpertStatus.RETIRED, HIMSELF)
    assert by_himself.self_retired
    back = move(by_himself, ExpertStatus.ACTIVE, HIMSELF)
    assert back.status == ExpertStatus.ACTIVE and not back.self_retired
    by_admin = move(make_expert(), ExpertStatus.RETIRED, ADMIN)
    with pytest.raises(Forbidden):
        move(by_admin, ExpertStatus.ACTIVE, HIMSELF)
    with pytest.raises(Invalid):
        make_expert().updated(self_retired=True)
