"""The staffing facts credit keeps of the registry's events (人员配备、继续教育): trimmed to what the rating reads (ids,
the agency, days, certificate kinds and validity, hours per year; never a name or a personal number), with the
agency they concern. A practitioner's event that contradicts itself is refused (Invalid: a dead letter)."""

from __future__ import annotations

from datetime import date

from services.common.errors import Invalid
from services.common.events.envelope import Event
from services.common.reference.practice import staffing_kinds

from .domain.facts import TRAINING, Fact

CERTIFICATE = ("kind", "valid_from", "valid_until")


def staffing_fact(event: Event) -> list[tuple[str, str, Fact]]:
    """The arrival of a practitioner's event at the agency it concerns (he joined or works for it, or left it);
    none when he works for no agency."""
    data = event.data
    left = event.type == "practitioner-left"
    agency = data["left_agency_id"] if left else data["agency_id"]
    _check(event, agency)
    if agency is None:
        return []
    kept = {
        "agency_id": agency,
        "practitioner_id": data["practitioner_id"],
        "on_staff": not left,
        "certificates": [{k: c[k] for k in CERTIFICATE} for c in data["certificates"]],
    }
    if event.type == TRAINING:
        kept |= {"year": data["year"], "year_hours": data["year_hours"]}
    return [(agency, event.type, Fact(id=event.id, type=event.type, time=event.time, data=kept))]


def profile_fact(event: Event) -> Fact | None:
    """An agency's verified qualifications, when it offers or holds a category some staffing table rules on."""
    data = event.data
    named = set(data["categories"]) | {q["category"] for q in data["qualifications"]}
    if not any(staffing_kinds(c) for c in named):
        return None
    qualified = [
        {"category": q["category"], "valid_from": q["valid_from"], "valid_until": q["valid_until"]}
        for q in data["qualifications"]
        if q.get("verified")
    ]
    kept = {"agency_id": data["agency_id"], "qualified": qualified}
    return Fact(id=event.id, type=event.type, time=event.time, data=kept)


def _check(event: Event, agency: str | None) -> None:
    data = event.data
    if event.type == "practitioner-left" and data["agency_id"] == agency:
        raise Invalid("a practitioner-left still names the agency he left as his agency", field="agency_id")
    if event.type == "practitioner-joined" and data["agency_id"] is None:
        raise Invalid("a practitioner-joined names no agency", field="agency_id")
    for c in data["certificates"]:
        if date.fromisoformat(c["valid_until"]) < date.fromisoformat(c["valid_from"]):
            raise Invalid(f"certificate {c['kind']} ends before it starts", field="certificates")
    if event.type == TRAINING:
        if data["year"] != date.fromisoformat(data["trained_on"]).year:
            raise Invalid("hours count for the year trained", field="year")
        if data["year_hours"] < data["hours"]:
            raise Invalid("the year's hours are fewer than this course's", field="year_hours")
