"""A lease (租约) in the service's database: one holder at a time among the replicas of a service's worker.

The holder renews it while it works; a holder that dies stops renewing, its lease expires and another
replica takes it. Expiry is judged by each replica's clock, so replica clocks must be in sync (NTP).
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from services.common.clock import utcnow

LEASES = "leases"


def worker_id() -> str:
    """This process, unique across hosts and restarts (host:pid:random)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Lease:
    """The lease `name` as seen by `owner`; the document may carry the holder's notes (`hold(**notes)`)."""

    def __init__(self, db, name: str, owner: str, seconds: float):
        self.db, self.name, self.owner, self.seconds = db, name, owner, seconds

    def take(self) -> dict | None:
        """Take the lease if free or expired, or renew it: its document as it was before ({} if new).

        None while another replica holds it.
        """
        now = utcnow()
        free_or_mine = {"$or": [{"owner": self.owner}, {"expires_at": {"$lte": now}}]}
        try:
            before = self.db[LEASES].find_one_and_update(
                {"_id": self.name, **free_or_mine},
                {"$set": {"owner": self.owner, "expires_at": self._expiry()}},
                upsert=True,
                return_document=ReturnDocument.BEFORE,
            )
        except DuplicateKeyError:  # the document exists and is held by someone else
            return None
        return before or {}

    def hold(self, **notes) -> bool:
        """Renew the lease and write `notes` on it, only if still ours; False if it was lost."""
        result = self.db[LEASES].update_one(
            {"_id": self.name, "owner": self.owner}, {"$set": {"expires_at": self._expiry(), **notes}}
        )
        return result.matched_count == 1

    def release(self) -> None:
        """Let another replica take over at once (a clean stop)."""
        self.db[LEASES].update_one({"_id": self.name, "owner": self.owner}, {"$set": {"expires_at": utcnow()}})

    def _expiry(self):
        return utcnow() + timedelta(seconds=self.seconds)
