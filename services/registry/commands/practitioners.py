"""Writes about practitioners 从业人员: an agency registers and lets go of its own staff and declares their
certificates; a regulator verifies certificates and records talent levels; a training provider or a regulator
records continuing-education hours; the worker assesses each closed year. Each takes (uow, who, ...).
"""

from __future__ import annotations

import uuid

from services.common.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from services.common.storage.mapping import from_plain
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from .. import outgoing
from ..domain.education import Training, check_recordable, shortfall
from ..domain.practitioners import Certificate, HeldElsewhere, Practitioner, Refusal, Talent
from ..domain.providers import Provider, Status
from ..store import RegistryStore

TRAINING_CATEGORY = "safety_training"  # 安全教育培训: who may record training hours


# --- who may -----------------------------------------------------------------------------------------------
def require_regulator(who: Principal, act: str) -> None:
    """An official act: a regulator (not admin)."""
    if who.role != "regulator":
        raise Forbidden(f"only a regulator {act}")


def require_employer(who: Principal, practitioner: Practitioner) -> None:
    """The agency he works for now (its own token) or admin manages a practitioner."""
    if not who.is_admin and (who.role != "agency" or who.org is None or who.org != practitioner.employer):
        raise Forbidden("only the agency he works for manages a practitioner")


def require_trainer(who: Principal, store: RegistryStore) -> str | None:
    """A regulator (None), or a training provider: an active agency holding a verified, valid safety-training
    qualification today (its id)."""
    if who.role == "regulator":
        return None
    try:
        provider = store.record(Provider, who.org) if who.role == "agency" and who.org else None
    except NotFound:
        provider = None
    if provider and provider.status == Status.ACTIVE and TRAINING_CATEGORY in provider.valid_categories(store.today):
        return provider.id
    raise Forbidden(
        "only a training provider (an active agency with a verified, valid safety-training qualification) "
        "or a regulator records training hours"
    )


def _active_agency(store: RegistryStore, provider_id: str) -> Provider:
    provider = store.record(Provider, provider_id)
    if provider.status != Status.ACTIVE:
        raise Conflict(f"a {provider.status} provider registers no practitioners", state=provider.status.value)
    return provider


# --- staff ---------------------------------------------------------------------------------------------------
def register(uow: UnitOfWork, who: Principal, provider_id: str, body: dict) -> dict | DomainError:
    """The agency itself registers a practitioner (a new person, or one who has left his last agency). One
    registered elsewhere now is refused: the refusal is recorded and published for the regulator, and returned
    (the edge answers it as 409 once this unit of work has committed)."""
    who.require_org(provider_id)
    store = RegistryStore(uow)
    _active_agency(store, provider_id)
    person = store.person(body["id_number"])
    fresh = person is None
    if fresh:
        person = Practitioner(
            f"prc-{uuid.uuid4().hex[:12]}", body["name"], body["id_number"], ce_assessed=uow.today.year
        )
    try:
        moved = person.joined(provider_id, body.get("joined_on") or uow.today, uow.today)
    except HeldElsewhere as refused:  # reported whatever name was sent: the ID number is the person
        refusal = Refusal(provider_id, uow.today, uow.now)
        store.save(person.with_refusal(refusal))
        uow.publish("practitioner-registration-refused", subject=person.id, data=outgoing.refused(person, refusal))
        return refused
    if person.name != body["name"]:
        raise Invalid("the name does not match the person registered with this resident ID number", field="name")
    held = {c.key for c in moved.certificates}
    for certificate in body.get("certificates", ()):
        declared = from_plain(Certificate, certificate)
        moved = moved if declared.key in held else moved.with_certificate(declared)
    doc = store.add(moved, who.subject) if fresh else store.save(moved)
    uow.publish("practitioner-joined", subject=moved.id, data=outgoing.joined(moved))
    return doc


def leave(uow: UnitOfWork, who: Principal, practitioner_id: str, left_on) -> dict:
    """His agency (or a regulator, e.g. for an agency that has closed) records that he left."""
    store = RegistryStore(uow)
    person = store.record(Practitioner, practitioner_id)
    if who.role != "regulator":
        require_employer(who, person)
    moved = person.left(left_on or uow.today, uow.today)
    doc = store.save(moved)
    uow.publish("practitioner-left", subject=moved.id, data=outgoing.left(moved))
    return doc


def declare_certificate(uow: UnitOfWork, who: Principal, practitioner_id: str, body: dict) -> dict:
    """His agency declares a certificate; it counts once a regulator verifies it (nothing is published yet)."""
    store = RegistryStore(uow)
    person = store.record(Practitioner, practitioner_id)
    require_employer(who, person)
    return store.save(person.with_certificate(from_plain(Certificate, body)))


def verify_certificate(uow: UnitOfWork, who: Principal, practitioner_id: str, kind: str, number: str) -> dict:
    """A regulator verifies (核验) a declared certificate: from now on it counts."""
    require_regulator(who, "verifies a certificate")
    store = RegistryStore(uow)
    person, certificate = store.record(Practitioner, practitioner_id).with_verified(kind, number, who.subject, uow.now)
    doc = store.save(person)
    uow.publish("certificate-verified", subject=person.id, data=outgoing.certificate_verified(person, certificate))
    return doc


# --- continuing education 继续教育 and talent 人才 -------------------------------------------------------------
def record_training(uow: UnitOfWork, who: Principal, practitioner_id: str, body: dict) -> dict:
    """A training provider or a regulator records the hours of one course, until the year is closed."""
    store = RegistryStore(uow)
    provider_id = require_trainer(who, store)
    year = check_recordable(body["trained_on"], uow.today)
    person = store.record(Practitioner, practitioner_id)
    training = Training(
        f"trn-{uuid.uuid4().hex[:12]}", person.id, body["trained_on"], body["hours"], body["course"],
        provider_id, who.subject, uow.now,
    )  # fmt: skip
    moved = person.with_hours(year, training.hours)
    store.add_training(training)
    doc = store.save(moved)
    uow.publish("training-recorded", subject=moved.id, data=outgoing.training_recorded(moved, training))
    return doc


def assess(uow: UnitOfWork, practitioner_id: str, year: int) -> None:
    """The yearly check's own command: flag him if below the requirement of `year` (once per year)."""
    store = RegistryStore(uow)
    person = store.record(Practitioner, practitioner_id)
    if person.ce_assessed >= year:
        return
    flag = shortfall(person.certificates, year, person.hours_in(year))
    moved = person.assessed(year, flag)
    store.save(moved)
    if flag:
        uow.publish("continuing-education-flagged", subject=moved.id, data=outgoing.shortfall(moved, flag))


def record_talent(uow: UnitOfWork, who: Principal, practitioner_id: str, body: dict) -> dict:
    """A regulator records his talent level under the city's talent policy, with the day and the basis."""
    require_regulator(who, "records a talent level")
    store = RegistryStore(uow)
    person = store.record(Practitioner, practitioner_id)
    talent = Talent(body["level"], body["recognised_on"], body["basis"], who.subject, uow.now)
    moved = person.with_talent(talent, uow.today)
    doc = store.save(moved)
    county = store.record(Provider, moved.employer).county if moved.employer else None
    uow.publish("talent-recorded", subject=moved.id, data=outgoing.talent_recorded(moved, county))
    return doc
