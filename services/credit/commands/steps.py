"""Regulator and agency commands: record a violation or a spot check, revoke a violation, and the due-process
steps on a violation (`violation:<id>`) or an at-fault claim (`claim:<contract id>`).

Recording and revoking only publish the event (as an external system would); the worker applies it through
the consumer path. Due-process steps are facts of the credit service itself, applied at once and published
(objection-filed, objection-ruled, repair-applied, repair-decided, claim-accepted) for the parties to be told.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from services.common.clock import isotime
from services.common.errors import Forbidden, NotFound
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from .. import outgoing
from ..domain import dueprocess
from ..domain.facts import OBJECTION_FILED, OBJECTION_RULED, REPAIR_APPLIED, REPAIR_DECIDED, VOID, Fact, cases
from ..rulebook import BOOK
from ..store import CreditStore
from ..store.evidence import EvidenceStore
from .refresh import News, refresh_all

OBJECTION, REPAIR = "objection", "repair"  # what waits for a regulator (awaiting)


def record_violation(uow: UnitOfWork, who: Principal, body: dict) -> dict:
    """A regulator records a violation: publish violation-recorded (recorded today)."""
    require_regulator(who, CreditStore(uow).known_agency(body["agency_id"]))
    data = outgoing.violation_recorded(body, f"v-{uuid.uuid4().hex[:12]}", uow.today, _by(who))
    event = uow.publish("violation-recorded", body["agency_id"], data)
    return {"violation_id": data["violation_id"], "event_id": event.id}


def record_spot_check(uow: UnitOfWork, who: Principal, body: dict) -> dict:
    """A regulator records a quality spot check (质量抽查): publish inspection-completed."""
    require_regulator(who, CreditStore(uow).known_agency(body["agency_id"]))
    data = outgoing.spot_check_completed(body, f"sc-{uuid.uuid4().hex[:12]}", _by(who))
    event = uow.publish("inspection-completed", body["agency_id"], data)
    return {"inspection_id": data["inspection_id"], "event_id": event.id}


def revoke(uow: UnitOfWork, who: Principal, violation_id: str, reason: str, kind: str) -> dict:
    """A regulator revokes a violation: as void (recorded in error: it never stood) or ended (提前移出: from the day
    the revocation is applied). Publishes violation-revoked with the reason and the kind."""
    key = f"violation:{violation_id}"
    agency_id, facts = _case(uow, key, who)
    dueprocess.revocable(facts, key)
    data = outgoing.violation_revoked(agency_id, violation_id, reason, _by(who), kind)
    event = uow.publish("violation-revoked", agency_id, data)
    return {"violation_id": violation_id, "event_id": event.id}


def object_to(uow: UnitOfWork, who: Principal, key: str, reason: str, attachments: tuple[dict, ...] = ()) -> dict:
    """The agency itself objects (异议) within the objection period, with its evidence files (stored already)."""
    agency_id, facts = _case(uow, key)
    who.require_org(agency_id)
    step = dueprocess.object_to(facts, key, uow.today, reason, BOOK)
    return _step(uow, who, agency_id, facts, *step, attachments)


def rule_on_objection(uow: UnitOfWork, who: Principal, key: str, upheld: bool, note: str) -> dict:
    """A regulator rules on a pending objection (objection-ruled); an upheld objection to a violation also
    publishes violation-revoked, as void (the violation never stood)."""
    agency_id, facts = _case(uow, key, who)
    result = _step(uow, who, agency_id, facts, *dueprocess.rule_on_objection(facts, key, uow.today, upheld, note))
    if upheld and key.startswith("violation:"):
        violation_id = key.split(":", 1)[1]
        uow.publish(
            "violation-revoked",
            agency_id,
            outgoing.violation_revoked(
                agency_id, violation_id, f"异议成立{'：' + note if note else ''}", _by(who), VOID
            ),
        )
    return result


def accept_claim(uow: UnitOfWork, who: Principal, key: str) -> dict:
    """The agency itself accepts a buyer's at-fault claim (it takes effect today)."""
    agency_id, facts = _case(uow, key)
    who.require_org(agency_id)
    return _step(uow, who, agency_id, facts, *dueprocess.accept_claim(facts, key, uow.today, BOOK))


