"""The registry's worker: the outbox relay and the daily validity check (it consumes no events).

`python -m services.registry.worker`
"""
from __future__ import annotations

import logging
from datetime import date

from services.common.context import ServiceContext
from services.common.worker import Worker, run_worker

from . import service, store
from .store import RegistryStore

log = logging.getLogger(__name__)


def publish_validity_changes(ctx: ServiceContext, day: date | None = None) -> int:
    """Republish (agency-updated) every provider whose qualification lapsed or started, or whose
    cluster-base residency ended, since it was last published; returns how many."""
    day, done = day or service.today(), 0
    while True:
        with ctx.uow() as uow:
            due = RegistryStore(uow).due_providers(day)
        for provider_id in due:
            with ctx.uow() as uow:
                service.republish(uow, provider_id, day)
        done += len(due)
        if not due:
            break
    if done:
        log.info("republished providers whose validity changed", extra={"count": done})
    return done


WORKER = Worker("registry", jobs=[publish_validity_changes], setup=store.setup)

if __name__ == "__main__":
    run_worker(WORKER)
