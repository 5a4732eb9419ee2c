"""Scheduled job of expert engagements: invitations past their answer deadline expire."""

from __future__ import annotations

import logging

from services.common.storage.context import ServiceContext

from . import commands
from .store import ExpertStore

log = logging.getLogger(__name__)


def expire_invitations(ctx: ServiceContext) -> int:
    """Invitations past their answer deadline expire and the next in each order is invited; one transaction
    per request."""
    reads = ctx.read()
    expired = 0
    for request_id in ExpertStore(reads).overdue_request_ids(reads.now):
        with ctx.uow() as uow:
            expired += commands.expire_answers(uow, request_id)
    if expired:
        log.info("%d expert invitations expired", expired)
    return expired


JOBS = [expire_invitations]
