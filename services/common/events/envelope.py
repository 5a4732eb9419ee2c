"""The integration-event envelope (CloudEvents 1.0) and the event catalogue types.

An event is a plain named fact. Producers are strict (data must match the catalogue schema);
consumers read tolerantly (unknown fields are dropped). Kafka topic = event type, key = subject.
How a consumed message becomes an envelope (structured or binary content mode): `binding.py`.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC

import marshmallow as ma
from marshmallow import EXCLUDE, RAISE, validate

from services.common.clock import isotime

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"


class InvalidEvent(ValueError):
    """A message that is not a valid event of a known type (it goes to the dead-letter topic)."""


@dataclass(frozen=True)
class EventType:
    """One entry of the catalogue: a named fact, its data schema and version, who may publish it.

    `subject_field` names the data field the envelope `subject` (= Kafka key) must equal.
    """

    name: str
    schema: type[ma.Schema]
    producer: str
    summary: str
    subject_field: str
    version: int = 1
    external: bool = False  # may also be published by integrated government systems
    co_producers: tuple[str, ...] = ()  # other services that publish it too

    @property
    def producers(self) -> tuple[str, ...]:
        return (self.producer, *self.co_producers)

    def load(self, data: dict, *, strict: bool) -> dict:
        """Validate data; return it normalised as JSON-ready values (unknown fields dropped unless strict)."""
        schema = _schema(self.schema, strict)
        try:
            return schema.dump(schema.load(data))
        except ma.ValidationError as err:
            raise InvalidEvent(f"{self.name} data: {err.messages}") from err


_SCHEMAS: dict[tuple[type[ma.Schema], bool], ma.Schema] = {}
_SCHEMAS_LOCK = threading.Lock()


def _schema(schema_class: type[ma.Schema], strict: bool) -> ma.Schema:
    """One schema instance per data schema and mode, built once (marshmallow schemas are reusable, and building
    one deep-copies every field: most of an event's decoding cost)."""
    key = (schema_class, strict)
    schema = _SCHEMAS.get(key)
    if schema is None:
        with _SCHEMAS_LOCK:
            schema = _SCHEMAS.get(key)
            if schema is None:
                schema = schema_class(unknown=RAISE if strict else EXCLUDE)
                if not strict:
                    _exclude_unknown(schema)
                _SCHEMAS[key] = schema
    return schema


def _exclude_unknown(schema: ma.Schema) -> None:
    """Make nested schemas tolerant too (marshmallow's `unknown` does not propagate)."""
    for f in schema.fields.values():
        inner = f.inner if isinstance(f, ma.fields.List) else f
        if isinstance(inner, ma.fields.Nested):
            inner.unknown = EXCLUDE
            _exclude_unknown(inner.schema)


@dataclass(frozen=True)
class Event:
    """A CloudEvents envelope."""

    type: str
    subject: str
    data: dict
    source: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: str = field(default_factory=isotime)
    dataversion: int = 1
    specversion: str = SPECVERSION
    datacontenttype: str = CONTENT_TYPE

    def to_dict(self) -> dict:
        return asdict(self)

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()

    @property
    def topic(self) -> str:
        return self.type

    @property
    def key(self) -> bytes:
        return self.subject.encode()

    @property
    def headers(self) -> list[tuple[str, bytes]]:
        return [
            ("ce_type", self.type.encode()),
            ("ce_id", self.id.encode()),
            ("ce_source", self.source.encode()),
            ("ce_specversion", SPECVERSION.encode()),
        ]


class EnvelopeSchema(ma.Schema):
    """The envelope attributes every event carries (documented in AsyncAPI)."""

    class Meta:
        unknown = EXCLUDE

    specversion = ma.fields.String(required=True, validate=validate.Equal(SPECVERSION))
    id = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "unique id of this event (uuid); consumers deduplicate on it"},
    )
    source = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "producer, e.g. /services/matching or /gov/enforcement/330411"},
    )
    type = ma.fields.String(required=True, metadata={"description": "event type = Kafka topic"})
    subject = ma.fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "id of the agency or thing the event is about = Kafka key"},
    )
    time = ma.fields.AwareDateTime(
        required=True, format="iso", default_timezone=UTC, metadata={"description": "when it happened, UTC RFC 3339"}
    )
    datacontenttype = ma.fields.String(load_default=CONTENT_TYPE, validate=validate.Equal(CONTENT_TYPE))
    dataversion = ma.fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "version of the data schema"}
    )
    data = ma.fields.Dict(required=True)


def new_event(event_type: EventType, subject: str, data: dict, source: str, **attrs) -> Event:
    """Build an outgoing event; its data must match the catalogue schema exactly."""
    return Event(
        type=event_type.name,
        subject=str(subject),
        data=event_type.load(data, strict=True),
        source=source,
        dataversion=event_type.version,
        **attrs,
    )


def parse_json(raw: bytes, what: str = "value") -> object:
    """JSON from bytes, or InvalidEvent."""
    try:
        return json.loads(raw)
    except (TypeError, ValueError, UnicodeDecodeError) as err:
        raise InvalidEvent(f"{what} not JSON: {err}") from err


def decode(raw: bytes, catalogue: dict[str, EventType]) -> Event:
    """Parse and validate a structured-mode message value (the whole envelope as JSON)."""
    return from_envelope(parse_json(raw), catalogue)


def from_envelope(body: object, catalogue: dict[str, EventType]) -> Event:
    """Validate envelope attributes and data; raise InvalidEvent for anything that is not a known, valid event."""
    if not isinstance(body, dict):
        raise InvalidEvent("not a JSON object")
    try:
        envelope = EnvelopeSchema().load(body)
    except ma.ValidationError as err:
        raise InvalidEvent(f"envelope: {err.messages}") from err
    event_type = catalogue.get(envelope["type"])
    if event_type is None:
        raise InvalidEvent(f"unknown event type {envelope['type']!r}")
    try:
        time = isotime(envelope["time"])
    except OverflowError as err:  # e.g. 0001-01-01T00:00:00+01:00 has no UTC form
        raise InvalidEvent(f"envelope: time out of range: {err}") from err
    return Event(
        type=envelope["type"],
        subject=envelope["subject"],
        source=envelope["source"],
        id=envelope["id"],
        time=time,
        dataversion=envelope["dataversion"],
        data=event_type.load(envelope["data"], strict=False),
    )
