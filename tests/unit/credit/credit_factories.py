"""Builders of stored credit facts for the pure tests (a fact is noticed on its day unless told)."""

from __future__ import annotations

import itertools
from datetime import date

from services.credit.domain.facts import Fact
from services.credit.domain.rating import rate
from services.credit.rulebook import BOOK

_ids = itertools.count(1)


def d(text: str) -> date:
    return date.fromisoformat(text)


def rating(facts, on: str, book=BOOK, known: str | None = None):
    """The rating of a day with every fact known (`known`: as known that day)."""
    return rate(facts, d(on), book, d(known) if known else None)


def score(facts, on: str) -> int:
    return rating(facts, on).score


def fact(type_: str, on: str, id_: str | None = None, noticed: str | None = None, **data) -> Fact:
    return Fact(
        id=id_ or f"{type_}-{next(_ids)}",
        type=type_,
        time=f"{on}T09:00:00.000Z",
        data=data,
        noticed_on=d(noticed) if noticed else None,
    )


def completed(contract_id: str, on: str, on_time: bool = True, **kw) -> Fact:
    return fact(
        "contract-completed",
        on,
        contract_id=contract_id,
        agency_id="ag1",
        completed_on=on,
        on_time=on_time,
        score=5,
        **kw,
    )


def terminated(
    contract_id: str,
    on: str,
    at_fault: str = "agency",
    by: str | None = "agency",
    signed_on: str | None = "2020-01-01",
    **kw,
) -> Fact:
    extra = {"terminated_by": by} if by else {}
    return fact(
        "contract-terminated",
        on,
        contract_id=contract_id,
        agency_id="ag1",
        terminated_on=on,
        at_fault=at_fault,
        reason="x",
        signed_on=signed_on,
        **extra,
        **kw,
    )


def inspection(
    inspection_id: str, on: str, kind: str = "quality_spot_check", passed: bool = True, findings: int = 0
) -> Fact:
    return fact(
        "inspection-completed",
        on,
        inspection_id=inspection_id,
        kind=kind,
        agency_id="ag1",
        inspected_on=on,
        passed=passed,
        findings=findings,
    )


def violation(violation_id: str, on: str, severity: str, code: str = "false-report", **kw) -> Fact:
    return fact(
        "violation-recorded",
        on,
        violation_id=violation_id,
        agency_id="ag1",
        severity=severity,
        code=code,
        occurred_on=on,
        recorded_by="330411",
        **{"description": "x", **kw},
    )


def revoked(violation_id: str, on: str, kind: str | None = None) -> Fact:
    """A revocation (None: an old event without `kind`)."""
    return fact(
        "violation-revoked",
        on,
        violation_id=violation_id,
        agency_id="ag1",
        reason="recorded in error",
        revoked_by="330411",
        **({"kind": kind} if kind else {}),
    )


def delivered(subject: str, on: str, channel: str = "email", noticed: str | None = None, claim: bool = False) -> Fact:
    """notify's notice-delivered for the violation's (claim's) notice (credit named its subject), at 10:00 Jiaxing."""
    return fact(
        "notice-delivered",
        on,
        noticed=noticed,
        **_subject(subject, claim),
        org_id="ag1",
        event_type="contract-terminated" if claim else "violation-recorded",
        channel=channel,
        delivered_at=f"{on}T02:00:00+00:00",
    )


def published_notice(subject: str, on: str, claim: bool = False) -> Fact:
    """Credit's public notice (公告送达) of the violation (claim), published that day."""
    return fact("notice-published", on, **_subject(subject, claim), published_on=on)


def objection(subject: str, on: str, claim: bool = False) -> Fact:
    return fact("objection-filed", on, **_subject(subject, claim), filed_on=on, reason="not us")


def ruling(subject: str, on: str, upheld: bool, claim: bool = False) -> Fact:
    return fact("objection-ruled", on, **_subject(subject, claim), ruled_on=on, upheld=upheld, note="")


def accepted(contract_id: str, on: str) -> Fact:
    return fact("claim-accepted", on, contract_id=contract_id, accepted_on=on)


def repair_applied(violation_id: str, on: str) -> Fact:
    return fact("repair-applied", on, violation_id=violation_id, applied_on=on, evidence="fixed")


def repair_decided(violation_id: str, on: str, approved: bool) -> Fact:
    return fact("repair-decided", on, violation_id=violation_id, decided_on=on, approved=approved, note="")


def _subject(subject: str, claim: bool) -> dict:
    return {"contract_id": subject} if claim else {"violation_id": subject}
