"""Scheduled work: the daily validity check (a provider's events carry what is valid as of their day) and the
yearly continuing-education assessment (继续教育: each practitioner once per closed year)."""

from __future__ import annotations

import logging

from services.common.storage.context import ServiceContext

from . import commands
from .commands import practitioners
from .domain.education import year_to_assess
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


def assess_continuing_education(ctx: ServiceContext) -> int:
    """Assess every practitioner not yet assessed for the last closed year (as of the clock's Jiaxing day): one
    below the requirement is flagged (continuing-education-flagged); returns how many were assessed."""
    year, done = year_to_assess(ctx.clock.today()), 0
    while due := RegistryStore(ctx.read()).unassessed(year):
        for practitioner_id in due:
            ctx.retrying(practitioners.assess, practitioner_id, year)
        done += len(due)
    if done:
        log.info("assessed continuing education", extra={"year": year, "count": done})
    return done


JOBS = [publish_validity_changes, assess_continuing_education]
