"""Retries: exponential backoff with jitter for up to 24 hours, then failed; webhooks disabled after N failures."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_AGE = timedelta(hours=24)
FIRST_GAP = timedelta(seconds=10)
MAX_GAP = timedelta(hours=2)


def retry_at(attempts: int, now: datetime, deadline: datetime, jitter: float) -> datetime | None:
    """When to try again after `attempts` failed attempts (None: give up).

    The gap doubles from 10 s up to 2 h; `jitter` in [0, 1) takes it down to as little as half ("equal jitter"),
    so receivers that failed together are not retried together.
    """
    doublings = min(max(attempts - 1, 0), 20)  # 10 s × 2^20 is far past MAX_GAP; bounds the arithmetic
    gap = min(FIRST_GAP * 2**doublings, MAX_GAP)
    at = now + gap * (0.5 + jitter / 2)
    return at if at <= deadline else None


def disable_webhook(consecutive_failures: int, limit: int) -> bool:
    return consecutive_failures >= limit
