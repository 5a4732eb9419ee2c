"""Writes: load → check who may → domain → save → publish the full state, in the caller's unit of work.

Each command takes (uow, who, ...); days are `uow.today` (Jiaxing), times `uow.now`.
"""

from __future__ import annotations

import uuid

from services.common.clock import isotime
from services.common.errors import Forbidden, Invalid
from services.common.storage.mapping import field_values, from_plain
from services.common.storage.store import UnitOfWork
from services.common.web.auth import DIVISION_ROLES, Principal

from .. import outgoing
from ..domain.enterprises import Enterprise
from ..domain.experts import Expert, Link
from ..domain.providers import KIND_ROLE, Kind, Provider
from ..domain.rules import Actor
from ..store import RegistryStore

#: what an expert may change in his own record; the grade, employer, ties and the rest are the regulator's (分级).
EXPERT_OWN_FIELDS = frozenset({"available", "specialties", "contacts", "leave"})


# --- who may -----------------------------------------------------------------------------------------------
def require_kind_role(who: Principal, kind: Kind) -> None:
    """A provider registers with the token role of its kind (agency and leading_enterprise: agency)."""
    if not who.is_admin and KIND_ROLE[kind] != who.role:
        raise Forbidden(f"a {kind} registers with a {KIND_ROLE[kind]} token")


def _actor(who: Principal, record) -> Actor:
    """The caller as the domain's transition rules see it (own: acting for this very record)."""
    return Actor.on(record, who.role, who.org)


def require_itself(who: Principal, record) -> None:
    """Only the organisation or person the record describes (or admin) changes its profile."""
    if not who.is_admin and not _actor(who, record).own:
        raise Forbidden(f"only the {type(record).__name__.lower()} itself (or admin) may change this record")


def place_of(record) -> str | None:
    """Where a record is: its town, else its county (None: a provider from outside Jiaxing)."""
    return getattr(record, "town", None) or record.county


def require_within(who: Principal, record) -> None:
    """A regulator, official or finance acts only on records placed inside its division (the city's: on any)."""
    if who.role in DIVISION_ROLES:
        who.require_reach(place_of(record), f"{type(record).__name__.lower()} {record.id}")


def require_expert_editor(who: Principal, expert: Expert, changes: dict) -> None:
    """The regulator (or admin) changes any profile value; the expert himself only EXPERT_OWN_FIELDS."""
    if who.is_admin or who.role == "regulator":
        return
    require_itself(who, expert)
    if set(changes) - EXPERT_OWN_FIELDS:
        raise Forbidden(f"an expert may change only {', '.join(sorted(EXPERT_OWN_FIELDS))} himself")


def _changes(cls, body: dict) -> dict:
    if not body:
        raise Invalid("nothing to change", field="json")
    return field_values(cls, body)


# --- providers 机构 ----------------------------------------------------------------------------------------
def register_provider(uow: UnitOfWork, who: Principal, body: dict) -> dict:
    """Register a provider: its own token (org = the USCC, role matching the kind) or admin."""
    who.require_org(body["uscc"])
    require_kind_role(who, Kind(body["kind"]))
    return _register(uow, who, from_plain(Provider, {**body, "id": body["uscc"]}))


def update_provider(uow: UnitOfWork, who: Principal, provider_id: str, body: dict, expected=None) -> dict:
    """Change profile values (the provider itself or admin); `expected`: the versions read (If-Match)."""
    changes = _changes(Provider, body)
    store = RegistryStore(uow)
    provider = store.record(Provider, provider_id, expected)
    require_itself(who, provider)
    return _save(uow, store, provider.updated(**changes))


def change_provider_status(uow: UnitOfWork, who: Principal, provider_id: str, target: str, reason: str | None) -> dict:
    """Suspend or reinstate (regulator), deregister (itself or regulator): the domain's transitions say who."""
    store = RegistryStore(uow)
    provider = store.record(Provider, provider_id)
    require_within(who, provider)
    return _move(uow, who, store, provider, provider.moved_to(target, _actor(who, provider)), reason)


def verify_qualification(uow: UnitOfWork, who: Principal, provider_id: str, category: str, certificate_no: str) -> dict:
    """A regulator of the provider's division verifies a declared certificate (an official act: not admin)."""
    if who.role != "regulator":
        raise Forbidden("only a regulator verifies a qualification")
    require_within(who, RegistryStore(uow).record(Provider, provider_id))
    return record_verification(uow, provider_id, category, certificate_no, by=who.subject)


def record_verification(uow: UnitOfWork, provider_id: str, category: str, certificate_no: str, by: str) -> dict:
    """Mark a certificate verified by `by` now. The seam for an issuing authority's system: a handler of its
    event would call this with the system as `by`."""
    store = RegistryStore(uow)
    provider = store.record(Provider, provider_id)
    return _save(uow, store, provider.with_verified(category, certificate_no, by, uow.now))


