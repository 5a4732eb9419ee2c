"""Scheduled work: programmes whose period has ended close (no new applications; reviews go on)."""

from __future__ import annotations

from services.common.storage.context import ServiceContext

from .store import SubsidyStore


def close_ended_programmes(ctx: ServiceContext) -> list[str]:
    """Close each open programme whose period ended before today (one transaction each)."""
    reads = ctx.read()
    closed = []
    for programme_id in SubsidyStore(reads).ended_programme_ids(reads.today):
        with ctx.uow() as uow:
            store = SubsidyStore(uow)
            programme = store.programme(programme_id)
            if programme.state == "open" and programme.period_end < uow.today:
                programme.close("system", uow.now)
                store.save_programme(programme)
                closed.append(programme_id)
    return closed


JOBS = [close_ended_programmes]
