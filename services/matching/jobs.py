"""Scheduled jobs of the matching worker: expire demands; the experts' (`experts/jobs.py`) join them in `JOBS`."""

from __future__ import annotations

import logging

from services.common.storage.context import ServiceContext

from . import commands
from .experts import jobs as experts
from .store import MatchingStore

log = logging.getLogger(__name__)


def expire_demands(ctx: ServiceContext) -> int:
    """Expire open demands past their deadline (or past the award window when offers wait); one transaction each."""
    reads = ctx.read()
    due = MatchingStore(reads).expired_demand_ids(reads.now)
    expired = 0
    for demand_id in due:
        with ctx.uow() as uow:
            expired += commands.expire_due(uow, demand_id)
    if expired:
        log.info("expired %d demands", expired)
    return expired


JOBS = [expire_demands, *experts.JOBS]
