"""Polling with a deadline (tests never assert on bare sleeps)."""
from __future__ import annotations

import time


def wait_until(check, timeout: float = 30.0, interval: float = 0.1):
    """Return the first truthy value of `check()`; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
