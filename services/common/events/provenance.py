"""Provenance of a consumed event (defence in depth behind the broker's ACLs): who published it, what it is
about and when it happened. Pure: the policy and the current moment come in as arguments.

- source: an internal type only from `/services/<producer>`; an external type also from a source starting
  with one of the configured government prefixes (ANFU_EXTERNAL_SOURCES, e.g. `/gov/`);
- subject: equal to the data's id field (`EventType.subject_field`) and to the Kafka key;
- time: not before 2000-01-01 and not more than ANFU_EVENT_MAX_FUTURE_SECONDS ahead of now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.common.config import Config
from services.common.events.envelope import Event, EventType, InvalidEvent

TIME_FLOOR = datetime(2000, 1, 1, tzinfo=UTC)


class Refused(InvalidEvent):
    """A well-formed event this consumer does not believe (it is dead-lettered with the reason)."""


@dataclass(frozen=True)
class Policy:
    """Whom a consumer believes, and how far ahead an event time may be."""

    external_sources: tuple[str, ...]
    max_future: timedelta

    @classmethod
    def from_config(cls, config: Config) -> Policy:
        prefixes = tuple(p.strip() for p in config.external_sources.split(",") if p.strip())
        return cls(prefixes, timedelta(seconds=config.event_max_future_seconds))


def check(event: Event, key: bytes | None, event_type: EventType, policy: Policy, now: datetime) -> None:
    """Raise Refused unless the event's source, subject and time are believable."""
    check_source(event, event_type, policy)
    check_subject(event, key, event_type)
    check_time(event, policy, now)


def check_source(event: Event, event_type: EventType, policy: Policy) -> None:
    if event.source in {f"/services/{producer}" for producer in event_type.producers}:
        return
    if event_type.external and event.source.startswith(policy.external_sources):
        return
    allowed = ", ".join(f"/services/{p}" for p in event_type.producers)
    if event_type.external:
        allowed += f" or a source starting with {' / '.join(policy.external_sources) or '(none configured)'}"
    raise Refused(f"source {event.source!r} may not publish {event_type.name} (allowed: {allowed})")


def check_subject(event: Event, key: bytes | None, event_type: EventType) -> None:
    about = event.data.get(event_type.subject_field)
    if about != event.subject:
        raise Refused(f"subject {event.subject!r} differs from data.{event_type.subject_field} {about!r}")
    if key != event.subject.encode():
        raise Refused(f"Kafka key {key!r} differs from subject {event.subject!r}")


def check_time(event: Event, policy: Policy, now: datetime) -> None:
    moment = datetime.fromisoformat(event.time)
    if moment < TIME_FLOOR:
        raise Refused(f"time {event.time} is before {TIME_FLOOR.date()}")
    if moment > now + policy.max_future:
        raise Refused(f"time {event.time} is more than {policy.max_future} ahead of {now.isoformat()}")
