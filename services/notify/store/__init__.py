"""Notify storage. Collections: orgs (projection of registry events: name, e-mail, divisions, categories,
qualifications), demands (projection: buyer of a demand), notifications (the inbox; _id = event id / template /
org, so a redelivered event adds nothing), deliveries (one per notification, channel and address; _id is the
webhook-id), webhooks (subscriptions with their secrets), preferences (_id = org), jobs (daily job days);
`cases.py`: violations and work queues (projections).
"""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, DESCENDING, ReturnDocument

from services.common.errors import NotFound
from services.common.storage.store import Store

from ..domain.plan import Preferences
from . import cases

ORGS, DEMANDS, NOTIFICATIONS, DELIVERIES = "orgs", "demands", "notifications", "deliveries"
WEBHOOKS, PREFERENCES, JOBS = "webhooks", "preferences", "jobs"
PENDING, DELIVERED, FAILED, CANCELLED = "pending", "delivered", "failed", "cancelled"


def setup(ctx) -> None:
    """Indexes (once per process)."""
    db = ctx.db
    db[ORGS].create_index(
        [("kind", ASCENDING), ("status", ASCENDING), ("valid_categories", ASCENDING), ("county", ASCENDING)]
    )
    db[NOTIFICATIONS].create_index([("org", ASCENDING), ("inbox", ASCENDING), ("created_at", DESCENDING)])
    db[NOTIFICATIONS].create_index([("org", ASCENDING), ("read_at", ASCENDING)])
    db[NOTIFICATIONS].create_index([("digest", ASCENDING), ("org", ASCENDING)])
    db[NOTIFICATIONS].create_index([("org", ASCENDING), ("assured", ASCENDING), ("delivered_at", ASCENDING)])
    db[NOTIFICATIONS].create_index([("org", ASCENDING), ("case", ASCENDING)])
    db[DELIVERIES].create_index([("status", ASCENDING), ("next_at", ASCENDING)])
    db[DELIVERIES].create_index("notification_id")
    db[WEBHOOKS].create_index([("org", ASCENDING), ("event_types", ASCENDING), ("status", ASCENDING)])
    cases.setup(db)


