"""Scheduled work: the daily validity check (a provider's events carry what is valid as of their day)."""

from __future__ import annotations

import logging

from services.common.storage.context import ServiceContext

from . import commands
from .store import RegistryStore

log = logging.getLogger(__name__)


def publish_validity_changes(ctx: ServiceContext) -> int:
    """Republish (agency-updated) every provider whose qualification lapsed or started, or whose
    cluster-base residency ended, since it was last published (as of the clock's Jiaxing day); returns how many."""
    done = 0
    while due := RegistryStore(ctx.read()).due_providers():
        for provider_id in due:
            with ctx.uow() as uow:
                commands.republish(uow, provider_id)
        done += len(due)
    if done:
        log.info("republished providers whose validity changed", extra={"count": done})
    return done


JOBS = [publish_validity_changes]
