"""Scheduled work: the dispatcher (started once, then kept alive), the daily digests of demands and of work
awaiting each official, finance or regulator (after 08:00 Jiaxing time) and the daily warning of qualifications
that lapse within 30 days."""

from __future__ import annotations

from services.common.clock import JIAXING, isotime
from services.common.messaging.worker import every_replica
from services.common.storage.context import ServiceContext

from . import commands, dispatch
from .domain import work
from .domain.rules import NOTICES, expiring
from .store import NotifyStore
from .store.cases import CaseStore

DIGEST, EXPIRY = "digest", "qualification-expiry"
DIGEST_HOUR = 8


@every_replica
def dispatcher(ctx: ServiceContext) -> None:
    """Make sure this worker's dispatcher runs (it sends on its own thread, every DELIVERY_POLL_SECONDS); every
    replica runs one, as each delivery is leased."""
    dispatch.start(ctx)


def digests(ctx: ServiceContext) -> list[str]:
    """Once a day from 08:00: each organisation's held demand notifications as one e-mail, and what awaits each
    official, finance or regulator (待办) as one notice."""
    now = ctx.clock.now()
    day = now.astimezone(JIAXING).date()
    if now.astimezone(JIAXING).hour < DIGEST_HOUR or NotifyStore(ctx.read()).job_day(DIGEST) == day.isoformat():
        return []
    sent = []
    for org, items in NotifyStore(ctx.read()).pending_digests().items():
        with ctx.uow() as uow:
            sent += [n for n in [commands.send_digest(uow, org, items, day)] if n]
    for org, items in work.by_org(CaseStore(ctx.read()).pending()).items():
        with ctx.uow() as uow:
            sent += [n for n in [commands.send_work_digest(uow, org, work.lines(items, day), day)] if n]
    with ctx.uow() as uow:
        NotifyStore(uow).mark_job(DIGEST, day.isoformat())
    return sent


def expiring_qualifications(ctx: ServiceContext) -> list[str]:
    """Once a day: tell each agency of its qualifications lapsing within 30 days (once per certificate)."""
    today = ctx.clock.today()
    if NotifyStore(ctx.read()).job_day(EXPIRY) == today.isoformat():
        return []
    told = []
    for agency in NotifyStore(ctx.read()).active_agencies():
        for qualification in expiring(agency.get("qualifications") or [], today):
            origin = {
                "event_id": f"expiry-{qualification['certificate_no']}-{qualification['valid_until']}",
                "type": "qualification-expiring",
                "subject": agency["_id"],
                "time": isotime(ctx.clock.now()),
            }
            with ctx.uow() as uow:
                data = {**qualification, "agency_id": agency["_id"]}
                told += [
                    n for n in [commands.tell(uow, NOTICES["qualification-expiring"], agency["_id"], data, origin)] if n
                ]
    with ctx.uow() as uow:
        NotifyStore(uow).mark_job(EXPIRY, today.isoformat())
    return told


JOBS = [dispatcher, digests, expiring_qualifications]
