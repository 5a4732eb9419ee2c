"""Service of a violation's notice (送达): the day its objection window and listing delay run from.

Pure. Under a rule table with `public_notice_days` (version 2 on), a violation is served on the day notify first
delivered its notice to the agency (notice-delivered: an e-mail, SMS or webhook accepted, or the inbox opened), or,
when no channel reached the agency within those days of the notice day, on the day credit published the notice on
the public site (公告送达). The first service credit knows of stands: a delivery known after the public notice
changes nothing. Under version 1 the notice day itself served it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .facts import Case
from .rules import RuleTable

DELIVERED, PUBLIC_NOTICE, NOTICE_DAY = "delivered", "public_notice", "notice_day"


@dataclass(frozen=True)
class Service:
    """How and when a violation's notice was served."""

    on: date
    method: str  # delivered | public_notice | notice_day (version 1: the day it reached the platform)
    channel: str | None = None  # delivered: inbox, email, sms or webhook


def served(case: Case, table: RuleTable) -> Service | None:
    """The violation's service, None while it waits for one (never before the day the violation is dated)."""
    if table.public_notice_days is None:
        return Service(case.notice_on, NOTICE_DAY)
    if case.service is None:
        return None
    on, method, channel = case.service
    return Service(max(on, case.dated), method, channel)


def public_notice_due(case: Case, table: RuleTable) -> date | None:
    """The day credit publishes the notice if nothing serves it first; None if served, revoked or not needed."""
    if table.public_notice_days is None or case.service is not None or case.revoked:
        return None
    return case.notice_on + timedelta(days=table.public_notice_days)
