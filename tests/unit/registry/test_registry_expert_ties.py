"""What recusal and availability need of an expert (issue 15): employer, ties, leave; and what events carry."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.common.errors import Conflict, Forbidden, Invalid
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from services.common.web.auth import Principal
from services.registry import outgoing
from services.registry.commands import require_expert_editor
from services.registry.domain.experts import ExpertStatus, Leave, Link, Relation
from services.registry.domain.rules import Actor

from .registry_factories import USCC, USCC2, make_expert

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "changes, field",
    [
        (dict(employer="91330400MA2B3C4D5X"), "employer"),
        (dict(links=(Link("not-a-code", Relation.SHAREHOLDING),)), "links"),
        (dict(links=(Link(USCC, "cousin"),)), "links"),
        (dict(leave=(Leave(date(2026, 5, 10), date(2026, 5, 1)),)), "leave"),
    ],
)
def test_ties_are_organisation_codes_and_leave_a_real_period(changes, field):
    with pytest.raises(Invalid) as refused:
        make_expert(**changes)
    assert refused.value.extensions["errors"][0]["field"] == field


def test_a_declared_tie_is_added_once_and_listed_by_organisation():
    expert = make_expert(employer=USCC).with_link(Link(USCC2, Relation.FORMER_EMPLOYER))
    again = expert.with_link(Link(USCC2, Relation.FORMER_EMPLOYER)).with_link(Link(USCC2, Relation.SHAREHOLDING))
    assert again.linked_orgs == [USCC2] and len(again.links) == 2


def test_a_banned_expert_declares_nothing():
    banned = make_expert().moved_to(ExpertStatus.BANNED, Actor("regulator"), "伪造报告", NOW, "regulator:330400")
    with pytest.raises(Conflict):
        banned.with_link(Link(USCC2, Relation.OTHER))


@pytest.mark.parametrize(
    "role, org, changes, allowed",
    [
        ("expert", "exp-1", {"leave": ()}, True),
        ("expert", "exp-1", {"employer": USCC}, False),
        ("expert", "exp-1", {"links": ()}, False),
        ("expert", "exp-2", {"leave": ()}, False),
        ("regulator", "330400", {"employer": USCC, "links": ()}, True),
    ],
)
def test_the_expert_keeps_his_leave_the_regulator_his_employer_and_ties(role, org, changes, allowed):
    who = Principal(f"{role}:{org}", role, org)
    if allowed:
        require_expert_editor(who, make_expert(), changes)
    else:
        with pytest.raises(Forbidden):
            require_expert_editor(who, make_expert(), changes)


def test_expert_events_carry_ids_and_days_only():
    expert = make_expert(
        employer=USCC, links=(Link(USCC2, Relation.SHAREHOLDING),), leave=(Leave(date(2026, 5, 1), date(2026, 5, 7)),)
    )
    data = new_event(CATALOGUE["expert-updated"], expert.id, outgoing.expert_data(expert), "/services/registry").data
    assert (data["employer"], data["linked_orgs"], data["leave"]) == (
        USCC,
        [USCC2],
        [{"since": "2026-05-01", "until": "2026-05-07"}],
    )
    older = {k: v for k, v in data.items() if k not in ("employer", "linked_orgs", "leave")}
    read = CATALOGUE["expert-updated"].load(older, strict=False)  # a consumer reading an older producer
    assert (read["employer"], read["linked_orgs"], read["leave"]) == (None, [], [])
