"""Notify's projections of cases: violations (what was recorded, by which source, whether it was revoked) and the
work queues (待办: what awaits an official, finance or a regulator), from the events notify consumes.

Collections: violations (_id = violation id), queue (_id = `subsidy|<application>`, `objection|<case>`,
`repair|<case>`). A case's steps come on different topics, in any order: objections and repairs are counted
(`opened` and `closed` incremented, each event once by the inbox), so the order does not matter; a subsidy
application's steps come on one topic, in order (the newest event time wins).
"""

from __future__ import annotations

from services.common.storage.store import Store

VIOLATIONS, QUEUE = "violations", "queue"
VIOLATION_FIELDS = ("agency_id", "code", "severity", "description", "occurred_on", "recorded_on", "recorded_by")


def setup(db) -> None:
    db[QUEUE].create_index([("pending", 1), ("orgs", 1)])


class CaseStore(Store):
    """Violations and work queues, in one unit of work."""

    def save_violation(self, violation_id: str, data: dict, source: str) -> None:
        """What a violation-recorded says (a revocation that came first stays)."""
        values = {k: data.get(k) for k in VIOLATION_FIELDS}
        self[VIOLATIONS].update_one({"_id": violation_id}, {"$set": {**values, "source": source}}, upsert=True)

    def revoke_violation(self, violation_id: str, agency_id: str, reason: str) -> None:
        values = {"revoked": True, "revocation": reason, "agency_id": agency_id}
        self[VIOLATIONS].update_one({"_id": violation_id}, {"$set": values}, upsert=True)

    def violation(self, violation_id: str | None) -> dict:
        return (self[VIOLATIONS].find_one({"_id": violation_id}) if violation_id else None) or {}

    def count_step(self, key: str, values: dict, opened: int = 0, closed: int = 0) -> None:
        """An objection or repair application filed (`opened`) or decided (`closed`): pending while more were
        filed than decided and the case stands."""
        doc = self[QUEUE].find_one({"_id": key}) or {}
        counts = {"opened": doc.get("opened", 0) + opened, "closed": doc.get("closed", 0) + closed}
        pending = counts["opened"] > counts["closed"] and not doc.get("ended")
        self[QUEUE].update_one({"_id": key}, {"$set": {**values, **counts, "pending": pending}}, upsert=True)

    def end_case(self, keys: list[str]) -> None:
        """The case is gone (its violation revoked): nothing of it awaits anyone."""
        for key in keys:
            self[QUEUE].update_one({"_id": key}, {"$set": {"ended": True, "pending": False}}, upsert=True)

    def save_step(self, key: str, values: dict, time: str) -> None:
        """Where an application stands (the newest event wins)."""
        self.upsert_newer(QUEUE, key, "time", time, values, on_insert={})

    def pending(self) -> list[dict]:
        """Every item awaiting someone."""
        return list(self[QUEUE].find({"pending": True}).sort("_id"))
