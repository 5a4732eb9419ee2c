"""Where benchmarks run: the broker and database given by KAFKA_BOOTSTRAP_SERVERS / MONGODB_URI, else the embedded
ones (Tansu, SecantusDB) started for this run. Every benchmark gets databases and consumer groups of its own."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from kafka import KafkaConsumer
from kafka.structs import OffsetAndMetadata, TopicPartition

from services.common.config import Config
from services.common.events.bus import ensure_topics
from services.platform import embedded
from services.platform.topology import all_topics


@dataclass
class Stack:
    kafka: str
    mongo: str
    started: list = field(default_factory=list)
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:6])

    @classmethod
    def start(cls, tmp: Path) -> Stack:
        started = []
        kafka, mongo = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("MONGODB_URI")
        if not kafka:
            started.append(embedded.start_kafka(embedded.free_port(), tmp / "kafka.log"))
            kafka = started[-1].url
        if not mongo:
            started.append(embedded.start_mongo(embedded.free_port(), tmp / "mongo", tmp / "mongo.log"))
            mongo = started[-1].url
        stack = cls(kafka, mongo, started)
        ensure_topics(stack.config("registry"), all_topics())
        return stack

    def config(self, service: str, name: str | None = None, **overrides) -> Config:
        """A service's config with a database and consumer group of its own (`name` tells them apart)."""
        name = f"bench-{name or service}-{self.tag}"
        values = dict(
            service=service,
            mongodb_uri=self.mongo,
            mongodb_database=name.replace("-", "_"),
            kafka_bootstrap_servers=self.kafka,
            kafka_consumer_group=name,
        )  # other settings: defaults
        return Config(**(values | overrides))

    def stop(self) -> None:
        for server in reversed(self.started):
            server.stop()


def ends(bootstrap: str, topic: str) -> dict[TopicPartition, int]:
    """The true end of each partition (Tansu may report a batch's first offset + 1: read on until empty)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        parts = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(parts)
        consumer.seek_to_end(*parts)
        empty = 0
        while empty < 2:
            empty = 0 if consumer.poll(timeout_ms=150) else empty + 1
        return {tp: consumer.position(tp) for tp in parts}
    finally:
        consumer.close()


def position(bootstrap: str, group: str, offsets: dict[TopicPartition, int]) -> None:
    """Commit `offsets` for `group`, so its consumers start there."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        consumer.assign(list(offsets))
        consumer.commit({tp: OffsetAndMetadata(offset, "", -1) for tp, offset in offsets.items()})
    finally:
        consumer.close()


def wait_for(check, timeout: float, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark did not finish in time")
        time.sleep(interval)


def print_result(name: str, result: dict) -> None:
    """One line per figure: `<benchmark> <key> <value>`."""
    for key, value in result.items():
        print(f"{name} {key:28} {value:10.3f}" if isinstance(value, float) else f"{name} {key:28} {value:>10}")
