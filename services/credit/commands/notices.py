"""Public notice (公告送达): when no channel reached an agency within the days its rule table allows, credit publishes
the violation's notice on the public site; its clocks start that day."""

from __future__ import annotations

from datetime import date

from services.common.clock import isotime
from services.common.storage.store import UnitOfWork

from ..domain.effects import schedule
from ..domain.facts import NOTICE_PUBLISHED, Case, Fact, cases
from ..domain.notices import due_for_public_notice
from ..rulebook import BOOK
from ..store import CreditStore
from .refresh import News, refresh_all


def publish_notices(uow: UnitOfWork, agency_id: str, on: date) -> list[str]:
    """公告送达: publish on the public site, dated `on`, the notice of each of the agency's violations due for one;
    their clocks start that day (the refresh publishes violation-served). Returns the violations published."""
    store = CreditStore(uow)
    facts = store.violation_facts(agency_id)
    due, later = due_for_public_notice(facts, BOOK, on)
    new = [
        Fact(
            id=f"{NOTICE_PUBLISHED}:{case.key}",
            type=NOTICE_PUBLISHED,
            time=isotime(uow.now),
            data={"violation_id": case.fact.data["violation_id"], "published_on": on.isoformat()},
            noticed_on=on,
        )
        for case in due
    ]
    if new:
        refresh_all(uow, [News(agency_id, NOTICE_PUBLISHED, new)], on)
        served = cases([*facts, *new])
        store.add_public_notices([_notice(agency_id, served[case.key], on) for case in due])
    store.set_notice_due(agency_id, later)
    return [case.fact.data["violation_id"] for case in due]


def _notice(agency_id: str, case: Case, on: date) -> dict:
    """A public notice as the site shows it: the violation and the dates that run from its publication."""
    data, dates = case.fact.data, schedule(case, BOOK)
    return {
        "_id": data["violation_id"],
        "agency_id": agency_id,
        **{k: data.get(k) for k in ("severity", "code", "description", "recorded_by")},
        "recorded_on": case.dated.isoformat(),
        "published_on": on.isoformat(),
        "objection_deadline": dates.objection_deadline.isoformat(),
        "effect_from": dates.start.isoformat() if dates.start else None,
        "effect_until": dates.end.isoformat() if dates.end else None,
        "listed": dates.listed,
    }
