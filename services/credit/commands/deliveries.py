"""Deliveries of served notices (送达): notify's notice-delivered placed on the violations and claims they are about.

A notice-delivered names the violation-recorded (or a buyer's claim's contract-terminated) event its notice was about;
credit keeps a delivery as a fact of that case, naming its violation (contract). A delivery that arrives before its
case (topics are not ordered against each other) waits on the agency's document (`deliveries_pending`, at most
PENDING_KEPT) until the case is taken in. The agency's
`notice_due_on` is the earliest day a public notice may fall due (a hint the job checks against the facts).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from services.common.errors import Invalid

from ..domain.facts import NOTICE_DELIVERED, Fact, case_key, subject_of
from ..store import CreditStore
from ..store.standings import Standing

log = logging.getLogger(__name__)
PENDING_KEPT = 100  # deliveries waiting for their case, per agency (the oldest beyond are dropped, logged)
SERVED = ("violation-recorded", "contract-terminated")  # the events whose notices are served


def name_cases(store: CreditStore, news: Iterable, deliveries: list[Fact]) -> None:
    """Each delivery of the batch names its violation (contract) when credit holds it (one read), else waits."""
    known = store.served_cases_of({f.data["event_id"] for f in deliveries})
    for item in news:
        facts = []
        for fact in item.facts:
            if fact.type != NOTICE_DELIVERED:
                facts.append(fact)
            elif fact.data["event_id"] not in known:
                item.unplaced.append(fact)
            else:
                agency_id, key = known[fact.data["event_id"]]
                if agency_id != item.agency_id:
                    raise Invalid(f"the notice was about a case of another agency ({agency_id})", field="org_id")
                facts.append(replace(fact, data={**fact.data, **subject_of(key)}))
        item.facts = facts


def place(before: Standing, unplaced: list[Fact], today: date) -> dict:
    """Deliveries waiting for a case the agency's new facts open become facts of it (noticed today); the agency's
    document field to write if what waits changed."""
    waiting = [Fact.from_dict(d) for d in before.doc.get("deliveries_pending") or []]
    if not waiting and not unplaced:
        return {}
    opened = {f.id: subject_of(case_key(f)) for f in before.new if f.type in SERVED}
    placed = [
        replace(f, data={**f.data, **opened[f.data["event_id"]]}, noticed_on=today)
        for f in waiting + unplaced
        if f.data["event_id"] in opened
    ]
    before.new += placed
    before.unstored += placed
    rest = [f for f in waiting + unplaced if f.data["event_id"] not in opened]
    if len(rest) > PENDING_KEPT:
        log.warning("agency %s: %d deliveries wait for no known case; the oldest dropped", before.agency_id, len(rest))
    kept = [f.to_dict() for f in rest[-PENDING_KEPT:]]
    return {"deliveries_pending": kept} if kept != before.doc.get("deliveries_pending", []) else {}


def due_field(doc: dict, due: date | None) -> dict:
    """`notice_due_on` moved earlier when a changed violation's public notice falls due sooner."""
    if due is None or (doc.get("notice_due_on") and doc["notice_due_on"] <= due.isoformat()):
        return {}
    return {"notice_due_on": due.isoformat()}
