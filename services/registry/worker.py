"""The registry's worker: the outbox relay and the scheduled jobs (`python -m services.registry.worker`)."""

from __future__ import annotations

from services.common.messaging.worker import Worker, run_worker

from . import store
from .handlers import HANDLERS
from .jobs import JOBS

WORKER = Worker("registry", handlers=HANDLERS, jobs=JOBS, setup=store.setup)

if __name__ == "__main__":
    run_worker(WORKER)
