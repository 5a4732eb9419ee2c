"""Scheduled jobs of the matching worker."""
from __future__ import annotations

import logging
from datetime import datetime

from services.common.context import ServiceContext
from services.common.clock import utcnow

from . import service
from .store import MatchingStore

log = logging.getLogger(__name__)


def expire_demands(ctx: ServiceContext, now: datetime | None = None) -> int:
    """Expire open demands past their deadline (or past the award window when offers wait); one transaction each."""
    now = now or utcnow()
    with ctx.uow() as uow:
        due = MatchingStore(uow).expired_demand_ids(now)
    expired = 0
    for demand_id in due:
        with ctx.uow() as uow:
            expired += service.expire_due(uow, demand_id, now)
    if expired:
        log.info("expired %d demands", expired)
    return expired