def apply_for_repair(
    uow: UnitOfWork, who: Principal, key: str, evidence: str, attachments: tuple[dict, ...] = ()
) -> dict:
    """The agency itself applies for credit repair (信用修复) after the minimum period, with its evidence files."""
    agency_id, facts = _case(uow, key)
    who.require_org(agency_id)
    step = dueprocess.apply_for_repair(facts, key, uow.today, evidence, BOOK)
    return _step(uow, who, agency_id, facts, *step, attachments)


def decide_repair(uow: UnitOfWork, who: Principal, key: str, approved: bool, note: str) -> dict:
    """A regulator approves (the effect ends today) or refuses a pending repair application."""
    agency_id, facts = _case(uow, key, who)
    return _step(uow, who, agency_id, facts, *dueprocess.decide_repair(facts, key, uow.today, approved, note))


def require_regulator(who: Principal, agency: dict) -> None:
    """Violations, spot checks, rulings, revocations and repair decisions are a regulator's (or admin's) whose
    division holds the agency's home (its town, else its county); an agency from outside Jiaxing, or held without
    a profile, is the city's."""
    if who.is_admin:
        return
    if who.role != "regulator":
        raise Forbidden(f"role {who.role!r} may not do this; needs a regulator")
    who.require_reach(agency.get("town") or agency.get("county"), f"agency {agency['_id']}")


def _case(uow: UnitOfWork, key: str, regulator: Principal | None = None) -> tuple[str, list[Fact]]:
    """The agency a case is about, and the case's stored facts; with `regulator`, checked to be its."""
    store = CreditStore(uow)
    agency_id = store.case_agency(key)
    if agency_id is None:
        raise NotFound(f"no {key.replace(':', ' ')}")
    if regulator is not None:
        require_regulator(regulator, store.agency(agency_id) or {"_id": agency_id})
    return agency_id, store.case_facts(agency_id, key)


def _step(
    uow: UnitOfWork,
    who: Principal,
    agency_id: str,
    facts: list[Fact],
    kind: str,
    data: dict,
    attachments: tuple[dict, ...] = (),
) -> dict:
    """Store the fact of a due-process step (a concurrent identical step fails on its unique id: 409) with the
    evidence files it names, publish the step (the event of the same name) so every party hears of it, then
    refresh: the step's fact and the agency's rating after it."""
    key = f"violation:{data['violation_id']}" if "violation_id" in data else f"claim:{data['contract_id']}"
    n = sum(1 for f in facts if f.type == kind)
    fact = Fact(
        id=f"{kind}:{key}:{n + 1}",
        type=kind,
        time=isotime(uow.now),
        data={**data, "by": who.subject, **({"attachments": list(attachments)} if attachments else {})},
        noticed_on=uow.today,
    )
    store, case = CreditStore(uow), cases(facts)[key]
    store.add_fact(agency_id, fact)
    EvidenceStore(uow).attach([a["id"] for a in attachments], agency_id, fact.id)
    _queue(store, kind, key, agency_id, case.notice_on, uow.today)
    uow.publish(kind, agency_id, outgoing.due_process_step(kind, data, case.fact, agency_id, _by(who)))
    [rating] = refresh_all(uow, [News(agency_id, kind, [fact], stored=True)])
    return {"fact": fact.to_dict(), "rating": rating}


def _queue(store: CreditStore, kind: str, key: str, agency_id: str, notice_on: date, today: date) -> None:
    """An objection or a repair application waits for a regulator's decision (due within the table's days); a
    ruling or a decision ends the wait."""
    table = BOOK.on(notice_on)
    if kind == OBJECTION_FILED:
        store.await_decision(OBJECTION, key, agency_id, today, today + timedelta(days=table.ruling_days))
    elif kind == REPAIR_APPLIED:
        store.await_decision(REPAIR, key, agency_id, today, today + timedelta(days=table.repair_decision_days))
    elif kind in (OBJECTION_RULED, REPAIR_DECIDED):
        store.decided(OBJECTION if kind == OBJECTION_RULED else REPAIR, key)


def _by(who: Principal) -> str:
    return who.org or who.subject
