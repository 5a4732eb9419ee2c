"""The write side: facts stored, ratings recomputed and published; regulator and agency commands.

Every function runs in one unit of work, so a fact, the rating, its history and the outgoing events commit
together. Recording a violation or a spot check only publishes the event (as an external system would); the
worker applies it through the consumer path. Due-process steps are facts of the credit service itself.
"""
from __future__ import annotations

import uuid
from datetime import date

from services.common.auth import Principal
from services.common.clock import isotime
from services.common.errors import Forbidden, NotFound
from services.common.store import UnitOfWork

from . import outgoing
from .domain import dueprocess
from .domain.facts import Fact
from .domain.rating import rate
from .store import CreditStore

#: a change in any of these is published as rating-changed
PUBLISHED = ("score", "grade", "listed_until", "rectification_until", "interview_required")


def record_fact(uow: UnitOfWork, agency_id: str, fact: Fact, cause: str) -> dict:
    """Store a fact (once) and bring the agency's rating up to date."""
    CreditStore(uow).add_fact(agency_id, fact)
    return rerate(uow, agency_id, uow.today, cause)


def rerate(uow: UnitOfWork, agency_id: str, on: date, cause: str) -> dict:
    """Recompute the rating on a day from the stored facts; save it if it changed; publish a published change.

    Returns the new stored rating with `changed` (stored rating differed) and `published` flags.
    """
    store = CreditStore(uow)
    old = (store.agency(agency_id) or {}).get("rating")
    new = rate(store.facts(agency_id), on)
    doc = {"agency_id": agency_id, **new.to_dict()}
    changed = old is None or _without_day(old) != _without_day(doc)
    published = old is None or any(old.get(k) != doc[k] for k in PUBLISHED)
    if changed:
        store.save_rating(agency_id, doc)
    if published:
        data = outgoing.rating_changed(agency_id, old, new, cause)
        event = uow.publish("rating-changed", agency_id, data)
        store.add_history(agency_id, {**data, "cause": cause, "event_id": event.id})
    return {**doc, "changed": changed, "published": published}


def record_violation(uow: UnitOfWork, who: Principal, body: dict) -> dict:
    """A regulator records a violation: publish violation-recorded (recorded today)."""
    require_regulator(who)
    CreditStore(uow).known_agency(body["agency_id"])
    data = outgoing.violation_recorded(body, f"v-{uuid.uuid4().hex[:12]}", uow.today, who.org or who.subject)
    event = uow.publish("violation-recorded", body["agency_id"], data)
    return {"violation_id": data["violation_id"], "event_id": event.id}


def record_spot_check(uow: UnitOfWork, who: Principal, body: dict) -> dict:
    """A regulator records a quality spot check (质量抽查): publish inspection-completed."""
    require_regulator(who)
    CreditStore(uow).known_agency(body["agency_id"])
    data = outgoing.spot_check_completed(body, f"sc-{uuid.uuid4().hex[:12]}", who.org or who.subject)
    event = uow.publish("inspection-completed", body["agency_id"], data)
    return {"inspection_id": data["inspection_id"], "event_id": event.id}


def object_to(uow: UnitOfWork, who: Principal, violation_id: str, reason: str) -> dict:
    """The agency itself objects (异议) to a violation within the objection window."""
    agency_id, facts = _violation(uow, violation_id)
    who.require_org(agency_id)
    kind, data = dueprocess.object_to(facts, violation_id, uow.today, reason)
    fact = _add_step(uow, who, agency_id, facts, kind, data)
    return _stepped(uow, agency_id, fact)


def rule_on_objection(uow: UnitOfWork, who: Principal, violation_id: str, upheld: bool, note: str) -> dict:
    """A regulator rules on a pending objection; upheld publishes violation-revoked."""
    require_regulator(who)
    agency_id, facts = _violation(uow, violation_id)
    kind, data = dueprocess.rule_on_objection(facts, violation_id, uow.today, upheld, note)
    fact = _add_step(uow, who, agency_id, facts, kind, data)
    if upheld:
        uow.publish("violation-revoked", agency_id, outgoing.violation_revoked(agency_id, violation_id, note))
    return _stepped(uow, agency_id, fact)


def apply_for_repair(uow: UnitOfWork, who: Principal, violation_id: str, evidence: str) -> dict:
    """The agency itself applies for credit repair (信用修复) after the minimum period."""
    agency_id, facts = _violation(uow, violation_id)
    who.require_org(agency_id)
    kind, data = dueprocess.apply_for_repair(facts, violation_id, uow.today, evidence)
    fact = _add_step(uow, who, agency_id, facts, kind, data)
    return _stepped(uow, agency_id, fact)


def decide_repair(uow: UnitOfWork, who: Principal, violation_id: str, approved: bool, note: str) -> dict:
    """A regulator approves (the effect ends today) or refuses a pending repair application."""
    require_regulator(who)
    agency_id, facts = _violation(uow, violation_id)
    kind, data = dueprocess.decide_repair(facts, violation_id, uow.today, approved, note)
    fact = _add_step(uow, who, agency_id, facts, kind, data)
    return _stepped(uow, agency_id, fact)


def require_regulator(who: Principal) -> None:
    """Violations, spot checks, rulings and repair decisions are the regulator's (or admin's)."""
    if who.role != "regulator" and not who.is_admin:
        raise Forbidden(f"role {who.role!r} may not do this; needs a regulator")


def _violation(uow: UnitOfWork, violation_id: str) -> tuple[str, list[Fact]]:
    """The agency a violation is about, and that agency's stored facts."""
    store = CreditStore(uow)
    agency_id = store.violation_agency(violation_id)
    if agency_id is None:
        raise NotFound(f"no violation {violation_id!r}")
    return agency_id, store.facts(agency_id)


def _add_step(uow: UnitOfWork, who: Principal, agency_id: str, facts: list[Fact], kind: str, data: dict) -> Fact:
    """Store the fact of a due-process step; a concurrent identical step fails on the unique id (409)."""
    fact = Fact(id=_fact_id(kind, data["violation_id"], facts), type=kind, time=isotime(uow.now),
                data={**data, "by": who.subject})
    CreditStore(uow).add_fact(agency_id, fact)
    return fact


def _stepped(uow: UnitOfWork, agency_id: str, fact: Fact) -> dict:
    """The step's fact and the agency's rating after it."""
    return {"fact": fact.to_dict(), "rating": rerate(uow, agency_id, uow.today, fact.type)}


def _fact_id(kind: str, violation_id: str, facts: list[Fact]) -> str:
    """Deterministic per step, so two concurrent identical steps collide on the unique id."""
    n = sum(1 for f in facts if f.type == kind and f.data.get("violation_id") == violation_id)
    return f"{kind}:{violation_id}:{n + 1}"


def _without_day(rating: dict) -> dict:
    return {k: v for k, v in rating.items() if k not in ("as_of", "changed", "published")}
