"""Consumed events: projections of registry (practitioners' employments and talent levels too), matching and
credit (no calls to other services); a contract that ends early cancels or flags its subsidies; a false-report
violation on a contract flags and holds them."""

from __future__ import annotations

from datetime import date

from services.common.errors import Invalid
from services.common.events.envelope import Event
from services.common.storage.store import UnitOfWork

from . import commands
from .store import SubsidyStore


def on_enterprise(event: Event, uow: UnitOfWork) -> None:
    """enterprise-registered / -updated: size, industry section and place (newest event wins)."""
    SubsidyStore(uow).save_firm(event.data, event.time)


def on_agency(event: Event, uow: UnitOfWork) -> None:
    """agency-registered / -updated: kind, place, status and cluster-base residency (newest event wins)."""
    SubsidyStore(uow).save_provider(event.data, event.time)


def on_contract(event: Event, uow: UnitOfWork) -> None:
    """contract-signed / -completed / -terminated: price, category, buyer, agency, days."""
    SubsidyStore(uow).save_contract(event.type, event.data)


def on_contract_terminated(event: Event, uow: UnitOfWork) -> None:
    """Cancel the contract's unpaid subsidies, flag the paid ones for recovery (追回)."""
    commands.contract_ended(uow, event.data["contract_id"], date.fromisoformat(event.data["terminated_on"]))


def on_violation_recorded(event: Event, uow: UnitOfWork) -> None:
    """A false-report violation tied to a contract flags its paid subsidies and holds its unpaid ones."""
    commands.violation_recorded(uow, event.data)


def on_violation_revoked(event: Event, uow: UnitOfWork) -> None:
    """A violation revoked as void never stood: its hold ends, its flags fall where nothing was recovered. One whose
    effect only ended early (kind ended) still stood: its recovery goes on."""
    if event.data["kind"] == "void":
        commands.violation_revoked(uow, event.data)


def on_employment(event: Event, uow: UnitOfWork) -> None:
    """practitioner-joined / -left: one employment of a practitioner, dated (the talent count's agency)."""
    data = event.data
    agency_id = data["agency_id"] if event.type == "practitioner-joined" else data["left_agency_id"]
    if not agency_id:
        raise Invalid("practitioner-joined names no agency", field="agency_id")  # a dead letter
    SubsidyStore(uow).save_employment(data["practitioner_id"], agency_id, data["joined_on"], data.get("left_on"))


def on_talent(event: Event, uow: UnitOfWork) -> None:
    """talent-recorded: his level from its day (a later recognition replaces it)."""
    data = event.data
    SubsidyStore(uow).add_recognition(
        event.id, data["practitioner_id"], data["level"], data["recognised_on"], event.time
    )


def on_rating_changed(event: Event, uow: UnitOfWork) -> None:
    """Every grade is kept with its day, so the grade on a signing day is answerable; a correction (更正) sets the
    grade of each earlier event it names to the day's grade as now known."""
    data, store = event.data, SubsidyStore(uow)
    store.add_grade(event.id, data["agency_id"], data["as_of"], data["new_grade"], event.time)
    if data["corrections"]:
        store.correct_grades(data["agency_id"], data["corrections"], event.id, event.time)


HANDLERS = {
    "enterprise-registered": [on_enterprise],
    "enterprise-updated": [on_enterprise],
    "agency-registered": [on_agency],
    "agency-updated": [on_agency],
    "contract-signed": [on_contract],
    "contract-completed": [on_contract],
    "contract-terminated": [on_contract, on_contract_terminated],
    "rating-changed": [on_rating_changed],
    "violation-recorded": [on_violation_recorded],
    "violation-revoked": [on_violation_revoked],
    "practitioner-joined": [on_employment],
    "practitioner-left": [on_employment],
    "talent-recorded": [on_talent],
}
