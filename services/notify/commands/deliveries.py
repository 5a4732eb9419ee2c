"""Deliveries: an attempt's outcome recorded (retry, fail, deliver), the first delivery of a notification,
redelivery by the owner or an admin, a webhook disabled after too many failures in a row."""

from __future__ import annotations

import random
from dataclasses import dataclass

from services.common.clock import isotime
from services.common.errors import Conflict
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from ..domain.masking import mask
from ..domain.plan import sms_time
from ..domain.retry import MAX_AGE, disable_webhook, retry_at
from ..domain.rules import NOTICES, SMS, WEBHOOK
from ..store import DELIVERED, FAILED, PENDING, NotifyStore
from .notices import first_delivery, owned, tell

RESPONSE_KEPT = 1024  # bytes of a receiver's answer kept with the attempt


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to."""

    ok: bool
    error: str | None = None
    response: str | None = None  # status line / first KiB of the answer
    permanent: bool = False  # retrying cannot help (webhook removed or disabled, no gateway)


def settle(uow: UnitOfWork, delivery: dict, outcome: Outcome, latency_ms: float, failure_limit: int) -> bool:
    """Record an attempt; deliver, reschedule with backoff or fail. False if the lease was lost meanwhile."""
    store, now = NotifyStore(uow), uow.now
    error = mask(outcome.error)[:RESPONSE_KEPT] if outcome.error else None
    attempt = {
        "at": now,
        "channel": delivery["channel"],
        "status": "delivered" if outcome.ok else "failed",
        "latency_ms": round(latency_ms, 1),
        "error": error,
        "response": outcome.response[:RESPONSE_KEPT] if outcome.response else None,
    }
    if outcome.ok:
        changes = {"status": DELIVERED, "delivered_at": now, "last_error": None}
    else:
        retry = (
            None
            if outcome.permanent
            else retry_at(delivery["attempt_count"] + 1, now, delivery["deadline"], random.random())
        )
        if retry and delivery["channel"] == SMS:
            retry = sms_time(retry, delivery["urgent"])
        changes = {"status": PENDING, "next_at": retry} if retry else {"status": FAILED}
        changes["last_error"] = error
    if not store.settle(delivery["_id"], delivery["lease"], changes, attempt):
        return False
    if outcome.ok:
        first_delivery(uow, store.notification(delivery["notification_id"]), delivery["channel"])
    if delivery["channel"] == WEBHOOK and not outcome.permanent:
        _count_webhook(uow, delivery["target"], outcome.ok, error, failure_limit)
    return True


def redeliver(uow: UnitOfWork, who: Principal, delivery_id: str) -> dict:
    """Send again (same id, so receivers can deduplicate), with a fresh 24 hours of retries."""
    store = NotifyStore(uow)
    delivery = owned(store.delivery(delivery_id), who)
    if delivery["lease_until"] and delivery["lease_until"] > uow.now:
        raise Conflict("this delivery is being sent right now")
    store.reopen(
        delivery_id,
        {
            "status": PENDING,
            "next_at": uow.now,
            "deadline": uow.now + MAX_AGE,
            "redelivered_by": who.subject,
            "redelivered_at": uow.now,
        },
    )
    return store.delivery(delivery_id)


def _count_webhook(uow: UnitOfWork, hook_id: str, ok: bool, error: str | None, limit: int) -> None:
    """Consecutive failures of a webhook; at the limit it is disabled and its owner told (inbox and e-mail)."""
    store = NotifyStore(uow)
    if ok:
        store.update_webhook(hook_id, {"failures": 0})
        return
    hook = store.update_webhook(hook_id, {"last_error": error}, inc={"failures": 1})
    if hook is None or hook["status"] != "active" or not disable_webhook(hook["failures"], limit):
        return
    store.update_webhook(hook_id, {"status": "disabled", "disabled_at": uow.now})
    store.fail_pending(f"webhook:{hook_id}", "webhook disabled")
    origin = {
        "event_id": f"{hook_id}-disabled-{uow.now.timestamp():.0f}",
        "type": "webhook-disabled",
        "subject": hook_id,
        "time": isotime(uow.now),
    }
    data = {
        "org_id": hook["org"],
        "webhook_id": hook_id,
        "url": hook["url"],
        "failures": hook["failures"],
        "error": error or "-",
    }
    tell(uow, NOTICES["webhook-disabled"], hook["org"], data, origin)
