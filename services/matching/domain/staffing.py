"""Staffing (人员配备): whether an agency has the verified practitioners a service category requires (reference
data, effective-dated), from what matching learned of its practitioners through the registry's events. Pure.

An agency's staff is kept as, per certificate kind, one (practitioner id, valid from, valid until) per verified
certificate of a practitioner who works for it now; a requirement counts the distinct practitioners holding one
of its kinds valid on the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from services.common.reference.practice import CERTIFICATE_KINDS, Requirement, staffing_on

#: certificate kind -> (practitioner id, valid from, valid until), one per verified certificate
Staff = Mapping[str, tuple[tuple[str, date, date], ...]]


def staff_of(practitioners: Iterable[dict]) -> dict[str, list[list[str]]]:
    """The stored staff of an agency from its practitioners' projections ({_id, certificates}): JSON-ready."""
    staff: dict[str, list[list[str]]] = {}
    for person in practitioners:
        for c in person.get("certificates") or ():
            staff.setdefault(c["kind"], []).append([person["_id"], c["valid_from"], c["valid_until"]])
    return {kind: sorted(rows) for kind, rows in sorted(staff.items())}


def parsed(stored: Mapping[str, list] | None) -> Staff:
    """The stored staff as domain values."""
    return {
        kind: tuple((who, date.fromisoformat(since), date.fromisoformat(until)) for who, since, until in rows)
        for kind, rows in (stored or {}).items()
    }


def holders(staff: Staff, kinds: Iterable[str], day: date) -> int:
    """How many practitioners hold a certificate of one of `kinds` valid on `day`."""
    return len({who for kind in kinds for who, since, until in staff.get(kind, ()) if since <= day <= until})


def _wanted(requirement: Requirement) -> str:
    return "或".join(CERTIFICATE_KINDS[k] for k in requirement.kinds)


def check(staff: Staff, category: str, day: date) -> tuple[bool, str] | None:
    """Whether the agency meets the category's staffing rule in force on `day`, with the reason in Chinese;
    None when the category has no rule."""
    version, requirements = staffing_on(category, day)
    if not requirements:
        return None
    counted = [(r, holders(staff, r.kinds, day)) for r in requirements]
    short = [(r, n) for r, n in counted if n < r.minimum]
    if short:
        missing = "；".join(
            f"须有持经核验、有效的{_wanted(r)}证书的从业人员至少 {r.minimum} 名，现有 {n} 名" for r, n in short
        )
        return False, f"人员配备不足（{version} 版要求）：{missing}"
    met = "；".join(f"{_wanted(r)} {n} 名（至少 {r.minimum} 名）" for r, n in counted)
    return True, f"人员配备达标（{version} 版要求）：{met}"
