"""Polling with a deadline (tests never assert on bare sleeps)."""

from __future__ import annotations

import time

FIRST_PAUSE = 0.01  # most conditions hold within a few tens of milliseconds: look soon, then less often


def wait_until(check, timeout: float = 30.0, interval: float = 0.1):
    """Return the first truthy value of `check()`; fail the test after `timeout` seconds. The pause between
    checks starts at 10 ms and grows by half each time up to `interval`."""
    deadline, pause = time.monotonic() + timeout, min(FIRST_PAUSE, interval)
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(pause)
        pause = min(pause * 1.5, interval)
    raise AssertionError(f"condition not met within {timeout}s")


def holds(check, seconds: float, interval: float = 0.2) -> None:
    """Fail the test as soon as `check()` is falsy within the next `seconds` (something must NOT happen)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert check(), "condition stopped holding"
        time.sleep(interval)
