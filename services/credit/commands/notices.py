"""Public notice (公告送达): when no channel reached an agency within the days its rule table allows, credit publishes
the notice of a violation (or of a buyer's at-fault claim) on the public site; its clocks start that day."""

from __future__ import annotations

from datetime import date

from services.common.clock import isotime
from services.common.storage.store import UnitOfWork

from ..domain.effects import case_effects, objection_deadline
from ..domain.facts import NOTICE_PUBLISHED, Case, Fact, cases, subject_of
from ..domain.notices import due_for_public_notice
from ..rulebook import BOOK
from ..store import CreditStore
from .refresh import News, refresh_all


def publish_notices(uow: UnitOfWork, agency_id: str, on: date) -> list[str]:
    """公告送达: publish on the public site, dated `on`, the notice of each of the agency's violations and claims due
    for one; their clocks start that day (the refresh publishes violation-served). Returns the violations published
    (a claim as `claim:<contract>`)."""
    store = CreditStore(uow)
    facts = store.violation_facts(agency_id, claims=True)
    due, later = due_for_public_notice(facts, BOOK, on)
    new = [
        Fact(
            id=f"{NOTICE_PUBLISHED}:{case.key}",
            type=NOTICE_PUBLISHED,
            time=isotime(uow.now),
            data={**subject_of(case.key), "published_on": on.isoformat()},
            noticed_on=on,
        )
        for case in due
    ]
    if new:
        refresh_all(uow, [News(agency_id, NOTICE_PUBLISHED, new)], on)
        served = cases([*facts, *new])
        store.add_public_notices([_notice(agency_id, served[case.key], on) for case in due])
    store.set_notice_due(agency_id, later)
    return [case.fact.data.get("violation_id") or case.key for case in due]


def _notice(agency_id: str, case: Case, on: date) -> dict:
    """A public notice as the site shows it: the violation (the claim) and the dates that run from its publication."""
    data, table = case.fact.data, BOOK.on(case.notice_on)
    effect = next(iter(case_effects(case, BOOK)), None)
    rule = table.rules[f"violation.{data['severity']}"] if "severity" in data else None
    subject = (
        {k: data.get(k) for k in ("severity", "code", "description", "recorded_by")}
        if rule
        else {"contract_id": data["contract_id"]}  # not the buyer's own words: an unproven claim, maybe personal
    )
    return {
        "_id": data["violation_id"] if rule else case.key,
        "agency_id": agency_id,
        **subject,
        "recorded_on": case.dated.isoformat(),
        "published_on": on.isoformat(),
        "objection_deadline": objection_deadline(case, table).isoformat(),
        "effect_from": effect.start.isoformat() if effect else None,
        "effect_until": effect.end.isoformat() if effect else None,
        "listed": bool(rule and rule.veto),
    }
