"""The CloudEvents Kafka protocol binding, input side: a consumed message in either content mode -> an Event.

- structured mode: the value is the whole envelope as JSON. Chosen by `content-type: application/cloudevents+json`,
  or when there is no `ce_specversion` header (the SDK's structured mode puts the datacontenttype in
  `content-type`), or when there is no `content-type` header at all (Anfu's own producers add `ce_type`,
  `ce_id`, `ce_source`, `ce_specversion` headers to a structured value).
- binary mode: a `ce_specversion` header and a `content-type` header (the datacontenttype, application/json);
  the attributes are the `ce_*` headers, the value is the data.
Outgoing events are always structured (`Event.to_bytes`, `Event.headers`).
"""

from __future__ import annotations

from services.common.events.envelope import Event, EventType, InvalidEvent, from_envelope, parse_json

CLOUDEVENTS_MEDIA = "application/cloudevents"
STRUCTURED_JSON = "application/cloudevents+json"
STRUCTURED, BINARY = "structured", "binary"


def header_map(headers) -> dict[str, bytes]:
    """Kafka headers by lower-case name (a repeated header: the last one wins)."""
    return {name.lower(): value or b"" for name, value in headers or []}


def media_type(raw: bytes) -> str:
    """`application/json; charset=utf-8` -> `application/json`."""
    return raw.decode("utf-8", "replace").split(";")[0].strip().lower()


def content_mode(headers: dict[str, bytes]) -> str:
    """STRUCTURED or BINARY, by the rules above; InvalidEvent for an event format other than JSON."""
    ctype = media_type(headers["content-type"]) if "content-type" in headers else None
    if ctype and ctype.startswith(CLOUDEVENTS_MEDIA):
        if ctype != STRUCTURED_JSON:
            raise InvalidEvent(f"unsupported event format {ctype!r}; use {STRUCTURED_JSON}")
        return STRUCTURED
    return BINARY if ctype and "ce_specversion" in headers else STRUCTURED


def envelope(value: bytes, headers) -> object:
    """The envelope of a message (attributes and data), before validation."""
    found = header_map(headers)
    if content_mode(found) == STRUCTURED:
        return parse_json(value)
    attributes = {name[3:]: raw.decode("utf-8") for name, raw in found.items() if name.startswith("ce_")}
    return {**attributes, "datacontenttype": media_type(found["content-type"]), "data": parse_json(value, "data")}


def to_event(message, catalogue: dict[str, EventType]) -> Event:
    """A consumed Kafka message as a valid event of a known type published on its own topic."""
    event = from_envelope(envelope(message.value, message.headers), catalogue)
    if event.type != message.topic:
        raise InvalidEvent(f"event type {event.type!r} published on topic {message.topic!r}")
    return event
