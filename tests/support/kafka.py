"""Test helpers that talk to the real broker: a probe reading topics from their current end, raw publishing,
and positioning a consumer group at the end so a worker started later sees only this test's events."""

from __future__ import annotations

import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.structs import OffsetAndMetadata, TopicPartition

from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, decode

#: the consumer session timeout of the workers tests start (default 6 s): Tansu answers a consumer's JoinGroup
#: after about half of it, rounded up to a second, so a worker starts consuming 1-2 s after it starts, not 3
SESSION_TIMEOUT_MS = 2000


def _partitions(consumer: KafkaConsumer, topics: list[str]) -> list[TopicPartition]:
    deadline = time.monotonic() + 30
    while True:
        parts = [TopicPartition(t, p) for t in topics for p in (consumer.partitions_for_topic(t) or ())]
        if parts and all(consumer.partitions_for_topic(t) for t in topics):
            return parts
        if time.monotonic() > deadline:
            raise TimeoutError(f"no partitions for {topics}")
        time.sleep(0.2)


def _seek_to_true_end(consumer: KafkaConsumer, parts: list[TopicPartition]) -> dict[TopicPartition, int]:
    """Seek to the end and read past anything the broker's end offset missed.

    The embedded Tansu broker reports a partition's end as the first offset of its last batch + 1, so a batch
    of several records can leave a reader short of the real end; draining until a poll comes back empty fixes it.
    """
    consumer.seek_to_end(*parts)
    empty = 0
    while empty < 2:
        empty = 0 if consumer.poll(timeout_ms=150) else empty + 1
    return {tp: consumer.position(tp) for tp in parts}


class Probe:
    """Reads the given topics from their end at creation time."""

    def __init__(self, bootstrap: str, topics: list[str]):
        self.consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        parts = _partitions(self.consumer, topics)
        self.consumer.assign(parts)
        _seek_to_true_end(self.consumer, parts)
        self.seen = []

    def wait_for(self, predicate, count: int = 1, timeout: float = 30.0) -> list:
        """Raw messages matching `predicate`, waiting until `count` arrived (TimeoutError otherwise)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for messages in self.consumer.poll(timeout_ms=200).values():
                self.seen.extend(messages)
            found = [m for m in self.seen if predicate(m)]
            if len(found) >= count:
                return found
        raise TimeoutError(f"saw {len([m for m in self.seen if predicate(m)])} of {count} messages")

    def events(self, event_type: str, count: int = 1, timeout: float = 30.0, **match) -> list[Event]:
        """Decoded events of a type whose data has the given field values."""

        def wanted(message):
            if message.topic != event_type:
                return False
            try:
                event = decode(message.value, CATALOGUE)
            except ValueError:
                return False
            return all(event.data.get(k) == v or (k == "subject" and event.subject == v) for k, v in match.items())

        return [decode(m.value, CATALOGUE) for m in self.wait_for(wanted, count, timeout)]

    def close(self) -> None:
        self.consumer.close()


def position_group_at_end(bootstrap: str, group: str, topics: list[str]) -> None:
    """Commit the group's offsets at the current end of each topic."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        parts = _partitions(consumer, topics)
        consumer.assign(parts)
        ends = _seek_to_true_end(consumer, parts)
        consumer.commit({tp: OffsetAndMetadata(offset, "", -1) for tp, offset in ends.items()})
    finally:
        consumer.close()


def committed(bootstrap: str, group: str, topic: str) -> dict[int, int | None]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        return {tp.partition: consumer.committed(tp) for tp in _partitions(consumer, [topic])}
    finally:
        consumer.close()


def producer(bootstrap: str) -> KafkaProducer:
    return KafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False, acks="all")
