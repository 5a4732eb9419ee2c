"""Scheduled jobs of the matching worker: expire demands, and expert invitations past their deadline."""

from __future__ import annotations

import logging

from services.common.storage.context import ServiceContext

from .commands import experts, market
from .store import MatchingStore

log = logging.getLogger(__name__)


def expire_demands(ctx: ServiceContext) -> int:
    """Expire open demands past their deadline (or past the award window when offers wait); one transaction each."""
    reads = ctx.read()
    due = MatchingStore(reads).expired_demand_ids(reads.now)
    expired = 0
    for demand_id in due:
        with ctx.uow() as uow:
            expired += market.expire_due(uow, demand_id)
    if expired:
        log.info("expired %d demands", expired)
    return expired


def expire_invitations(ctx: ServiceContext) -> int:
    """Invitations past their answer deadline expire and the next in each order is invited; one transaction
    per request."""
    reads = ctx.read()
    expired = 0
    for request_id in MatchingStore(reads).overdue_request_ids(reads.now):
        with ctx.uow() as uow:
            expired += experts.expire_answers(uow, request_id)
    if expired:
        log.info("%d expert invitations expired", expired)
    return expired


JOBS = [expire_demands, expire_invitations]
