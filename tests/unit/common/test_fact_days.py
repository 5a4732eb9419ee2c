"""Fact days (`FactDay`): from 1990-01-01 up to the day the platform receives the fact, in every HTTP body and
every event of the catalogue that dates a fact."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, timedelta

import marshmallow as ma
import pytest

import services
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import InvalidEvent
from services.common.schemas import FACT_FLOOR, Body, FactDay, received_on

RECEIVED = date(2024, 3, 1)
#: every event field that dates a fact, by event type
EVENT_FACT_DAYS = {
    "violation-recorded": {"occurred_on", "recorded_on"},
    "inspection-completed": {"inspected_on"},
    "contract-signed": {"signed_on"},
    "contract-completed": {"signed_on", "completed_on"},
    "contract-terminated": {"signed_on", "terminated_on"},
    "expert-engagement-completed": {"completed_on"},
    "practitioner-joined": {"joined_on"},
    "practitioner-left": {"joined_on", "left_on"},
    "training-recorded": {"trained_on"},
    "talent-recorded": {"recognised_on"},
    "practitioner-registration-refused": {"employed_since", "attempted_on"},
    "subsidy-applied": {"submitted_on"},
    "subsidy-approved": {"approved_on"},
    "subsidy-paid": {"paid_on"},
    "subsidy-clawback-flagged": {"flagged_on"},
    "subsidy-recovered": {"recovered_on"},
    "subsidy-budget-topped-up": {"topped_up_on"},
}
#: every HTTP body field that dates a fact: schema -> fields
BODY_FACT_DAYS = {
    "RecordViolationSchema": {"occurred_on"},
    "RecordSpotCheckSchema": {"inspected_on"},
    "CompleteSchema": {"completed_on"},
    "TerminateSchema": {"terminated_on"},
    "InspectionCreateSchema": {"inspected_on"},
    "EngagementCompleteSchema": {"completed_on"},
    "PractitionerInSchema": {"joined_on"},
    "DepartureSchema": {"left_on"},
    "TalentInSchema": {"recognised_on"},
    "TrainingInSchema": {"trained_on"},
    "TalentSchema": {"recognised_on"},  # the answers, as the bodies were given
    "TrainingSchema": {"trained_on"},
}


class Happened(ma.Schema):
    on = FactDay(required=True)


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (RECEIVED, None),
        (RECEIVED + timedelta(days=1), "cannot be dated after the day it is received (2024-03-01)"),
        (date(2031, 1, 1), "cannot be dated after"),
        (FACT_FLOOR, None),
        (FACT_FLOOR - timedelta(days=1), "1990-01-01 or later"),
        (date(1900, 1, 1), "1990-01-01 or later"),
    ],
)
def test_a_fact_day_lies_between_1990_and_the_day_of_receipt(day, refused):
    with received_on(RECEIVED):
        if refused is None:
            assert Happened().load({"on": day.isoformat()}) == {"on": day}
        else:
            with pytest.raises(ma.ValidationError) as err:
                Happened().load({"on": day.isoformat()})
            assert refused in err.value.messages["on"][0]


def test_without_a_day_of_receipt_only_the_floor_applies():
    assert Happened().load({"on": "2999-01-01"}) == {"on": date(2999, 1, 1)}
    with pytest.raises(ma.ValidationError):
        Happened().load({"on": "1989-12-31"})


def test_the_day_of_receipt_is_restored_after_reading():
    with received_on(RECEIVED), received_on(RECEIVED - timedelta(days=5)):
        with pytest.raises(ma.ValidationError):
            Happened().load({"on": RECEIVED.isoformat()})
    with received_on(RECEIVED):
        assert Happened().load({"on": RECEIVED.isoformat()})


def _fact_fields(schema: type[ma.Schema]) -> set[str]:
    return {name for name, f in schema._declared_fields.items() if isinstance(f, FactDay)}


def test_every_event_that_dates_a_fact_bounds_it():
    found = {name: _fact_fields(t.schema) for name, t in CATALOGUE.items() if _fact_fields(t.schema)}
    assert found == EVENT_FACT_DAYS


@pytest.mark.parametrize(("name", "field"), [(n, f) for n, fs in sorted(EVENT_FACT_DAYS.items()) for f in sorted(fs)])
@pytest.mark.parametrize("day", ["2024-03-02", "1989-12-31"])
def test_an_event_dated_in_the_future_or_before_1990_is_refused_naming_the_field(name, field, day):
    schema = CATALOGUE[name].schema(partial=True, unknown=ma.EXCLUDE)
    with received_on(RECEIVED):
        assert schema.load({field: "2024-03-01"}) == {field: RECEIVED}
        with pytest.raises(ma.ValidationError) as err:
            schema.load({field: day})
    assert list(err.value.messages) == [field]


def test_an_invalid_fact_day_names_the_field_in_the_event_error():
    with received_on(RECEIVED), pytest.raises(InvalidEvent, match="occurred_on"):
        CATALOGUE["violation-recorded"].load({"occurred_on": "2024-04-01"}, strict=False)


def _bodies() -> dict[str, type[Body]]:
    """Every HTTP body schema of every service, by class name."""
    found = {}
    for module in pkgutil.walk_packages(services.__path__, "services."):
        if ".schemas" in module.name and ".common." not in module.name:
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, type) and issubclass(value, Body) and _fact_fields(value):
                    found[value.__name__] = value
    return found


def test_every_http_body_that_dates_a_fact_bounds_it():
    assert {name: _fact_fields(schema) for name, schema in _bodies().items()} == BODY_FACT_DAYS


@pytest.mark.parametrize(("name", "field"), [(n, f) for n, fs in sorted(BODY_FACT_DAYS.items()) for f in sorted(fs)])
def test_a_body_dated_after_the_request_day_is_refused_naming_the_field(name, field):
    schema = ma.Schema.from_dict({field: _bodies()[name]._declared_fields[field]})()  # the field as the body has it
    with received_on(RECEIVED):
        assert schema.load({field: "1990-01-01"}) == {field: FACT_FLOOR}
        for day in ("2024-03-02", "1989-12-31"):
            with pytest.raises(ma.ValidationError) as err:
                schema.load({field: day})
            assert list(err.value.messages) == [field]
