"""Requests that race: `rounds` times, `callers` threads start at one barrier and each makes one call."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


def race(call, callers: int = 8, rounds: int = 3) -> list:
    """`call(caller, round)` from `callers` threads at once, `rounds` times; every result, in order."""
    results = []
    with ThreadPoolExecutor(callers) as pool:
        for n in range(rounds):
            start = threading.Barrier(callers, timeout=60)
            results += pool.map(lambda caller: (start.wait(), call(caller, n))[1], range(callers))
    return results