class NotifyStore(Store):
    """Projections, inbox, deliveries, webhooks and preferences, in one unit of work."""

    # --- projections ------------------------------------------------------------------------------
    def save_org(self, org_id: str, values: dict, time: str) -> bool:
        """Keep the newest registry state of an organisation (events may arrive out of order); True if written."""
        return self.upsert_newer(ORGS, org_id, "profile_time", time, values, on_insert={"status": "unknown"})

    def org(self, org_id: str) -> dict:
        return self[ORGS].find_one({"_id": org_id}) or {"_id": org_id}

    def save_demand(self, demand_id: str, buyer_id: str) -> None:
        self[DEMANDS].update_one({"_id": demand_id}, {"$set": {"buyer_id": buyer_id}}, upsert=True)

    def demand_buyer(self, demand_id: str) -> str | None:
        return (self[DEMANDS].find_one({"_id": demand_id}) or {}).get("buyer_id")

    def hold_for_demand(self, demand_id: str, held: dict) -> None:
        """An event for the buyer of a demand not seen yet (topics interleave): told when the demand arrives."""
        self[DEMANDS].update_one({"_id": demand_id}, {"$push": {"held": held}}, upsert=True)

    def take_held(self, demand_id: str) -> list[dict]:
        return (self[DEMANDS].find_one_and_update({"_id": demand_id}, {"$unset": {"held": ""}}) or {}).get("held", [])

    def fitting_agencies(self, category: str, county: str) -> list[str]:
        query = {"kind": "agency", "status": "active", "valid_categories": category, "county": county}
        return [d["_id"] for d in self[ORGS].find(query, {"_id": 1}).sort("_id")]

    def active_agencies(self) -> list[dict]:
        return list(self[ORGS].find({"kind": "agency", "status": "active"}).sort("_id"))

    # --- preferences and webhooks -----------------------------------------------------------------
    def preferences(self, org: str) -> Preferences:
        doc = self[PREFERENCES].find_one({"_id": org}) or {}
        return Preferences(
            channels={k: tuple(v) for k, v in doc.get("channels", {}).items()},
            digest=doc.get("digest", False),
            email=doc.get("email"),
            phone=doc.get("phone"),
        )

    def preferences_version(self, org: str) -> int:
        """How often the organisation's preferences were saved (0: never): their ETag."""
        doc = self[PREFERENCES].find_one({"_id": org}, {"version": 1}) or {}
        return doc.get("version", 0)

    def save_preferences(self, org: str, values: dict) -> None:
        self[PREFERENCES].update_one(
            {"_id": org}, {"$set": {**values, "updated_at": self.uow.now}, "$inc": {"version": 1}}, upsert=True
        )

    def webhooks_for(self, org: str, event_type: str) -> list[str]:
        query = {"org": org, "status": "active", "event_types": event_type}
        return [d["_id"] for d in self[WEBHOOKS].find(query, {"_id": 1}).sort("_id")]

    def webhook(self, hook_id: str) -> dict | None:
        return self[WEBHOOKS].find_one({"_id": hook_id})

    def known_webhook(self, hook_id: str) -> dict:
        doc = self.webhook(hook_id)
        if doc is None:
            raise NotFound(f"no webhook {hook_id!r}")
        return doc

    def webhooks(self, org: str) -> list[dict]:
        return list(self[WEBHOOKS].find({"org": org}).sort("_id"))

    def add_webhook(self, doc: dict) -> None:
        self[WEBHOOKS].insert_one(doc)

    def update_webhook(self, hook_id: str, changes: dict, inc: dict | None = None) -> dict:
        update = {"$set": changes, **({"$inc": inc} if inc else {})}
        return self[WEBHOOKS].find_one_and_update({"_id": hook_id}, update, return_document=ReturnDocument.AFTER)

    def remove_webhook(self, hook_id: str) -> None:
        self[WEBHOOKS].delete_one({"_id": hook_id})

    # --- notifications ----------------------------------------------------------------------------
    def add_notification(self, doc: dict) -> bool:
        """Insert once (checked first: a failed insert would abort the transaction); False if already there."""
        if self[NOTIFICATIONS].find_one({"_id": doc["_id"]}, {"_id": 1}):
            return False
        self[NOTIFICATIONS].insert_one(doc)
        return True

    def notification(self, notification_id: str) -> dict:
        doc = self[NOTIFICATIONS].find_one({"_id": notification_id})
        if doc is None:
            raise NotFound(f"no notification {notification_id!r}")
        return doc

    def update_notification(self, notification_id: str, query: dict, changes: dict) -> bool:
        return self[NOTIFICATIONS].update_one({"_id": notification_id, **query}, {"$set": changes}).modified_count == 1

    def undelivered_assured(self, org: str) -> list[dict]:
        """Notices of `org` that must reach every address it has (legal, or replacing a legal notice), not yet
        delivered on any channel nor replaced."""
        query = {"org": org, "delivered_at": None, "superseded_by": None, "$or": [{"legal": True}, {"assured": True}]}
        return list(self[NOTIFICATIONS].find(query).sort("created_at"))

    def planned(self, notification_id: str) -> set[tuple[str, str]]:
        """(channel, address) of every delivery a notification has had."""
        found = self[DELIVERIES].find({"notification_id": notification_id}, {"channel": 1, "target": 1})
        return {(d["channel"], d["target"]) for d in found}

    def supersede(self, org: str, case: str, templates: list[str], by: str) -> list[str]:
        """Notices of a case not yet delivered, of the given templates, replaced by notification `by`: out of the
        inbox, their deliveries not being sent cancelled. Their ids."""
        query = {"org": org, "case": case, "template": {"$in": templates}, "delivered_at": None, "superseded_by": None}
        ids = [d["_id"] for d in self[NOTIFICATIONS].find(query, {"_id": 1})]
        if ids:
            self[NOTIFICATIONS].update_many({"_id": {"$in": ids}}, {"$set": {"superseded_by": by, "inbox": False}})
            self[DELIVERIES].update_many(
                {"notification_id": {"$in": ids}, "status": PENDING, "lease": None},
                {"$set": {"status": CANCELLED, "last_error": f"replaced by {by}"}},
            )
        return ids

    def unread(self, org: str) -> int:
        return self[NOTIFICATIONS].count_documents({"org": org, "inbox": True, "read_at": None})

    def pending_digests(self) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = {}
        for doc in self[NOTIFICATIONS].find({"digest": PENDING}).sort("created_at"):
            found.setdefault(doc["org"], []).append(doc)
        return found

    def mark_digested(self, ids: list[str]) -> None:
        self[NOTIFICATIONS].update_many({"_id": {"$in": ids}}, {"$set": {"digest": "sent"}})

    # --- deliveries -------------------------------------------------------------------------------
    def add_delivery(self, doc: dict) -> None:
        self[DELIVERIES].insert_one(doc)

    def delivery(self, delivery_id: str) -> dict:
        doc = self[DELIVERIES].find_one({"_id": delivery_id})
        if doc is None:
            raise NotFound(f"no delivery {delivery_id!r}")
        return doc

    def deliveries(self, notification_id: str) -> list[dict]:
        return list(self[DELIVERIES].find({"notification_id": notification_id}).sort("_id"))

    def claim(self, now: datetime, until: datetime, lease: str, busy: list[str]) -> dict | None:
        """Lease the next due delivery (one atomic update, so two dispatchers never take the same one)."""
        query = {
            "status": PENDING,
            "next_at": {"$lte": now},
            "key": {"$nin": busy},
            "$or": [{"lease_until": None}, {"lease_until": {"$lte": now}}],
        }
        return self[DELIVERIES].find_one_and_update(
            query,
            {"$set": {"lease_until": until, "lease": lease}},
            sort=[("next_at", 1)],
            return_document=ReturnDocument.AFTER,
        )

    def settle(self, delivery_id: str, lease: str, changes: dict, attempt: dict) -> bool:
        """Record an attempt of the dispatcher that still holds the lease; False if it lost it meanwhile."""
        update = {
            "$set": {**changes, "lease_until": None, "lease": None},
            "$push": {"attempts": attempt},
            "$inc": {"attempt_count": 1},
        }
        return self[DELIVERIES].update_one({"_id": delivery_id, "lease": lease}, update).modified_count == 1

    def reopen(self, delivery_id: str, changes: dict) -> None:
        self[DELIVERIES].update_one({"_id": delivery_id}, {"$set": changes})

    def fail_pending(self, key: str, reason: str) -> None:
        self[DELIVERIES].update_many(
            {"key": key, "status": PENDING, "lease": None}, {"$set": {"status": FAILED, "last_error": reason}}
        )

    # --- daily jobs -------------------------------------------------------------------------------
    def job_day(self, name: str) -> str | None:
        doc = self[JOBS].find_one({"_id": name})
        return doc["day"] if doc else None

    def mark_job(self, name: str, day: str) -> None:
        self[JOBS].update_one({"_id": name}, {"$set": {"day": day}}, upsert=True)
