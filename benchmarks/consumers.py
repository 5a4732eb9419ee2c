"""Each consuming service's worker against two raw kafka-python consumers, on the same events in the same run.

The load: at least 3,000 events over 100 agencies (the issue's figure; `--size` more). Baselines (the speed of
the parts): the kit's consumer settings (`bus.make_consumer`: the worker's), one `insert_one` per message, and a
synchronous offset commit per message (A), or one per poll batch (B). Their MongoDB client has the kit's settings
(`Mongo`) with retryable writes off: the worker's writes are all in transactions, where retryable writes do not
apply, so the baselines do not pay for them either (with them on, SecantusDB slowed the baselines run after run).
A worker is started as in production (`worker.start`: consumer, relay, jobs) and timed until its consumer group
has committed every event, read from Kafka every 20 ms (the worker commits after its transaction): nothing is
asked of the database under test. Each consumer reads the same events from the same offsets, in its own consumer
group and database. A, B and the worker run in rotated order (ABW, BWA, WAB), three rounds; medians with min, max.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pymongo
from kafka import KafkaConsumer, KafkaProducer
from kafka.structs import OffsetAndMetadata

from benchmarks.stack import Stack, ends, position, wait_for
from services.common.events.bus import make_consumer
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from services.common.messaging.worker import Worker, start
from services.common.storage.context import ServiceContext
from services.credit.worker import WORKER as CREDIT
from services.matching.worker import WORKER as MATCHING

GOV = "/gov/enforcement/330400"
HEADLINE, ROUNDS = 3000, 3


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
    config = stack.config("notify", f"raw-{topic}-{'message' if per_message else 'batch'}-{uuid.uuid4().hex[:6]}")
    position(stack.kafka, config.consumer_group, starts)
    consumer, client = make_consumer(config, [topic]), baseline_client(config)
    handled, began = 0, None
    while handled < n:
        polled = consumer.poll(timeout_ms=500)
        began = began or (polled and time.perf_counter())
        for tp, messages in polled.items():
            for message in messages:
                client[config.database]["effects"].insert_one(
                    {"_id": f"{message.partition}:{message.offset}", "key": message.key}
                )
                if per_message:
                    consumer.commit({tp: OffsetAndMetadata(message.offset + 1, "", -1)})
            if not per_message:
                consumer.commit({tp: OffsetAndMetadata(messages[-1].offset + 1, "", -1)})
            handled += len(messages)
    elapsed = time.perf_counter() - began
    consumer.close()
    client.drop_database(config.database)
    client.close()
    return n / elapsed


def baseline_client(config) -> pymongo.MongoClient:
    """The kit's client settings (`Mongo.client`) with retryable writes off, as in the worker's transactions."""
    return pymongo.MongoClient(config.mongodb_uri, tz_aware=True, uuidRepresentation="standard", retryWrites=False)


def committed(bootstrap: str, group: str, starts: dict) -> int:
    """Events the group has committed past `starts` (read from Kafka, not from the database under test)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        return sum((consumer.committed(tp) or offset) - offset for tp, offset in starts.items())
    finally:
        consumer.close()


def worker(stack: Stack, bench: WorkerBench, starts: dict, n: int) -> float:
    """Events/s of the service's worker, from the consumer's first poll until its group committed every event."""
    name = f"worker-{bench.worker.service}-{uuid.uuid4().hex[:6]}"
    config = stack.config(bench.worker.service, name, kafka_auto_offset_reset="latest")
    position(stack.kafka, config.consumer_group, starts)
    ctx = ServiceContext(config)
    running = start(ctx, bench.worker)
    running.runner.ready.wait(60)
    began = time.perf_counter()
    wait_for(lambda: committed(stack.kafka, config.consumer_group, starts) >= n, timeout=max(600, n), interval=0.02)
    elapsed = time.perf_counter() - began
    running.shutdown()
    ctx.mongo.client.drop_database(config.database)
    ctx.close()
    return n / elapsed


def rounds(stack: Stack, bench: WorkerBench, starts: dict, n: int) -> dict[str, list[float]]:
    """A (per-message commit), B (batch commit) and the worker, in rotated order, ROUNDS times: events/s."""
    runs = {
        "A": lambda: raw(stack, bench.topic, starts, n, per_message=True),
        "B": lambda: raw(stack, bench.topic, starts, n, per_message=False),
        "W": lambda: worker(stack, bench, starts, n),
    }
    found: dict[str, list[float]] = {k: [] for k in runs}
    for r in range(ROUNDS):
        for key in "ABWAB"[r : r + 3]:
            found[key].append(runs[key]())
    return found


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def ratio(worker_rates: list[float], baseline: list[float]) -> str:
    """The worker's median over the baseline's, and the lowest and highest of the rounds' ratios."""
    each = [w / b for w, b in zip(worker_rates, baseline)]
    return f"{statistics.median(worker_rates) / statistics.median(baseline):.2f} ({min(each):.2f}–{max(each):.2f})"


def run(stack: Stack, size: int) -> None:
    """For each consuming worker: both baselines and the worker on max(size, 3,000) events over size/30 agencies."""
    size = max(size, HEADLINE)
    agencies = [f"agency-{stack.tag}-{i}" for i in range(size // 30)]
    for bench in WORKERS:
        starts = publish(stack, bench.topic, bench.events(agencies, size))
        found = rounds(stack, bench, starts, size)
        name = bench.worker.service
        print(
            f"{bench.topic}: {size} events over {len(agencies)} agencies, {ROUNDS} rounds (ABW, BWA, WAB), events/s "
            f"median (min–max): raw per-message-commit {spread(found['A'])}, raw batch-commit {spread(found['B'])}, "
            f"{name} worker {spread(found['W'])}"
        )
        print(f"{name} worker / raw per-message-commit baseline = {ratio(found['W'], found['A'])}  (target >= 1.0)")
        print(f"{name} worker / raw batch-commit baseline = {ratio(found['W'], found['B'])}  (target >= 0.5)")
