"""Correction notices (更正公告): what is known now changes a published bulletin; the notice is published in the
month of the correction, chained, and linked from each corrected entry (whose frozen fields stay as published)."""

from __future__ import annotations

from datetime import datetime

from services.common.storage.store import UnitOfWork

from ..domain.bulletins import shown
from ..store import CreditStore


def publish_corrections(uow: UnitOfWork, lines: list[dict], checked_at: datetime) -> str | None:
    """Publish the lines that still hold (an entry corrected meanwhile is compared again at the next check) as the
    month's next correction notice, and record that facts stored before `checked_at` were checked. Its id, if any."""
    store = CreditStore(uow)
    holding = [line for line in lines if shown(store.entry(line["bulletin"], line["agency_id"])) == line["before"]]
    notice = None
    if holding:
        ordered = sorted(holding, key=lambda line: (line["bulletin"], line["agency_id"]))
        notice = store.add_notice(uow.today.strftime("%Y-%m"), ordered, uow.today)
    store.check_through(checked_at)
    return notice and notice["id"]
