"""Commands of regulators and agencies.

Recording a violation or a spot check only publishes the event (as an external system would); the
worker applies it through the consumer path. Due-process steps are facts of the credit service itself.
"""
from __future__ import annotations

import uuid
from datetime import date
from typing import Callable

from services.common.auth import Principal
from services.common.errors import Conflict, NotFound
from services.common.clock import isotime
from services.common.store import UnitOfWork

from . import dueprocess, service
from .facts import OBJECTION_RULED, Fact
from .store import CreditStore

AGENCY_STEPS = (dueprocess.object_to, dueprocess.apply_for_repair)  # the agency itself only


def record_violation(uow: UnitOfWork, body: dict, by: Principal) -> dict:
    """A regulator records a violation: publish violation-recorded (recorded today)."""
    _known_agency(uow, body["agency_id"])
    data = {**_json(body), "violation_id": f"v-{uuid.uuid4().hex[:12]}",
            "recorded_on": service.today().isoformat(), "recorded_by": by.org or by.subject}
    event = uow.publish("violation-recorded", body["agency_id"], data)
    return {"violation_id": data["violation_id"], "event_id": event.id}


def record_spot_check(uow: UnitOfWork, body: dict, by: Principal) -> dict:
    """A regulator records a quality spot check (质量抽查): publish inspection-completed."""
    _known_agency(uow, body["agency_id"])
    data = {**_json(body), "inspection_id": f"sc-{uuid.uuid4().hex[:12]}", "kind": "quality_spot_check",
            "inspector": by.org or by.subject}
    event = uow.publish("inspection-completed", body["agency_id"], data)
    return {"inspection_id": data["inspection_id"], "event_id": event.id}


def due_process(uow: UnitOfWork, violation_id: str, step: Callable, by: Principal, **args) -> dict:
    """Run one due-process step on a violation; store its fact, recompute, publish what changed."""
    store = CreditStore.of(uow)
    agency_id = store.violation_agency(violation_id)
    if agency_id is None:
        raise NotFound(f"no violation {violation_id!r}")
    if step in AGENCY_STEPS:
        by.require_org(agency_id)
    facts = store.facts(agency_id)
    try:
        kind, data = step(facts, violation_id, service.today(), **args)
    except dueprocess.UnknownViolation as err:
        raise NotFound(str(err)) from err
    except dueprocess.NotAllowed as err:
        raise Conflict(str(err)) from err
    fact = Fact(id=_fact_id(kind, violation_id, facts), type=kind, time=isotime(), data={**data, "by": by.subject})
    store.add_fact(agency_id, fact)  # a concurrent identical step fails on the unique id (409)
    if kind == OBJECTION_RULED and data["upheld"]:
        uow.publish("violation-revoked", agency_id, {"violation_id": violation_id, "agency_id": agency_id,
                                                     "reason": f"objection upheld: {data['note'] or '-'}"})
    rating = service.refresh(uow, agency_id, service.today(), kind)
    return {"fact": fact.to_dict(), "rating": rating}


def _fact_id(kind: str, violation_id: str, facts: list[Fact]) -> str:
    """Deterministic per step, so two concurrent identical steps collide on the unique id."""
    n = sum(1 for f in facts if f.type == kind and f.data.get("violation_id") == violation_id)
    return f"{kind}:{violation_id}:{n + 1}"


def _json(body: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in body.items()}


def _known_agency(uow: UnitOfWork, agency_id: str) -> None:
    if CreditStore.of(uow).agency(agency_id) is None:
        raise NotFound(f"no agency {agency_id!r} known to the credit service")
