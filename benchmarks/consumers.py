"""Each consuming service's worker against two raw kafka-python consumers, on the same events in the same run.

Baselines (the speed of the parts): the kit's consumer settings (`bus.make_consumer`), one `insert_one` per
message, and a synchronous offset commit per message, or one per poll batch. A worker is started as in
production (`worker.start`: consumer, relay, jobs) and timed until its inbox holds every event. Each consumer
reads the same events from the same offsets, in its own consumer group and database.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from kafka import KafkaProducer
from kafka.structs import OffsetAndMetadata

from benchmarks.stack import Stack, ends, position, wait_for
from services.common.events.bus import make_consumer
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from services.common.messaging.worker import Worker, start
from services.common.storage.context import ServiceContext
from services.common.storage.mongo import Mongo
from services.common.storage.store import INBOX
from services.credit.worker import WORKER as CREDIT
from services.matching.worker import WORKER as MATCHING

GOV = "/gov/enforcement/330400"


def violations(agencies: list[str], n: int) -> list[Event]:
    """`n` violation-recorded, the agencies in turn (the issue's load: 3,000 over 100 agencies)."""
    return [
        new_event(
            CATALOGUE["violation-recorded"],
            agencies[i % len(agencies)],
            {
                "violation_id": f"v-bench-{i}",
                "agency_id": agencies[i % len(agencies)],
                "severity": "minor",
                "code": "late-report",
                "description": "benchmark",
                "occurred_on": "2026-11-01",
                "recorded_by": "bench",
            },
            GOV,
        )
        for i in range(n)
    ]


def ratings(agencies: list[str], n: int) -> list[Event]:
    """`n` rating-changed from credit, the agencies in turn."""
    return [
        new_event(
            CATALOGUE["rating-changed"],
            agencies[i % len(agencies)],
            {
                "agency_id": agencies[i % len(agencies)],
                "as_of": "2026-11-01",
                "old_score": None,
                "new_score": 60 + i % 40,
                "old_grade": None,
                "new_grade": "B",
                "reasons": ["benchmark"],
                "interview_required": False,
                "rule_version": "bench",
            },
            "/services/credit",
        )
        for i in range(n)
    ]


@dataclass
class WorkerBench:
    """A consuming service's worker and the events it is measured on (one topic)."""

    worker: Worker
    topic: str
    events: Callable[[list[str], int], list[Event]]


#: every consuming service's worker; a new consumer adds its line here
WORKERS = [WorkerBench(CREDIT, "violation-recorded", violations), WorkerBench(MATCHING, "rating-changed", ratings)]


def publish(stack: Stack, topic: str, events: list[Event]) -> dict:
    """Publish the events (key = subject); the offsets every consumer starts from."""
    starts = ends(stack.kafka, topic)
    producer = KafkaProducer(bootstrap_servers=stack.kafka, acks="all", linger_ms=5)
    for event in events:
        producer.send(topic, key=event.key, value=event.to_bytes(), headers=event.headers)
    producer.flush()
    producer.close()
    return starts


def raw(stack: Stack, topic: str, starts: dict, n: int, per_message: bool) -> float:
    """Events/s of a raw consumer: insert_one per message, a synchronous commit per message or per poll batch."""
    config = stack.config("notify", f"raw-{topic}-{'message' if per_message else 'batch'}")
    position(stack.kafka, config.consumer_group, starts)
    consumer, mongo = make_consumer(config, [topic]), Mongo(config.mongodb_uri, config.database)
    handled, began = 0, None
    while handled < n:
        polled = consumer.poll(timeout_ms=500)
        began = began or (polled and time.perf_counter())
        for tp, messages in polled.items():
            for message in messages:
                mongo.db["effects"].insert_one({"_id": f"{message.partition}:{message.offset}", "key": message.key})
                if per_message:
                    consumer.commit({tp: OffsetAndMetadata(message.offset + 1, "", -1)})
            if not per_message:
                consumer.commit({tp: OffsetAndMetadata(messages[-1].offset + 1, "", -1)})
            handled += len(messages)
    elapsed = time.perf_counter() - began
    consumer.close()
    mongo.client.drop_database(config.database)
    mongo.close()
    return n / elapsed


def worker(stack: Stack, bench: WorkerBench, starts: dict, n: int) -> float:
    """Events/s of the service's worker, from the consumer's first poll until its inbox holds every event."""
    config = stack.config(bench.worker.service, f"worker-{bench.worker.service}", kafka_auto_offset_reset="latest")
    position(stack.kafka, config.consumer_group, starts)
    ctx = ServiceContext(config)
    running = start(ctx, bench.worker)
    running.runner.ready.wait(60)
    began = time.perf_counter()
    wait_for(lambda: ctx.db[INBOX].count_documents({}) >= n, timeout=max(600, n), interval=0.02)
    elapsed = time.perf_counter() - began
    running.shutdown()
    ctx.mongo.client.drop_database(config.database)
    ctx.close()
    return n / elapsed


def run(stack: Stack, size: int) -> None:
    """For each consuming worker: both baselines and the worker on `size` events over size/30 agencies."""
    agencies = [f"agency-{stack.tag}-{i}" for i in range(max(size // 30, 1))]
    for bench in WORKERS:
        starts = publish(stack, bench.topic, bench.events(agencies, size))
        per_message = raw(stack, bench.topic, starts, size, per_message=True)
        per_batch = raw(stack, bench.topic, starts, size, per_message=False)
        applied = worker(stack, bench, starts, size)
        name = bench.worker.service
        print(
            f"{bench.topic}: {size} events over {len(agencies)} agencies, events/s: raw per-message-commit "
            f"{per_message:.0f}, raw batch-commit {per_batch:.0f}, {name} worker {applied:.0f}"
        )
        print(f"{name} worker / raw per-message-commit baseline = {applied / per_message:.2f}  (target >= 1.0)")
        print(f"{name} worker / raw batch-commit baseline = {applied / per_batch:.2f}  (target >= 0.5)")
