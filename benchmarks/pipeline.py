"""The event pipeline on the real broker and database.

Measures, for N events: transactional writes with their outbox entry (commits/s), the relay draining the
outbox to Kafka (events/s), the consumer applying them through the inbox (events/s); then, with the relay
running, the end-to-end latency of single events from commit to applied effect (p50/p95 of 40).
Numbers on SecantusDB are not MongoDB's: compare runs with each other, not with mongod.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid

from benchmarks.stack import Stack
from services.common.clock import utcnow
from services.common.config import Config
from services.common.events.bus import ensure_topics
from services.common.messaging.consumer import ConsumerRunner
from services.common.messaging.outbox import OutboxRelay
from services.common.storage.context import ServiceContext
from services.platform.topology import all_topics


def record(event, uow) -> None:
    uow["effects"].insert_one({"_id": event.id, "handled_at": utcnow()}, session=uow.session)


def write(ctx: ServiceContext, key: str) -> None:
    """One state change and its event in one transaction."""
    with ctx.uow() as uow:
        agency = f"agency-{hash(key) % 50}"
        uow["violations"].insert_one({"_id": key}, session=uow.session)
        uow.publish(
            "violation-recorded",
            agency,
            {
                "violation_id": key,
                "agency_id": agency,
                "severity": "minor",
                "code": "late-report",
                "description": "benchmark",
                "occurred_on": "2026-11-01",
                "recorded_by": "bench",
            },
        )


def latency(producer_ctx: ServiceContext, consumer_ctx: ServiceContext, tag: str, samples: int = 40) -> list[float]:
    stop = threading.Event()
    threading.Thread(target=OutboxRelay(producer_ctx).run, args=(stop,), daemon=True).start()
    found = []
    for i in range(samples):
        started = time.perf_counter()
        write(producer_ctx, f"{tag}-lat-{i}")
        event_id = producer_ctx.db["outbox"].find_one({"envelope.data.violation_id": f"{tag}-lat-{i}"})["event_id"]
        while not consumer_ctx.db["effects"].find_one({"_id": event_id}):
            time.sleep(0.005)
        found.append(time.perf_counter() - started)
    stop.set()
    return found


def bench(n: int, kafka: str, mongo: str) -> dict:
    tag = uuid.uuid4().hex[:8]
    base = dict(mongodb_uri=mongo, kafka_bootstrap_servers=kafka, outbox_poll_seconds=0.05)
    producer_ctx = ServiceContext(Config(service="credit", mongodb_database=f"bench_credit_{tag}", **base))
    consumer_ctx = ServiceContext(
        Config(
            service="notify",
            mongodb_database=f"bench_notify_{tag}",
            kafka_consumer_group=f"bench-{tag}",
            kafka_auto_offset_reset="latest",
            **base,
        )
    )
    ensure_topics(producer_ctx.config, all_topics())
    for ctx in (producer_ctx, consumer_ctx):
        ctx.mongo.ensure_kit_indexes()
    stop = threading.Event()
    runner = ConsumerRunner(consumer_ctx, {"violation-recorded": [record]})
    runner.start()
    threading.Thread(target=runner.run, args=(stop,), daemon=True).start()
    runner.ready.wait(60)

    started = time.perf_counter()
    for i in range(n):
        write(producer_ctx, f"{tag}-{i}")
    written = time.perf_counter()
    relay = OutboxRelay(producer_ctx, batch=200)
    while relay.run_once():
        pass
    relayed = time.perf_counter()
    while consumer_ctx.db["effects"].count_documents({}) < n:
        time.sleep(0.05)
    consumed = time.perf_counter()
    quantiles = statistics.quantiles(latency(producer_ctx, consumer_ctx, tag), n=20)
    stop.set()
    for ctx in (producer_ctx, consumer_ctx):
        ctx.mongo.client.drop_database(ctx.config.database)
        ctx.close()
    return {
        "events": n,
        "commits_per_s": n / (written - started),
        "relay_events_per_s": n / (relayed - written),
        "consume_events_per_s": n / (consumed - written),
        "latency_p50_s": quantiles[9],
        "latency_p95_s": quantiles[18],
    }


def run(stack: Stack, size: int) -> None:
    """Print the pipeline's figures for `size` events (at most 500: its rates do not depend on the count)."""
    result = bench(min(size, 500), stack.kafka, stack.mongo)
    for key, value in result.items():
        print(f"pipeline {key:24} {value:10.3f}" if isinstance(value, float) else f"pipeline {key:24} {value:10}")
