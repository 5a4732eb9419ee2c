"""The write side: telling organisations (notifications and their deliveries), the inbox, redelivery,
preferences and webhook subscriptions. Every function runs in one unit of work."""

from __future__ import annotations

from .deliveries import redeliver, settle
from .notices import email_missed_notices, mark_read, notify_event, send_digest, tell, tell_held
from .settings import enable_webhook, remove_webhook, rotate_secret, set_preferences, subscribe

__all__ = [
    "email_missed_notices",
    "enable_webhook",
    "mark_read",
    "notify_event",
    "redeliver",
    "remove_webhook",
    "rotate_secret",
    "send_digest",
    "set_preferences",
    "settle",
    "subscribe",
    "tell",
    "tell_held",
]
