"""Providers: validation, qualifications valid on a date, cluster base, status transitions."""

from __future__ import annotations

from datetime import date

import pytest

from services.common.errors import Conflict, Forbidden, Invalid
from services.registry.domain.providers import Residency, Staff, Status
from services.registry.domain.rules import Actor

from .registry_factories import make_provider, qual

REGULATOR, OWNER, OTHER_AGENCY = Actor("regulator"), Actor("agency", own=True), Actor("agency")


def field_of(err: Invalid) -> str:
    return err.extensions["errors"][0]["field"]


@pytest.mark.parametrize(
    "changes, field",
    [
        (dict(id="91310110666007217A"), "uscc"),
        (dict(categories=("astrology",)), "categories"),
        (dict(categories=()), "categories"),
        (dict(county="110105"), "county"),
        (dict(town="330402007"), "town"),  # a 南湖区 street under 秀洲区
        (dict(town="330411999"), "town"),
        (dict(county=None, town=None, origin=None), "county"),
        (dict(county=None, origin="上海市"), "town"),  # a town without its county
    ],
)
def test_invalid_providers_name_the_field(changes, field):
    with pytest.raises(Invalid) as err:
        make_provider(**changes)
    assert field_of(err.value) == field


@pytest.mark.parametrize(
    "changes, field",
    [
        (dict(valid_from="2026-01-02", valid_until="2026-01-01"), "qualifications.valid_until"),
        (dict(category="fortune_telling"), "qualifications.category"),
    ],
)
def test_invalid_qualifications_name_the_field(changes, field):
    with pytest.raises(Invalid) as err:
        qual(**changes)
    assert field_of(err.value) == field


def test_staff_cannot_have_more_engineers_than_people():
    with pytest.raises(Invalid) as err:
        Staff(3, 4)
    assert field_of(err.value) == "staff.safety_engineers"


def test_an_agency_from_outside_records_its_origin():
    provider = make_provider(county=None, town=None, origin="上海市")
    assert provider.origin == "上海市" and provider.county is None


def test_qualification_is_valid_on_its_first_and_last_day_only():
    q = qual(valid_from="2025-01-01", valid_until="2025-12-31")
    assert [
        q.valid_on(date(2024, 12, 31)),
        q.valid_on(date(2025, 1, 1)),
        q.valid_on(date(2025, 12, 31)),
        q.valid_on(date(2026, 1, 1)),
    ] == [False, True, True, False]


def test_valid_categories_on_a_date():
    provider = make_provider(
        qualifications=(
            qual("safety_evaluation", valid_until="2025-06-30"),
            qual("safety_training", valid_from="2025-06-01"),
        )
    )
    assert provider.valid_categories(date(2025, 5, 1)) == ["safety_evaluation"]
    assert provider.valid_categories(date(2025, 6, 15)) == ["safety_evaluation", "safety_training"]
    assert provider.valid_categories(date(2025, 7, 1)) == ["safety_training"]


def test_cluster_base_residency_since_until():
    provider = make_provider(cluster_base=Residency(date(2024, 1, 1), date(2025, 12, 31)))
    assert provider.resident_on(date(2025, 12, 31)) and not provider.resident_on(date(2026, 1, 1))
    assert not make_provider(cluster_base=None).resident_on(date(2025, 1, 1))
    with pytest.raises(Invalid):
        Residency(date(2025, 1, 1), date(2024, 1, 1))


def test_next_change_is_the_day_after_a_lapse_or_a_start():
    provider = make_provider(
        qualifications=(
            qual(valid_from="2025-01-01", valid_until="2025-06-30"),
            qual(valid_from="2025-09-01", valid_until="2027-01-01"),
        ),
        cluster_base=Residency(date(2024, 1, 1), date(2025, 8, 1)),
    )
    assert provider.next_change(date(2025, 3, 1)) == date(2025, 7, 1)
    assert provider.next_change(date(2025, 7, 1)) == date(2025, 8, 2)
    assert provider.next_change(date(2025, 8, 2)) == date(2025, 9, 1)
    assert provider.next_change(date(2027, 1, 2)) is None


def test_an_open_residency_never_lapses():
    provider = make_provider(qualifications=(), cluster_base=Residency(date(2024, 1, 1)))
    assert provider.next_change(date(2025, 3, 1)) is None


def test_regulator_suspends_and_reinstates():
    suspended = make_provider().moved_to(Status.SUSPENDED, REGULATOR)
    assert suspended.status == Status.SUSPENDED
    assert suspended.moved_to(Status.ACTIVE, REGULATOR).status == Status.ACTIVE


@pytest.mark.parametrize("actor", [OWNER, OTHER_AGENCY, Actor("enterprise")])
def test_only_regulator_or_admin_suspends(actor):
    with pytest.raises(Forbidden):
        make_provider().moved_to(Status.SUSPENDED, actor)
    assert make_provider().moved_to(Status.SUSPENDED, Actor("admin")).status == Status.SUSPENDED


def test_owner_may_deregister_but_not_reinstate_itself():
    suspended = make_provider(status=Status.SUSPENDED)
    with pytest.raises(Forbidden):
        suspended.moved_to(Status.ACTIVE, OWNER)
    assert suspended.moved_to(Status.DEREGISTERED, OWNER).status == Status.DEREGISTERED


@pytest.mark.parametrize("target", list(Status))
def test_deregistered_is_final(target):
    gone = make_provider(status=Status.DEREGISTERED)
    with pytest.raises(Conflict):
        gone.moved_to(target, Actor("admin"))
    with pytest.raises(Conflict):
        gone.updated(name="新名字")


def test_update_keeps_identity_and_validates():
    provider = make_provider().updated(name="新名字", categories=("safety_consulting",))
    assert provider.name == "新名字" and provider.id == make_provider().id
    with pytest.raises(Invalid):
        make_provider().updated(status=Status.ACTIVE)
    with pytest.raises(Invalid):
        make_provider().updated(town="330402007")


def test_event_data_matches_the_catalogue_strictly():
    from services.common.events.catalogue import CATALOGUE
    from services.registry.outgoing import provider_data

    data = provider_data(make_provider(), date(2026, 1, 1))
    loaded = CATALOGUE["agency-updated"].load(data, strict=True)
    assert loaded["valid_categories"] == ["safety_evaluation"] and loaded["cluster_base"] is True
    assert "contacts" not in loaded and loaded["agency_id"] == loaded["uscc"]


def test_documents_round_trip():
    from services.common.storage.mapping import from_plain, to_plain
    from services.registry.domain.providers import Provider

    provider = make_provider(cluster_base=Residency(date(2024, 1, 1), date(2025, 1, 1)))
    assert from_plain(Provider, to_plain(provider)) == provider
