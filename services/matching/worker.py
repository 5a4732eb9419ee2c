"""The matching worker: projects registry and credit events, expires demands, relays the outbox.
`python -m services.matching.worker`."""

from __future__ import annotations

from services.common.messaging.worker import Worker, run_worker

from . import store
from .handlers import HANDLERS
from .jobs import JOBS

WORKER = Worker("matching", handlers=HANDLERS, jobs=JOBS, setup=store.setup)

if __name__ == "__main__":
    run_worker(WORKER)
