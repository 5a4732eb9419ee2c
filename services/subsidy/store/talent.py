"""The talent projection (registry events practitioner-joined / -left, talent-recorded): each employment of a
practitioner (agency, joined, left: one document per employment, whatever the order its two events arrive in)
and each talent level recognised (one document per event). Ids and levels only: no personal data."""

from __future__ import annotations

from datetime import date

from services.common.storage.store import Store

from ..domain.talent import Employment, Recognition, TalentFacts

EMPLOYMENTS, RECOGNITIONS = "employments", "talent_recognitions"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class TalentStore(Store):
    def save_employment(self, practitioner_id: str, agency_id: str, joined_on: str, left_on: str | None) -> None:
        """He joined `agency_id` on `joined_on` (practitioner-joined), and left it on `left_on`
        (practitioner-left): the one employment, whichever arrives first."""
        known = {"practitioner_id": practitioner_id, "agency_id": agency_id, "joined_on": joined_on}
        ended = {"left_on": left_on} if left_on else {}
        self[EMPLOYMENTS].update_one(
            {"_id": f"{practitioner_id}/{agency_id}/{joined_on}"}, {"$set": {**known, **ended}}, upsert=True
        )

    def add_recognition(self, event_id: str, practitioner_id: str, level: str, recognised_on: str, time: str) -> None:
        values = {"practitioner_id": practitioner_id, "level": level, "recognised_on": recognised_on, "time": time}
        self[RECOGNITIONS].update_one({"_id": event_id}, {"$setOnInsert": values}, upsert=True)

    def talent_facts(self) -> TalentFacts:
        """Every recognition, and the employments of the practitioners recognised (talents are few)."""
        recognitions = [
            Recognition(d["practitioner_id"], d["level"], _day(d["recognised_on"]), d["time"])
            for d in self[RECOGNITIONS].find({})
        ]
        people = sorted({r.practitioner_id for r in recognitions})
        employments = [
            Employment(d["practitioner_id"], d["agency_id"], _day(d["joined_on"]), _day(d.get("left_on")))
            for d in self[EMPLOYMENTS].find({"practitioner_id": {"$in": people}})
        ]
        return TalentFacts(employments, recognitions)
