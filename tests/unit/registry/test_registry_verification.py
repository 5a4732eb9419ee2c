"""Verified qualifications (issue 11): declared by the provider, verified only by a regulator, counted only when
verified and valid; a changed certificate is unverified again; dates within a sane horizon."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from services.common.errors import Conflict, Invalid, NotFound
from services.registry.domain.providers import Residency, Status

from .registry_factories import declared, make_provider, qual

NOW = datetime(2026, 3, 1, 8, tzinfo=UTC)
TODAY = date(2026, 3, 1)


def field_of(err: Invalid) -> str:
    return err.extensions["errors"][0]["field"]


def test_a_self_declared_certificate_counts_for_nothing():
    """The abuse: an agency gives itself a 甲级 certificate; it is neither valid today nor in valid_categories."""
    made_up = declared(certificate_no="I-MADE-THIS-UP", level="甲级", valid_from="2025-01-01", valid_until="2034-12-31")
    provider = make_provider(qualifications=(made_up,))
    assert provider.valid_qualifications(TODAY) == () and provider.valid_categories(TODAY) == []
    assert provider.next_change(TODAY) is None, "an unverified certificate never changes what counts"


def test_a_regulator_verification_records_who_and_when_and_then_it_counts():
    provider = make_provider(qualifications=(declared(certificate_no="APJ-1"),))
    verified = provider.with_verified("safety_evaluation", "APJ-1", "regulator:330400", NOW)
    [q] = verified.qualifications
    assert (q.verified, q.verified_by, q.verified_at) == (True, "regulator:330400", NOW)
    assert verified.valid_categories(TODAY) == ["safety_evaluation"]


def test_verifying_an_unknown_or_verified_certificate_or_a_deregistered_provider_is_refused():
    provider = make_provider(qualifications=(declared(certificate_no="APJ-1"),))
    with pytest.raises(NotFound):
        provider.with_verified("safety_evaluation", "APJ-2", "regulator:1", NOW)
    with pytest.raises(NotFound):
        provider.with_verified("safety_training", "APJ-1", "regulator:1", NOW)
    twice = provider.with_verified("safety_evaluation", "APJ-1", "regulator:1", NOW)
    with pytest.raises(Conflict, match="verified already"):
        twice.with_verified("safety_evaluation", "APJ-1", "regulator:2", NOW)
    with pytest.raises(Conflict):
        replace(provider, status=Status.DEREGISTERED).with_verified("safety_evaluation", "APJ-1", "r", NOW)


@pytest.mark.parametrize(
    "change",
    [
        dict(certificate_no="APJ-2"),
        dict(level="甲级"),
        dict(valid_from=date(2024, 1, 1)),
        dict(valid_until=date(2027, 12, 31)),
        dict(issuer="别的发证机关"),
    ],
)
def test_changing_a_verified_certificate_makes_it_unverified(change):
    verified = qual(certificate_no="APJ-1")
    provider = make_provider(qualifications=(verified,))
    changed = provider.updated(qualifications=(replace(verified, **change),))
    [q] = changed.qualifications
    assert (q.verified, q.verified_by, q.verified_at) == (False, None, None)
    assert changed.valid_categories(TODAY) == []


def test_declaring_the_same_certificate_again_keeps_its_verification():
    verified = qual(certificate_no="APJ-1")
    provider = make_provider(qualifications=(verified,))
    as_sent = replace(verified, verified=False, verified_by=None, verified_at=None)  # a PATCH carries no verification
    again = provider.updated(qualifications=(as_sent, declared("safety_training")))
    assert [q.verified for q in again.qualifications] == [True, False]
    assert again.qualifications[0].verified_by == verified.verified_by


def test_an_update_cannot_smuggle_in_a_verification():
    forged = qual(certificate_no="FORGED")
    changed = make_provider(qualifications=()).updated(qualifications=(forged,))
    assert changed.qualifications[0].verified is False


def test_a_certificate_is_listed_once():
    with pytest.raises(Invalid) as err:
        make_provider(qualifications=(declared(certificate_no="A"), declared(certificate_no="A", level="甲级")))
    assert field_of(err.value) == "qualifications"


@pytest.mark.parametrize(
    "valid_from, valid_until, field",
    [
        ("2025-01-01", "9999-12-31", "qualifications.valid_until"),  # no longer "open-ended": refused
        ("2020-01-01", "2030-01-02", "qualifications.valid_until"),  # more than 10 years
        ("1989-12-31", "1995-01-01", "qualifications.valid_from"),
        ("2101-01-01", "2102-01-01", "qualifications.valid_from"),
    ],
)
def test_certificate_dates_beyond_the_horizon_are_refused(valid_from, valid_until, field):
    with pytest.raises(Invalid) as err:
        declared(valid_from=valid_from, valid_until=valid_until)
    assert field_of(err.value) == field


def test_ten_years_to_the_day_is_the_longest_certificate():
    assert declared(valid_from="2020-01-01", valid_until="2030-01-01").valid_on(date(2030, 1, 1))
    assert declared(valid_from="2024-02-29", valid_until="2034-02-28")


@pytest.mark.parametrize(
    "since, until, field",
    [(date(2024, 1, 1), date(9999, 12, 31), "cluster_base.until"), (date(1980, 1, 1), None, "cluster_base.since")],
)
def test_residency_dates_beyond_the_horizon_are_refused(since, until, field):
    with pytest.raises(Invalid) as err:
        Residency(since, until)
    assert field_of(err.value) == field


def test_event_data_carries_the_verification_state():
    from services.common.events.catalogue import CATALOGUE
    from services.registry.outgoing import provider_data

    provider = make_provider(qualifications=(qual(), declared("safety_training")))
    loaded = CATALOGUE["agency-updated"].load(provider_data(provider, TODAY), strict=True)
    assert [q["verified"] for q in loaded["qualifications"]] == [True, False]
    assert loaded["qualifications"][0]["verified_by"] == "regulator:330400"
    assert loaded["valid_categories"] == ["safety_evaluation"]


def test_a_consumer_reads_an_older_event_without_verification_as_unverified():
    from services.common.events.catalogue import CATALOGUE
    from services.registry.outgoing import provider_data

    data = provider_data(make_provider(), TODAY)
    for q in data["qualifications"]:
        del q["verified"], q["verified_by"], q["verified_at"]
    assert CATALOGUE["agency-updated"].load(data, strict=False)["qualifications"][0]["verified"] is False
