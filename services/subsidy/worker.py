"""The subsidy worker: projections of registry, matching and credit events, clawback on early termination,
the closing of ended programmes, the outbox relay. `python -m services.subsidy.worker`."""

from __future__ import annotations

from services.common.messaging.worker import Worker, run_worker

from . import store
from .handlers import HANDLERS
from .jobs import JOBS

WORKER = Worker("subsidy", handlers=HANDLERS, jobs=JOBS, setup=store.setup)

if __name__ == "__main__":
    run_worker(WORKER)