def republish(uow: UnitOfWork, provider_id: str) -> None:
    """The daily check's own command (no caller): announce a provider whose validity changed with the day."""
    store = RegistryStore(uow)
    _save(uow, store, store.record(Provider, provider_id))


# --- experts 专家 -------------------------------------------------------------------------------------------
def register_expert(uow: UnitOfWork, who: Principal, body: dict) -> dict:
    """Add an expert to the pool (the route admits regulators, of the expert's division, and admin); the registry
    gives the id."""
    expert = from_plain(Expert, {**body, "id": f"exp-{uuid.uuid4().hex[:12]}"})
    require_within(who, expert)
    return _register(uow, who, expert)


def update_expert(uow: UnitOfWork, who: Principal, expert_id: str, body: dict, expected=None) -> dict:
    """Regulator: any profile value; the expert himself: availability, specialties, contacts."""
    changes = _changes(Expert, body)
    store = RegistryStore(uow)
    expert = store.record(Expert, expert_id, expected)
    require_within(who, expert)
    require_expert_editor(who, expert, changes)
    return _save(uow, store, expert.updated(**changes))


def declare_link(uow: UnitOfWork, who: Principal, expert_id: str, body: dict) -> dict:
    """The expert himself (or a regulator) adds a tie to an organisation: it can only recuse him more.
    Removing or changing ties, and the employer, is the regulator's (PATCH)."""
    store = RegistryStore(uow)
    expert = store.record(Expert, expert_id)
    require_within(who, expert)
    if who.role != "regulator":
        require_itself(who, expert)
    return _save(uow, store, expert.with_link(from_plain(Link, body)))


def change_expert_status(uow: UnitOfWork, who: Principal, expert_id: str, target: str, reason: str | None) -> dict:
    """Suspend/reinstate/ban (regulator; a ban needs the reason and is for life), retire/return (himself too)."""
    store = RegistryStore(uow)
    expert = store.record(Expert, expert_id)
    require_within(who, expert)
    moved = expert.moved_to(target, _actor(who, expert), reason, uow.now, who.subject)
    return _move(uow, who, store, expert, moved, reason)


# --- enterprises 企业 ---------------------------------------------------------------------------------------
def register_enterprise(uow: UnitOfWork, who: Principal, body: dict) -> dict:
    """Register an enterprise: itself (org = the USCC), a regulator or official (admitted by the route), admin."""
    if who.role == "enterprise":
        who.require_org(body["uscc"])
    enterprise = from_plain(Enterprise, {**body, "id": body["uscc"]})
    require_within(who, enterprise)
    return _register(uow, who, enterprise)


def update_enterprise(uow: UnitOfWork, who: Principal, enterprise_id: str, body: dict, expected=None) -> dict:
    """Change profile values (the enterprise itself or admin); `expected`: the versions read (If-Match)."""
    changes = _changes(Enterprise, body)
    store = RegistryStore(uow)
    enterprise = store.record(Enterprise, enterprise_id, expected)
    require_itself(who, enterprise)
    return _save(uow, store, enterprise.updated(**changes))


def change_enterprise_status(
    uow: UnitOfWork, who: Principal, enterprise_id: str, target: str, reason: str | None
) -> dict:
    """Deregister (itself, regulator or official); final."""
    store = RegistryStore(uow)
    enterprise = store.record(Enterprise, enterprise_id)
    require_within(who, enterprise)
    moved = enterprise.moved_to(target, _actor(who, enterprise))
    return _move(uow, who, store, enterprise, moved, reason)


# --- save and announce -------------------------------------------------------------------------------------
def _register(uow: UnitOfWork, who: Principal, record) -> dict:
    doc = RegistryStore(uow).add(record, who.subject)
    _announce(uow, record, "registered")
    return doc


def _save(uow: UnitOfWork, store: RegistryStore, record, status_change: dict | None = None) -> dict:
    doc = store.save(record, status_change)
    _announce(uow, record, "updated")
    return doc


def _move(uow: UnitOfWork, who: Principal, store: RegistryStore, record, moved, reason: str | None) -> dict:
    """Save a status change with its history entry."""
    change = {
        "from": record.status.value,
        "to": moved.status.value,
        "reason": reason,
        "at": isotime(uow.now),
        "by": who.subject,
    }
    return _save(uow, store, moved, change)


def _announce(uow: UnitOfWork, record, verb: str) -> None:
    event_type, data = outgoing.announcement(record, verb, uow.today)
    uow.publish(event_type, subject=record.id, data=data)
