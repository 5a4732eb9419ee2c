"""The credit worker: consumes registry, contract, inspection and violation events; re-evaluates daily;
publishes monthly bulletins; relays the outbox. `python -m services.credit.worker`."""
from __future__ import annotations

from services.common.worker import Worker, run_worker

from . import jobs, store
from .handlers import HANDLERS

WORKER = Worker("credit", handlers=HANDLERS, jobs=[jobs.reevaluate, jobs.publish_bulletin], setup=store.setup)

if __name__ == "__main__":
    run_worker(WORKER)
