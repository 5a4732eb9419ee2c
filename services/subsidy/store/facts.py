"""The projected facts (enterprises, providers, contracts, grades) as the domain reads them."""

from __future__ import annotations

from datetime import date

from ..domain.amounts import DatedGrade
from ..domain.coverage import Grant
from ..domain.facts import Deal, Firm, Provider


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def firm_from_doc(doc: dict) -> Firm:
    return Firm(
        id=doc["_id"],
        name=doc.get("name", ""),
        size=doc.get("size"),
        section=doc.get("section"),
        county=doc.get("county"),
        town=doc.get("town"),
        status=doc.get("status", "unknown"),
    )


def provider_from_doc(doc: dict) -> Provider:
    return Provider(
        id=doc["_id"],
        name=doc.get("name", ""),
        kind=doc.get("kind"),
        county=doc.get("county"),
        town=doc.get("town"),
        status=doc.get("status", "unknown"),
        base_since=_day(doc.get("base_since")),
        base_until=_day(doc.get("base_until")),
    )


def deal_from_doc(doc: dict) -> Deal:
    return Deal(
        id=doc["_id"],
        agency_id=doc["agency_id"],
        buyer_type=doc["buyer_type"],
        enterprise_id=doc.get("enterprise_id"),
        category=doc["category"],
        county=doc["county"],
        town=doc.get("town"),
        price_fen=doc["price_fen"],
        status=doc["status"],
        signed_on=_day(doc.get("signed_on")),
        completed_on=_day(doc.get("completed_on")),
        terminated_on=_day(doc.get("terminated_on")),
        false_reports=tuple(
            f["violation_id"] for f in doc.get("false_reports", ()) if f["agency_id"] == doc["agency_id"]
        ),
    )


def grade_from_doc(doc: dict) -> DatedGrade:
    """The grade of the day as now known: the newest correction's, else the published one."""
    corrections = doc.get("corrections")
    grade = max(corrections, key=lambda c: (c["time"], c["by"]))["grade"] if corrections else doc["grade"]
    return DatedGrade(as_of=_day(doc["as_of"]), time=doc["time"], grade=grade)


def grant_from_doc(doc: dict) -> Grant:
    """An approved or paid application as coverage counts it."""
    return Grant(
        doc["county"], doc.get("town"), doc["amount_fen"], _day(doc.get("approved_on")), _day(doc.get("paid_on"))
    )
