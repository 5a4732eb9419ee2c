"""Event data: the full current state of a record as the catalogue describes it (pure, JSON-ready)."""

from __future__ import annotations

from datetime import date

from services.common.storage.mapping import to_plain

from .domain.enterprises import Enterprise
from .domain.experts import Expert
from .domain.providers import Provider


def provider_data(p: Provider, day: date) -> dict:
    """agency-registered / -updated data, as of `day`."""
    residency = p.cluster_base
    return {
        "agency_id": p.id,
        "name": p.name,
        "uscc": p.uscc,
        "kind": p.kind.value,
        "categories": list(p.categories),
        "qualifications": to_plain(p.qualifications),
        "county": p.county,
        "town": p.town,
        "origin": p.origin,
        "cluster_base": p.resident_on(day),
        "cluster_base_since": to_plain(residency.since) if residency else None,
        "cluster_base_until": to_plain(residency.until) if residency else None,
        "valid_categories": p.valid_categories(day),
        "as_of": day.isoformat(),
        "staff_count": p.staff.count,
        "safety_engineers": p.staff.safety_engineers,
        "email": p.email,
        "status": p.status.value,
    }


def enterprise_data(e: Enterprise) -> dict:
    return {
        "enterprise_id": e.id,
        "name": e.name,
        "uscc": e.uscc,
        "industry": e.industry,
        "industry_section": e.industry_section,
        "size": e.size.value,
        "county": e.county,
        "town": e.town,
        "employees": e.employees,
        "high_risk": e.high_risk,
        "email": e.email,
        "status": e.status.value,
    }


def expert_data(x: Expert) -> dict:
    """Never the ID number or contacts; ties and leave as organisation ids and days only."""
    return {
        "expert_id": x.id,
        "name": x.name,
        "county": x.county,
        "industries": list(x.industries),
        "specialties": list(x.specialties),
        "grade": x.grade.value,
        "available": x.available,
        "status": x.status.value,
        "employer": x.employer,
        "linked_orgs": x.linked_orgs,
        "leave": to_plain(x.leave),
    }


def announcement(record, verb: str, day: date) -> tuple[str, dict]:
    """The event type (<noun>-registered / -updated) and data announcing `record` as of `day`."""
    if isinstance(record, Provider):
        return f"agency-{verb}", provider_data(record, day)
    if isinstance(record, Enterprise):
        return f"enterprise-{verb}", enterprise_data(record)
    return f"expert-{verb}", expert_data(record)
