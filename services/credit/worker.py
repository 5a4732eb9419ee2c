"""The credit worker: consumes registry, contract, inspection and violation events; re-evaluates daily;
publishes monthly bulletins; relays the outbox. `python -m services.credit.worker`."""

from __future__ import annotations

from services.common.messaging.worker import Worker, run_worker

from . import store
from .handlers import HANDLERS
from .jobs import JOBS

WORKER = Worker("credit", handlers=HANDLERS, jobs=JOBS, setup=store.setup)

if __name__ == "__main__":
    run_worker(WORKER)
