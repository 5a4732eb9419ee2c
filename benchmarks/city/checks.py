"""The city's baselines, targets and table: one indexed `find_one`, full scans, the rating rebuild against a raw
consume, the workers' peak memory. Every target is printed with `pass` or `MISS`."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from functools import cache

import pymongo
from kafka import KafkaProducer
from kafka.structs import OffsetAndMetadata

from services.common.events.bus import ensure_topics, make_consumer

from .cache import ROOT
from .flow import WORKERS
from .reads import peak_mib

READ_TARGET, SEARCH_TARGET, EXPORT_TARGET, REBUILD_TARGET, MEMORY_TARGET = 10, 20, 2, 0.5, 512
EXPORT_READS = ("enterprises", "contracts", "applications", "providers", "grades")  # what the assessment reads
WORKER_SECONDS = 30


@cache
def client(mongo: str) -> pymongo.MongoClient:
    return pymongo.MongoClient(mongo)


def find_one(collection) -> float:
    """Median seconds of one `find_one` by `_id` (200 of them over ids spread through the collection)."""
    ids = [d["_id"] for d in collection.find({}, {"_id": 1})][::7][:200]
    spent = []
    for ident in ids * (200 // len(ids) + 1):
        began = time.perf_counter()
        collection.find_one({"_id": ident})
        spent.append(time.perf_counter() - began)
    return statistics.median(spent)


def read_row(name: str, p50: float, p95: float, size: int, find: float) -> tuple:
    target = SEARCH_TARGET if "search" in name else READ_TARGET
    ratio = p95 / find
    verdict = "pass" if ratio <= target else "MISS"
    if "XLSX" in name:
        target, verdict = None, ""
    return (
        name,
        f"{p50 * 1000:.1f} / {p95 * 1000:.1f} ms ({size:,} B)",
        f"{ratio:.1f}x find_one",
        target and f"<= {target}x",
        verdict,
    )


def memory_row(name: str, mib: float) -> tuple:
    return (
        f"{name}: peak memory",
        f"{mib:.0f} MiB",
        "",
        f"<= {MEMORY_TARGET} MiB",
        "pass" if mib <= MEMORY_TARGET else "MISS",
    )


def exports(dbs: dict, rows: list[tuple]) -> list[tuple]:
    """The assessment export against one full scan of every collection it reads (median of three)."""
    db = dbs["subsidy"]
    scan = statistics.median(_scan(db) for _ in range(3))
    export = next(r for r in rows if "XLSX" in r[0])
    p50 = float(export[1].split(" / ")[0]) / 1000
    ratio = p50 / scan
    counts = ", ".join(f"{c} {db[c].estimated_document_count():,}" for c in EXPORT_READS)
    return [
        (f"full scan of what the export reads ({counts})", f"{scan * 1000:.0f} ms", "", "", ""),
        (
            "yearly assessment XLSX / full scan",
            f"{ratio:.2f}x",
            "",
            f"<= {EXPORT_TARGET}x",
            "pass" if ratio <= EXPORT_TARGET else "MISS",
        ),
    ]


def _scan(db) -> float:
    began = time.perf_counter()
    for name in EXPORT_READS:
        for _ in db[name].find({}):
            pass
    return time.perf_counter() - began


def rebuild(mongo: str, stack, dbs: dict) -> tuple:
    """Every rating rebuilt from its facts (credit's admin rebuild, in a process of its own) against a raw consume
    of as many events (at most 50,000) with the worker's consumer settings, one insert_many and commit per poll."""
    facts = dbs["credit"]["facts"].estimated_document_count()
    code = (
        "import time; from benchmarks.city.flow import config; from benchmarks.city.reads import peak_mib;"
        "from services.common.storage.context import ServiceContext; from services.credit import jobs;"
        f"ctx = ServiceContext(config('credit', {mongo!r}, {stack.kafka!r})); t = time.perf_counter();"
        "jobs.rebuild(ctx); print(time.perf_counter() - t, peak_mib())"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    seconds, peak = (float(x) for x in out.split())
    rebuilt, raw = facts / seconds, raw_consume(stack, min(facts, 50_000))
    ratio = rebuilt / raw
    return (
        f"rating rebuild of {facts:,} facts (peak {peak:.0f} MiB) / raw consume",
        f"{rebuilt:,.0f} / {raw:,.0f} events/s",
        f"{ratio:.2f}x",
        f">= {REBUILD_TARGET}x",
        "pass" if ratio >= REBUILD_TARGET else "MISS",
    )


def raw_consume(stack, n: int) -> float:
    """Events/s of a raw consumer (the credit worker's client settings) storing `n` events of credit's size."""
    cfg = stack.config("credit", "city-raw")
    topic = f"bench-city-raw-{stack.tag}"
    ensure_topics(cfg, [topic])
    producer = KafkaProducer(bootstrap_servers=stack.kafka, acks="all", linger_ms=5)
    value = b'{"specversion":"1.0","type":"contract-completed","data":{"agency_id":"a","on_time":true}}' * 4
    for i in range(n):
        producer.send(topic, key=f"agency-{i % 500}".encode(), value=value)
    producer.flush()
    producer.close()
    consumer, db = make_consumer(cfg, [topic]), client(stack.mongo)[cfg.database]
    handled, began = 0, None
    while handled < n:
        for tp, messages in consumer.poll(timeout_ms=500).items():
            began = began or time.perf_counter()
            db["effects"].insert_many([{"_id": f"{m.partition}:{m.offset}", "value": m.value} for m in messages])
            consumer.commit({tp: OffsetAndMetadata(messages[-1].offset + 1, "", -1)})
            handled += len(messages)
    elapsed = time.perf_counter() - began
    consumer.close()
    client(stack.mongo).drop_database(cfg.database)
    return n / elapsed


def workers(mongo: str, stack, path) -> list[tuple]:
    """Each service's worker (`python -m services.<name>.worker`) on the city for WORKER_SECONDS: its set-up, its
    jobs on the city's data, its relay; peak memory."""
    rows = []
    for name in WORKERS:
        env = {**os.environ, "MONGODB_URI": mongo, "KAFKA_BOOTSTRAP_SERVERS": stack.kafka, "ANFU_SMTP_PORT": "1"}
        with open(path / f"worker-{name}.log", "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", f"services.{name}.worker"], cwd=ROOT, env=env, stdout=log, stderr=log
            )
            time.sleep(WORKER_SECONDS)
            peak = peak_mib(process.pid)
            process.terminate()
            process.wait(60)
        rows.append(memory_row(f"{name} worker ({WORKER_SECONDS} s on the city)", peak))
    return rows


class Table(list):
    """The result table, each row printed as it is added (a long run's rows so far stay on the screen)."""

    def add(self, row: tuple) -> None:
        if not self:
            print("| what | measured | ratio | target | |\n|---|---|---|---|---|")
        self.append(row)
        print("| " + " | ".join(str(c or "") for c in row) + " |", flush=True)
