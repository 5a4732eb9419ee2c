"""History growth: the credit worker applying many events of ONE agency, the last ones against the first.

A refresh reads the agency's ledger lines and the changed cases only, so the events/s of the last window
should match the first (target ≥ 0.8; issue 10 measured 0.11 when every event re-read the whole history).
The events are what a busy agency gets: contracts (some late), spot checks, minor violations; one partition.
"""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

from benchmarks.stack import print_result, wait_for
from services.common.clock import jiaxing_day, utcnow
from services.common.config import Config
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from services.common.messaging.consumer import ConsumerRunner
from services.common.storage.context import ServiceContext
from services.credit import store
from services.credit.handlers import HANDLERS

GOV, MATCHING = "/gov/enforcement/330400", "/services/matching"  # sources the consumer believes (provenance)


def event(agency: str, i: int, day: str):
    """The i-th event of the agency: mostly contracts, every 10th late, a spot check or a minor violation."""
    base = {
        "agency_id": agency,
        "contract_id": f"c-{i}",
        "demand_id": f"d-{i}",
        "buyer_id": "e1",
        "buyer_type": "enterprise",
        "category": "safety_consulting",
        "county": "330402",
        "price_fen": 100000,
    }
    if i % 10 == 7:
        return new_event(
            CATALOGUE["inspection-completed"],
            agency,
            {
                "inspection_id": f"i-{i}",
                "kind": "quality_spot_check",
                "agency_id": agency,
                "inspected_on": day,
                "passed": True,
                "findings": i % 3,
            },
            GOV,
        )
    if i % 10 == 9:
        return new_event(
            CATALOGUE["violation-recorded"],
            agency,
            {
                "violation_id": f"v-{i}",
                "agency_id": agency,
                "severity": "minor",
                "code": "late-report",
                "description": "bench",
                "occurred_on": day,
                "recorded_by": "bench",
            },
            GOV,
        )
    return new_event(
        CATALOGUE["contract-completed"],
        agency,
        {**base, "completed_on": day, "on_time": i % 10 != 3, "score": 5},
        MATCHING,
    )


def history_growth(kafka: str, mongo: str, events: int = 600) -> dict:
    """events/s of the last sixth of `events` against the first sixth (500 of 3,000 in issue 10). A sixth must
    span more than one batch (the consumer's max_poll_records, 50): at least 600 events, whatever `events` says."""
    events = max(events, 600)
    tag, window = uuid.uuid4().hex[:8], events // 6
    ctx = ServiceContext(
        Config(
            service="credit",
            mongodb_database=f"bench_history_{tag}",
            mongodb_uri=mongo,
            kafka_bootstrap_servers=kafka,
            kafka_consumer_group=f"bench-history-{tag}",
            kafka_auto_offset_reset="latest",
        )
    )
    ctx.mongo.ensure_kit_indexes()
    store.setup(ctx)
    stop, runner = threading.Event(), ConsumerRunner(ctx, HANDLERS)
    runner.start()
    threading.Thread(target=runner.run, args=(stop,), daemon=True).start()
    runner.ready.wait(60)
    agency, day = f"ag-{tag}", (jiaxing_day(utcnow()) - timedelta(days=1)).isoformat()
    for i in range(events):
        e = event(agency, i, day)
        ctx.producer.send(e.topic, key=e.key, value=e.to_bytes(), headers=e.headers)
    ctx.producer.flush()
    wait_for(lambda: ctx.db["facts"].count_documents({}) >= events, timeout=max(600, events))
    stop.set()
    times = sorted(d["stored_at"] for d in ctx.db["facts"].find({}, {"stored_at": 1}))
    first, last = _rate(times, times[0], times[window]), _rate(times, times[-window], times[-1])
    ctx.mongo.client.drop_database(ctx.config.mongodb_database)
    ctx.close()
    return {
        "history_events": events,
        "history_first_per_s": first,
        "history_last_per_s": last,
        "history_growth_ratio": last / first,
    }


def _rate(times: list, start, end) -> float:
    """Facts stored per second from one batch's start to a later one's (`stored_at` is its transaction's time)."""
    return sum(1 for t in times if start <= t < end) / max((end - start).total_seconds(), 1e-9)


def run(stack, size: int) -> None:
    """Credit's history growth over `size` events of ONE agency (the issue's figure: 3000; target ratio ≥ 0.8)."""
    print_result("history", history_growth(stack.kafka, stack.mongo, size))
