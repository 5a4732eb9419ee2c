"""Service of a case's notice (送达): the day its objection window (a violation's listing delay) runs from.

Pure. A violation's notice and a buyer's at-fault claim's (过错解约) are served alike. Under a rule table with
`public_notice_days` (version 2 on), such a case is served on the day notify first delivered its notice to the agency
(notice-delivered: an e-mail, SMS or webhook accepted, or the inbox opened), or, when no channel reached the agency
within those days of the notice day, on the day credit published the notice on the public site (公告送达). The first
service credit knows of stands: a delivery known after the public notice changes nothing. Under version 1 the notice
day itself served it; other cases need no service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from services.common.events.catalogue.matching import buyer_claim

from .facts import Case
from .rules import RuleTable

DELIVERED, PUBLIC_NOTICE, NOTICE_DAY = "delivered", "public_notice", "notice_day"


@dataclass(frozen=True)
class Service:
    """How and when a case's notice was served."""

    on: date
    method: str  # delivered | public_notice | notice_day (version 1: the day it reached the platform)
    channel: str | None = None  # delivered: inbox, email, sms or webhook


def needs_service(case: Case) -> bool:
    """A violation, or a buyer's at-fault claim: its notice must be served before its objection window runs."""
    kind = case.key.split(":", 1)[0]
    return kind == "violation" or (kind == "claim" and buyer_claim(case.fact.data))


def served(case: Case, table: RuleTable) -> Service | None:
    """The case's service, None while it waits for one (never before the day the case is dated)."""
    if table.public_notice_days is None or not needs_service(case):
        return Service(case.notice_on, NOTICE_DAY)
    if case.service is None:
        return None
    on, method, channel = case.service
    return Service(max(on, case.dated), method, channel)


def public_notice_due(case: Case, table: RuleTable) -> date | None:
    """The day credit publishes the notice if nothing serves it first; None if served, revoked, not needed, or a
    claim the agency already accepted or contested."""
    answered = case.key.startswith("claim:") and (case.accepted_on or case.objection_on)
    if table.public_notice_days is None or not needs_service(case) or case.service or case.revoked or answered:
        return None
    return case.notice_on + timedelta(days=table.public_notice_days)
