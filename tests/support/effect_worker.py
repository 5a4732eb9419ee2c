"""A worker with one countable effect, for the kit's delivery tests (runs in-process or as a subprocess:
`python -m tests.support.effect_worker`, configured by the environment like any service worker)."""

from __future__ import annotations

import os
import uuid

from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from services.common.messaging.worker import Worker, run_worker
from services.common.storage.store import UnitOfWork


def count_effect(event: Event, uow: UnitOfWork) -> None:
    """Not idempotent on its own: only the inbox keeps a redelivery from counting twice."""
    uow["effects"].update_one(
        {"_id": event.id},
        {"$inc": {"applied": 1}, "$set": {"subject": event.subject}},
        upsert=True,
        session=uow.session,
    )


EFFECT_WORKER = Worker("notify", handlers={"violation-recorded": [count_effect]})


GOV = "/gov/enforcement/330400"


def violation(agency: str | None = None, *, source: str = GOV, time: str | None = None, **data) -> Event:
    """A valid violation-recorded from a government system (envelope `source` and `time` may be set)."""
    agency = agency or f"agency-{uuid.uuid4().hex[:8]}"
    body = {
        "violation_id": f"v-{uuid.uuid4().hex[:8]}",
        "agency_id": agency,
        "severity": "minor",
        "code": "late-report",
        "description": "report filed late",
        "occurred_on": "2026-11-01",
        "recorded_by": "嘉兴市应急管理局",
    }
    body.update(data)
    return new_event(CATALOGUE["violation-recorded"], agency, body, source, **({"time": time} if time else {}))


if __name__ == "__main__":  # as the service ANFU_SERVICE names, so its relay publishes with that source
    run_worker(Worker(os.environ.get("ANFU_SERVICE", EFFECT_WORKER.service), handlers=EFFECT_WORKER.handlers))
