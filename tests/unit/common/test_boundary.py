"""The event boundary without a broker: content modes (via the official CloudEvents SDK), provenance checks,
the dead-letter record and its copy for the DLQ topic."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from cloudevents.v1.http import CloudEvent
from cloudevents.v1.kafka import to_binary, to_structured

from services.common.clock import isotime
from services.common.config import Config
from services.common.events.binding import BINARY, STRUCTURED, content_mode, header_map, to_event
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, InvalidEvent
from services.common.events.provenance import Policy, Refused, check
from services.common.messaging.deadletters.letters import DLQ_VALUE_MAX, dlq_copy, letter_id, new_letter
from tests.support.effect_worker import violation

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
POLICY = Policy.from_config(Config(service="notify"))


@dataclass
class Message:
    """The fields of a consumed record the kit reads."""

    topic: str
    value: bytes | None
    key: bytes | None = None
    headers: list = field(default_factory=list)
    partition: int = 0
    offset: int = 7


def sdk_event(**attrs) -> CloudEvent:
    event = violation("agency-sdk")
    body = event.to_dict()
    attributes = {k: body[k] for k in ("type", "source", "subject", "id", "time")}
    attributes.update(datacontenttype="application/json", dataversion="1", partitionkey="agency-sdk", **attrs)
    return CloudEvent(attributes, body["data"])


def from_sdk(kafka_message) -> Message:
    return Message(
        "violation-recorded", kafka_message.value, kafka_message.key.encode(), list(kafka_message.headers.items())
    )


def test_the_sdks_binary_mode_is_read():
    message = from_sdk(to_binary(sdk_event()))
    assert content_mode(header_map(message.headers)) == BINARY
    event = to_event(message, CATALOGUE)
    assert (event.subject, event.data["agency_id"], event.dataversion) == ("agency-sdk", "agency-sdk", 1)


def test_the_sdks_structured_mode_is_read_with_or_without_the_cloudevents_content_type():
    message = from_sdk(to_structured(sdk_event()))
    assert content_mode(header_map(message.headers)) == STRUCTURED
    assert to_event(message, CATALOGUE).subject == "agency-sdk"
    tagged = Message("violation-recorded", message.value, headers=[("content-type", b"application/cloudevents+json")])
    assert to_event(tagged, CATALOGUE).subject == "agency-sdk"


def test_anfus_own_messages_stay_structured_despite_their_ce_headers():
    event = violation()
    assert content_mode(header_map(event.headers)) == STRUCTURED
    assert to_event(Message(event.topic, event.to_bytes(), headers=event.headers), CATALOGUE).id == event.id


def test_binary_mode_with_bad_data_or_another_format_is_invalid():
    message = from_sdk(to_binary(sdk_event()))
    with pytest.raises(InvalidEvent, match="data not JSON"):
        to_event(Message(message.topic, b"{nope", headers=message.headers), CATALOGUE)
    with pytest.raises(InvalidEvent, match="unsupported event format"):
        content_mode({"content-type": b"application/cloudevents+avro"})


def test_an_event_time_without_a_utc_form_is_invalid_not_an_overflow():
    body = {**violation().to_dict(), "time": "0001-01-01T00:00:00+01:00"}
    with pytest.raises(InvalidEvent, match="time out of range"):
        to_event(Message("violation-recorded", json.dumps(body).encode()), CATALOGUE)


def believe(event, key=None, now=NOW, policy=POLICY):
    check(event, event.key if key is None else key, CATALOGUE[event.type], policy, now)


def test_external_types_are_believed_from_government_sources_and_their_producer_only():
    believe(violation(time=isotime(NOW)))
    believe(violation(source="/services/credit", time=isotime(NOW)))
    for source in ("/evil/laptop", "/services/matching", "/gov"):
        with pytest.raises(Refused, match="may not publish"):
            believe(violation(source=source, time=isotime(NOW)))
    with pytest.raises(Refused, match="none configured"):
        believe(violation(time=isotime(NOW)), policy=Policy((), timedelta(minutes=5)))


def test_internal_types_are_believed_from_their_producers_only():
    assert CATALOGUE["inspection-completed"].producers == ("matching", "credit")
    envelope = violation(time=isotime(NOW)).to_dict()
    rating = Event(**{**envelope, "type": "rating-changed", "source": "/services/credit"})
    check(rating, rating.key, CATALOGUE["rating-changed"], POLICY, NOW)
    forged = Event(**{**envelope, "type": "rating-changed", "source": "/gov/enforcement/1"})
    with pytest.raises(Refused, match="may not publish rating-changed"):
        check(forged, forged.key, CATALOGUE["rating-changed"], POLICY, NOW)


def test_the_subject_must_be_the_data_id_and_the_key():
    event = violation("agency-a", time=isotime(NOW))
    other = Event(**{**event.to_dict(), "subject": "agency-b"})
    with pytest.raises(Refused, match="differs from data.agency_id"):
        believe(other)
    with pytest.raises(Refused, match="Kafka key"):
        believe(event, key=b"agency-b")


@pytest.mark.parametrize(
    "moment, refused",
    [
        (NOW + timedelta(minutes=4), False),
        (NOW + timedelta(minutes=6), True),
        (datetime(1999, 12, 31, 23, tzinfo=UTC), True),
        (datetime(2000, 1, 1, tzinfo=UTC), False),
    ],
)
def test_the_time_must_be_sane(moment, refused):
    event = violation(time=isotime(moment))
    if refused:
        with pytest.raises(Refused, match="time"):
            believe(event)
    else:
        believe(event)


def test_every_catalogue_type_names_a_subject_field_of_its_data():
    for event_type in CATALOGUE.values():
        assert event_type.subject_field in event_type.schema().fields, event_type.name


def test_a_large_dead_letter_is_truncated_on_the_topic_and_points_to_the_stored_record():
    value = b"x" * (DLQ_VALUE_MAX + 1)
    message = Message("violation-recorded", value, b"k", [("ce_id", b"1"), ("huge", b"h" * 70_000)])
    letter = new_letter(message, OverflowError("date value out of range"), "notify", NOW)
    copy, headers, truncated = dlq_copy(letter, value)
    found = dict(headers)
    assert truncated and len(copy) == DLQ_VALUE_MAX and "huge" not in found
    assert found["dlq_id"] == letter_id(message).encode() and found["dlq_size"] == str(len(value)).encode()
    assert found["dlq_error_class"] == b"OverflowError" and found["dlq_truncated"] == b"true"
    small = Message("violation-recorded", b"{}", b"k", [("ce_id", b"1")])
    copy, headers, truncated = dlq_copy(new_letter(small, ValueError(), "notify", NOW), b"{}")
    assert (copy, truncated, dict(headers)["ce_id"]) == (b"{}", False, b"1")
    assert dict(headers)["dlq_error"] == b"ValueError"  # an empty message still has a reason
