"""`python -m benchmarks --only city [--scale 1] [--seed 2016]` (`make bench SIZE=city`): Jiaxing at full size.

Builds the city (`plan.py`, `build.py`; kept in `.data/bench-city/`, see `cache.py`) through the services' own
commands and events, then measures on it, against baselines taken in the same run on the same database: each
page and API read (p95 within 10x one indexed `find_one`, a name search 20x), the yearly assessment export (within
2x a full scan of what it reads), a rebuild of every rating from its facts (at least 0.5x a raw consume of as
many events), the peak memory of each API and worker process (at most 512 MiB). Run it under `nice -n 19` on a
shared machine: the full build takes long (README, Benchmarks).
"""

from __future__ import annotations

import time

from services.common.clock import jiaxing_day, utcnow

from . import checks, reads
from .build import build
from .cache import Kept
from .flow import WORKERS, Services
from .plan import plan_city

COLLECTIONS = {"registry": "providers", "credit": "agencies", "subsidy": "enterprises", "notify": "notifications"}


def run(stack, size: int, scale: float = 1.0, seed: int = 2016) -> None:
    city = plan_city(seed, scale, jiaxing_day(utcnow()))
    kept = Kept(city.key)
    record = kept.built()
    server = kept.start(fresh=record is None)
    try:
        if record is None:
            services = Services(server.url, stack.kafka)
            began = time.perf_counter()
            spent = build(services, city)
            record = {"seconds": spent, "total_seconds": time.perf_counter() - began, "events": services.events}
            record["counts"] = _counts(services)
            services.close()
            kept.finish(record)
        print(f"city {city.key} in {kept.path}: built in {record['total_seconds']:.0f} s {record['seconds']}")
        print(f"   held: {record['counts']}")
        measure(server.url, stack, kept)
    finally:
        server.stop()


def _counts(services: Services) -> dict:
    wanted = {
        "registry": ("enterprises", "providers", "experts"),
        "matching": ("demands", "contracts"),
        "credit": ("facts", "history"),
        "subsidy": ("applications",),
        "notify": ("notifications", "deliveries"),
    }
    return {f"{s}.{c}": services.ctx[s].db[c].estimated_document_count() for s, names in wanted.items() for c in names}


def measure(mongo: str, stack, kept: Kept) -> None:
    dbs = {name: checks.client(mongo)[f"anfu_{name}"] for name in WORKERS}
    find = checks.find_one(dbs["registry"]["providers"])
    print(f"baseline: one indexed find_one (registry providers by _id), p50 {find * 1000:.2f} ms")
    rows = checks.Table()
    for service, asked in reads.plan(dbs).items():
        served = reads.serve(service, mongo, stack.kafka, asked)
        for name, (p50, p95, size) in served["reads"].items():
            rows.add(checks.read_row(name, p50, p95, size, find))
        rows.add(checks.memory_row(f"{service} API process", served["peak_mib"]))
    for row in checks.exports(dbs, rows):
        rows.add(row)
    rows.add(checks.rebuild(mongo, stack, dbs))
    for row in checks.workers(mongo, stack, kept.path):
        rows.add(row)
