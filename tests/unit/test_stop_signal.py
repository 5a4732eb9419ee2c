"""A stop signal never hangs `make run`'s supervisor, whichever bytecode of its `wait` it interrupts.

Python runs a signal handler in the main thread between two bytecodes, so the handler may run while that thread
holds a lock. `kill -- -PGID` once hung make run for good that way: the supervisor waited on a
`threading.Event`, the handler called its `set`, and both wanted the Event's lock. Timing made that rare by
hand; here a trace function raises the signal at each opcode of one `wait` in turn (the first call at its first
opcode, the next at its second, ...), in a process of its own, so every point a real signal could land on is
tried. A handler that takes a lock the interrupted code holds hangs the process: the test fails with the opcode.
That a signal during the sleep itself wakes it at once is make run's stop tests' part (tests/integration/platform).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support.processes import ROOT


def interrupt_at_every_opcode(signum: int, logs_folder: str) -> None:
    """In the probe process: for n = 0, 1, ..., a fresh supervisor's `wait` with `signum` raised at its n-th
    opcode (counting every Python function it calls; `raise_signal` runs the handler there and then), until a
    call ends before reaching n. Prints one JSON line per call: n and the signal the supervisor noted; a hang
    prints nothing more."""
    from services.platform.supervision import Supervisor

    for n in range(10_000):
        supervisor, seen = Supervisor(Path(logs_folder)), [0]

        def trace(frame, event, _arg):
            frame.f_trace_opcodes = True
            if event == "opcode":
                if seen[0] == n:
                    signal.raise_signal(signum)  # the handler runs before this frame's next opcode
                seen[0] += 1
            return trace

        sys.settrace(trace)
        try:
            supervisor.wait(0.1)
        finally:
            sys.settrace(None)
        if seen[0] <= n:  # `wait` ended before its n-th opcode: every opcode was tried
            return
        print(json.dumps({"n": n, "noted": supervisor.signal}), flush=True)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_at_any_opcode_of_the_supervisors_wait_is_noted_and_never_hangs_it(signum):
    code = f"from tests.unit.test_stop_signal import interrupt_at_every_opcode as probe; probe({signum}, {{!r}})"
    with tempfile.TemporaryDirectory() as logs_folder:
        probe = subprocess.Popen(
            [sys.executable, "-c", code.format(logs_folder)], cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            out, err = probe.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            probe.kill()
            out, _ = probe.communicate()
            pytest.fail(f"the signal at opcode {len(out.splitlines())} of wait hung the supervisor")
        calls = [json.loads(line) for line in out.splitlines()]
    assert probe.returncode == 0, err
    assert len(calls) > 5, calls  # the probe reached wait's opcodes
    assert all(call["noted"] == signal.Signals(signum).name for call in calls), calls
