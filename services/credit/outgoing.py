"""The data of the events the credit service publishes (shapes: services/common/events/catalogue/credit.py)."""

from __future__ import annotations

from datetime import date

from .domain.effects import Schedule
from .domain.facts import (
    CLAIM_ACCEPTED,
    OBJECTION_FILED,
    OBJECTION_RULED,
    REPAIR_APPLIED,
    REPAIR_DECIDED,
    Case,
    Fact,
)
from .domain.rating import Rating

#: the field of each due-process event naming who took the step
STEP_BY = {
    OBJECTION_FILED: "filed_by",
    OBJECTION_RULED: "ruled_by",
    REPAIR_APPLIED: "applied_by",
    REPAIR_DECIDED: "decided_by",
    CLAIM_ACCEPTED: "accepted_by",
}


def rating_changed(
    agency_id: str,
    old: dict | None,
    new: Rating,
    reasons: list[str],
    cause: str,
    corrected_from: date | None = None,
    corrected: list[tuple[dict, dict]] = (),
) -> dict:
    """rating-changed: old and new score and grade, why (`+rule:code` / `-rule:code`, `correction` when it corrects
    the past, else the cause), lists, the first day corrected and each earlier publication corrected (a history
    entry with the values it is set to)."""
    if corrected_from:
        reasons = [*reasons, "correction"]
    return {
        "agency_id": agency_id,
        "as_of": new.as_of.isoformat(),
        "old_score": old["score"] if old else None,
        "new_score": new.score,
        "old_grade": old["grade"] if old else None,
        "new_grade": new.grade,
        "reasons": sorted(reasons + _flags(old, new)) or [cause],
        "interview_required": new.interview_required,
        "rectification_until": _iso(new.rectification_until),
        "listed_until": _iso(new.listed_until),
        "rule_version": new.rule_version,
        "corrected_from": _iso(corrected_from),
        "corrections": [
            {
                "event_id": entry["event_id"],
                "as_of": entry["as_of"],
                **{k: values[k] for k in ("new_grade", "new_score")},
            }
            for entry, values in corrected
        ],
    }


def violation_served(agency_id: str, case: Case, dates: Schedule) -> dict:
    """violation-served: how and when the violation's notice was served, and the dates that run from then."""
    data = case.fact.data
    return {
        "agency_id": agency_id,
        **{k: data[k] for k in ("violation_id", "severity", "code", "recorded_by", "description")},
        "recorded_on": case.dated.isoformat(),
        "served_on": dates.service.on.isoformat(),
        "method": dates.service.method,
        "channel": dates.service.channel,
        "objection_deadline": dates.objection_deadline.isoformat(),
        "effect_from": _iso(dates.start),
        "effect_until": _iso(dates.end),
        "points": dates.points,
        "listed": dates.listed,
    }


def violation_recorded(body: dict, violation_id: str, on: date, by: str) -> dict:
    """violation-recorded by a regulator through the API (recorded on `on`)."""
    return {**_json(body), "violation_id": violation_id, "recorded_on": on.isoformat(), "recorded_by": by}


def spot_check_completed(body: dict, inspection_id: str, inspector: str) -> dict:
    """inspection-completed of a quality spot check (质量抽查) recorded through the API."""
    return {**_json(body), "inspection_id": inspection_id, "kind": "quality_spot_check", "inspector": inspector}


def violation_revoked(agency_id: str, violation_id: str, reason: str, by: str, kind: str) -> dict:
    """violation-revoked: by a regulator (void: recorded in error; ended: 提前移出) or because an objection was
    upheld (void)."""
    return {"violation_id": violation_id, "agency_id": agency_id, "reason": reason, "revoked_by": by, "kind": kind}


def due_process_step(kind: str, step: dict, case: Fact, agency_id: str, by: str) -> dict:
    """objection-filed / -ruled, repair-applied / -decided, claim-accepted: the step's data as recorded, the case
    (a violation with who recorded it, or a claim with its buyer) and who took the step."""
    claim = "contract_id" in step
    return {
        "agency_id": agency_id,
        "violation_id": None,
        "contract_id": None,
        "buyer_id": case.data.get("buyer_id") if claim else None,
        "recorded_by": None if claim else case.data.get("recorded_by"),
        **step,
        STEP_BY[kind]: by,
    }


def _flags(old: dict | None, new: Rating) -> list[str]:
    """List and interview changes (also those caused by time alone)."""
    if not old:
        return []
    out = []
    if old.get("rectification_until") != _iso(new.rectification_until):
        out.append("rectification" if new.rectification_until else "-rectification")
    if old.get("interview_required") != new.interview_required:
        out.append("interview" if new.interview_required else "-interview")
    return out


def _json(body: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in body.items()}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
