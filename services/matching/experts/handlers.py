"""Consumed events of expert engagements: the registry's expert events become the `experts` projection (whom a
request may draw)."""

from __future__ import annotations

from services.common.events.envelope import Event
from services.common.storage.store import UnitOfWork

from .store import ExpertStore

EXPERT_FIELDS = (
    "name",
    "county",
    "industries",
    "specialties",
    "grade",
    "available",
    "status",
    "employer",
    "linked_orgs",
    "leave",
)


def on_expert(event: Event, uow: UnitOfWork) -> None:
    """expert-registered / -updated carry the expert's full state (ties and leave too): keep the newest."""
    profile = {k: event.data.get(k) for k in EXPERT_FIELDS}
    ExpertStore(uow).save_expert(event.data["expert_id"], profile, event.time)


HANDLERS = {"expert-registered": [on_expert], "expert-updated": [on_expert]}
