"""The matching worker: projects registry and credit events, expires demands, relays the outbox.
`python -m services.matching.worker`."""
from __future__ import annotations

from services.common.worker import Worker, run_worker

from . import jobs, store
from .handlers import HANDLERS

WORKER = Worker("matching", handlers=HANDLERS, jobs=[jobs.expire_demands], setup=store.setup)

if __name__ == "__main__":
    run_worker(WORKER)
