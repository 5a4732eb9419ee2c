"""The write side: telling organisations (notifications and their deliveries), catching up assured notices when an
address becomes known, replacing the notices of a revoked violation, the work queues, the inbox, redelivery,
preferences and webhook subscriptions. Every function runs in one unit of work."""

from __future__ import annotations

from .catchup import catch_up, revoked
from .deliveries import redeliver, settle
from .notices import mark_read, notify_event, send_digest, tell, tell_held
from .settings import enable_webhook, remove_webhook, rotate_secret, set_preferences, subscribe
from .work import case_step, send_work_digest, subsidy_step

__all__ = [
    "case_step",
    "catch_up",
    "enable_webhook",
    "mark_read",
    "notify_event",
    "redeliver",
    "remove_webhook",
    "revoked",
    "rotate_secret",
    "send_digest",
    "send_work_digest",
    "set_preferences",
    "settle",
    "subscribe",
    "subsidy_step",
    "tell",
    "tell_held",
]
