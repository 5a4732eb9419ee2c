"""The practitioners projection (registry events practitioner-joined / -left, certificate-verified): per
practitioner the agency he works for now and his verified certificates (kinds and validity: no personal data),
the newest event time winning. An agency's staff (`domain.staffing`) is counted again from it whenever one of its
practitioners changes, and written on its provider document (its ladder entries follow).
"""

from __future__ import annotations

from pymongo import UpdateOne

from ..domain.staffing import staff_of

STAFF = "practitioners"
CERTIFICATE_FIELDS = ("kind", "valid_from", "valid_until")


def save_practitioner(staff, data: dict, time: str) -> set[str]:
    """Keep this state of a practitioner unless a newer one is held; the agencies whose staff it changes."""
    ident = data["practitioner_id"]
    held = staff.find_one({"_id": ident}, {"agency_id": 1, "time": 1})
    if held and held.get("time", "") > time:
        return set()
    certificates = [{k: c[k] for k in CERTIFICATE_FIELDS} for c in data["certificates"]]
    staff.update_one(
        {"_id": ident},
        {"$set": {"agency_id": data["agency_id"], "certificates": certificates, "time": time}},
        upsert=True,
    )
    return {a for a in ((held or {}).get("agency_id"), data["agency_id"]) if a}


def count_staff(staff, providers, agencies: set[str]) -> None:
    """Write each agency's staff, counted from the projection, on its provider document (a provider first known
    by its staff waits for its profile), marked for the ladder."""
    found: dict[str, list[dict]] = {a: [] for a in agencies}
    for person in staff.find({"agency_id": {"$in": sorted(agencies)}}, {"certificates": 1, "agency_id": 1}):
        found[person["agency_id"]].append(person)
    providers.bulk_write(
        [
            UpdateOne(
                {"_id": agency},
                {"$set": {"staff": staff_of(people), "ladder_stale": True}, "$setOnInsert": {"status": "unknown"}},
                upsert=True,
            )
            for agency, people in sorted(found.items())
        ]
    )
