"""Event data: the full current state of a record as the catalogue describes it (pure, JSON-ready)."""

from __future__ import annotations

from datetime import date

from services.common.storage.mapping import to_plain

from .domain.education import Shortfall, Training
from .domain.enterprises import Enterprise
from .domain.experts import Expert
from .domain.practitioners import ONE_AGENCY, Certificate, Practitioner, Refusal
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


# --- practitioners 从业人员: ids, names and certificate kinds only (never the ID number or a certificate number) -
def certificate_data(c: Certificate) -> dict:
    return {
        "kind": c.kind,
        "level": c.level,
        "valid_from": c.valid_from.isoformat(),
        "valid_until": c.valid_until.isoformat(),
    }


def practitioner_state(p: Practitioner) -> dict:
    """What every practitioner event carries: who, where he works now, his verified certificates, his talent."""
    return {
        "practitioner_id": p.id,
        "name": p.name,
        "agency_id": p.employer,
        "certificates": [certificate_data(c) for c in p.certificates if c.verified],
        "talent_level": p.talent.level if p.talent else None,
    }


def joined(p: Practitioner) -> dict:
    return {**practitioner_state(p), "joined_on": p.current.joined_on.isoformat()}


def left(p: Practitioner) -> dict:
    job = p.employments[-1]
    return {
        **practitioner_state(p),
        "left_agency_id": job.agency_id,
        "joined_on": job.joined_on.isoformat(),
        "left_on": job.left_on.isoformat(),
    }


def certificate_verified(p: Practitioner, c: Certificate) -> dict:
    return {**practitioner_state(p), "certificate": certificate_data(c), "verified_at": to_plain(c.verified_at)}


def training_recorded(p: Practitioner, t: Training) -> dict:
    return {
        **practitioner_state(p),
        "training_id": t.id,
        "trained_on": t.trained_on.isoformat(),
        "year": t.trained_on.year,
        "hours": t.hours,
        "year_hours": p.hours_in(t.trained_on.year),
        "recorded_by": "provider" if t.provider_id else "regulator",
        "provider_id": t.provider_id,
    }


def shortfall(p: Practitioner, s: Shortfall) -> dict:
    return {
        **practitioner_state(p),
        "year": s.year,
        "required_hours": s.required,
        "hours": s.hours,
        "kinds": list(s.kinds),
        "rule_version": s.version,
    }


def talent_recorded(p: Practitioner, county: str | None) -> dict:
    t = p.talent
    return {
        **practitioner_state(p),
        "level": t.level,
        "recognised_on": t.recognised_on.isoformat(),
        "basis": t.basis,
        "agency_county": county,
    }


def refused(p: Practitioner, refusal: Refusal) -> dict:
    """For the regulator: who holds him since when, who tried (the person by id and name only)."""
    return {
        "practitioner_id": p.id,
        "name": p.name,
        "agency_id": p.employer,
        "refused_agency_id": refusal.agency_id,
        "employed_since": p.current.joined_on.isoformat(),
        "attempted_on": refusal.on.isoformat(),
        "rule": ONE_AGENCY,
    }
