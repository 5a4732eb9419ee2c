"""A service's worker process: the consumer runner, the outbox relay and scheduled jobs, stopped by SIGTERM.

Each service's `worker.py` calls `run_worker(Worker(...))`. SIGTERM/SIGINT drain: the message in hand is
finished and committed, the relay ends its batch, then the process exits.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from prometheus_client import start_http_server
from pymongo.errors import PyMongoError

from services.common import logs
from services.common.config import Config
from services.common.events.catalogue import CATALOGUE
from services.common.messaging.consumer import BatchHandler, ConsumerRunner, Handler
from services.common.messaging.lease import Lease, worker_id
from services.common.messaging.outbox import OutboxRelay
from services.common.storage.context import ServiceContext

log = logging.getLogger(__name__)

Job = Callable[[ServiceContext], None]
JOBS_LEASE, JOBS_LEASE_GRACE = "scheduled-jobs", 60.0  # seconds beyond a tick before a silent holder is replaced


@dataclass
class Worker:
    """What one service's worker does: handlers per event type and periodic jobs.

    `handlers` is the one source of who consumes what (`services.platform.topology` reads it for AsyncAPI
    and the dead-letter topics), so every key must be a catalogue event type. A handler marked `@per_batch`
    (listed under each type it takes) gets a batch's events of those types at once.
    """

    service: str
    handlers: dict[str, list[Handler | BatchHandler]] = field(default_factory=dict)
    jobs: list[Job] = field(default_factory=list)
    setup: Callable[[ServiceContext], None] | None = None  # e.g. create indexes

    def __post_init__(self) -> None:
        unknown = sorted(set(self.handlers) - set(CATALOGUE))
        if unknown:
            raise ValueError(f"{self.service} handles event types the catalogue does not know: {unknown}")


def every_replica(job: Job) -> Job:
    """Mark a job every worker replica runs (one that keeps a replica-safe loop of its own alive)."""
    job.every_replica = True
    return job


def run_jobs(ctx: ServiceContext, jobs: list[Job], stop: threading.Event) -> None:
    """Run the jobs now and then every SCHEDULE_SECONDS, until stopped. Among the worker replicas of a service
    one runs them at a time, the holder of the lease `scheduled-jobs` (renewed after each job; a dead holder's
    passes on a tick plus JOBS_LEASE_GRACE after its last renewal); jobs marked `every_replica` run everywhere."""
    lease = Lease(ctx.db, JOBS_LEASE, worker_id(), ctx.config.schedule_seconds + JOBS_LEASE_GRACE)
    mine = False
    while not stop.is_set():
        mine = _holds(lease)
        for job in jobs:
            if mine or getattr(job, "every_replica", False):
                _run(ctx, job)
            mine = mine and _holds(lease)  # renewed after each job: a long run keeps it
        stop.wait(ctx.config.schedule_seconds)
    if mine:
        with contextlib.suppress(PyMongoError):
            lease.release()  # a clean stop: another replica takes over at its next tick


def _holds(lease: Lease) -> bool:
    try:
        return lease.take() is not None
    except PyMongoError as err:  # the database is away: skip this tick's jobs
        log.warning("scheduled jobs skipped: %s", err)
        return False


def _run(ctx: ServiceContext, job: Job) -> None:
    try:
        job(ctx)
    except Exception:
        log.exception("scheduled job %s failed", job.__name__)


@dataclass
class Running:
    """A started worker: its threads, its consumer runner (if any) and the event that stops it."""

    threads: list[threading.Thread]
    runner: ConsumerRunner | None
    stop: threading.Event

    def shutdown(self, timeout: float = 30) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout)


def start(ctx: ServiceContext, worker: Worker, stop: threading.Event | None = None) -> Running:
    """Start relay, scheduler and consumer threads (used by run_worker and by tests)."""
    stop = stop or threading.Event()
    ctx.mongo.ensure_kit_indexes()
    if worker.setup:
        worker.setup(ctx)
    targets = [("relay", OutboxRelay(ctx).run)]
    if worker.jobs:
        targets.append(("jobs", lambda s: run_jobs(ctx, worker.jobs, s)))
    runner = None
    if worker.handlers:
        runner = ConsumerRunner(ctx, worker.handlers)
        runner.start()
        targets.append(("consumer", runner.run))
    threads = [
        threading.Thread(target=fn, args=(stop,), name=f"{worker.service}-{name}", daemon=True) for name, fn in targets
    ]
    for thread in threads:
        thread.start()
    return Running(threads, runner, stop)


def run_worker(worker: Worker, config: Config | None = None) -> None:
    """Entry point of `python -m services.<name>.worker`."""
    config = config or Config.from_env(worker.service)
    logs.setup(config.service, config.log_level)
    if config.worker_metrics_port:
        start_http_server(config.worker_metrics_port)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    ctx = ServiceContext(config)
    threads = start(ctx, worker, stop).threads
    log.info("worker started", extra={"threads": [t.name for t in threads]})
    failed = False
    while any(t.is_alive() for t in threads):
        for thread in threads:
            thread.join(timeout=0.5)
        if not stop.is_set() and not all(t.is_alive() for t in threads):
            failed = True  # one part died: stop the rest, exit non-zero so the supervisor restarts us
            stop.set()
    ctx.close()
    log.info("worker stopped")
    if failed:
        raise SystemExit(1)
