"""Service layer: load, apply the domain rule, save and publish the full state in the same transaction."""
from __future__ import annotations

from datetime import date

from services.common.auth import Principal
from services.common.errors import Forbidden
from services.common.clock import isotime, utcnow
from services.common.store import UnitOfWork

from .domain import KIND_ROLE, Provider
from .enterprises import Enterprise
from .experts import Expert
from .rules import Actor
from .snapshots import enterprise_data, expert_data, provider_data
from .store import RegistryStore

EVENT_NOUN = {Provider: "agency", Enterprise: "enterprise", Expert: "expert"}
#: what an expert may change in his own record; the grade and the rest are the regulator's (分级).
EXPERT_OWN_FIELDS = frozenset({"available", "specialties", "contacts"})


def today() -> date:
    """The current UTC day (validity dates are compared with it)."""
    return utcnow().date()


def actor_for(record, who: Principal) -> Actor:
    """The caller as an actor on `record`: own when the token acts for this very record."""
    role = {Provider: lambda r: KIND_ROLE[r.kind], Enterprise: lambda r: "enterprise",
            Expert: lambda r: "expert"}[type(record)](record)
    return Actor(who.role, own=who.role == role and who.org == record.id)


def event_data(record, day: date) -> dict:
    if isinstance(record, Provider):
        return provider_data(record, day)
    return enterprise_data(record) if isinstance(record, Enterprise) else expert_data(record)


def _publish(uow: UnitOfWork, record, verb: str, day: date) -> None:
    uow.publish(f"{EVENT_NOUN[type(record)]}-{verb}", subject=record.id, data=event_data(record, day))


def register(uow: UnitOfWork, record, who: Principal) -> dict:
    """Store a new record and announce it (<noun>-registered)."""
    day = today()
    doc = RegistryStore(uow).add(record, who.subject, day)
    _publish(uow, record, "registered", day)
    return doc


def _check_update(record, actor: Actor, changes: dict) -> None:
    if actor.role == "admin" or (isinstance(record, Expert) and actor.role == "regulator"):
        return
    if not actor.own:
        raise Forbidden(f"only the {type(record).__name__.lower()} itself (or admin) may change this record")
    if isinstance(record, Expert) and set(changes) - EXPERT_OWN_FIELDS:
        raise Forbidden(f"an expert may change only {', '.join(sorted(EXPERT_OWN_FIELDS))} himself")


def update(uow: UnitOfWork, cls, record_id: str, changes: dict, who: Principal) -> dict:
    """Change profile values of a record and announce its new state (<noun>-updated)."""
    store, day = RegistryStore(uow), today()
    record, doc = store.get(cls, record_id)
    _check_update(record, actor_for(record, who), changes)
    new = record.updated(**changes)
    doc = store.replace(new, doc, day)
    _publish(uow, new, "updated", day)
    return doc


def change_status(uow: UnitOfWork, cls, record_id: str, target: str, reason: str | None, who: Principal) -> dict:
    """Move a record to another status (the domain says who may) and announce it."""
    store, day, now = RegistryStore(uow), today(), utcnow()
    record, doc = store.get(cls, record_id)
    actor = actor_for(record, who)
    if cls is Expert:
        new = record.moved_to(target, actor, reason, now, who.subject)
    else:
        new = record.moved_to(target, actor)
    change = {"from": record.status.value, "to": new.status.value, "reason": reason, "at": isotime(now),
              "by": who.subject}
    doc = store.replace(new, doc, day, status_change=change)
    _publish(uow, new, "updated", day)
    return doc


def republish(uow: UnitOfWork, provider_id: str, day: date) -> None:
    """Announce a provider whose qualifications or residency changed with the date (the daily check)."""
    store = RegistryStore(uow)
    record, doc = store.get(Provider, provider_id)
    store.replace(record, doc, day)
    _publish(uow, record, "updated", day)
