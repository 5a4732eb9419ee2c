"""Worker of the subsidy service: the outbox relay (no handlers yet)."""
from __future__ import annotations

from services.common.worker import Worker, run_worker

WORKER = Worker("subsidy")

if __name__ == "__main__":
    run_worker(WORKER)
