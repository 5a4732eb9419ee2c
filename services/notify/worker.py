"""The notify worker: projects registry events, turns events into notifications, dispatches deliveries,
sends digests and expiry warnings, relays the outbox (notice-delivered). `python -m services.notify.worker`."""

from __future__ import annotations

from services.common.messaging.worker import Worker, run_worker

from . import store
from .handlers import HANDLERS
from .jobs import JOBS

WORKER = Worker("notify", handlers=HANDLERS, jobs=JOBS, setup=store.setup)

if __name__ == "__main__":
    run_worker(WORKER)
