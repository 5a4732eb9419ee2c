"""Issue 22 item 3: `make run` stops cleanly whichever way it is told, and leaves nothing behind: no process of
it (by pid and by process group) and none of its ports taken. Each test starts make run (through make, as a
developer does) on ports and a data folder of its own, and tells it to stop one way."""

from __future__ import annotations

import json
import os
import signal

import pytest

from tests.support import makerun

STOPPED_WITHIN = 90  # seconds: the services drain (gunicorn's graceful timeout is 10 s), then the servers stop


def ctrl_c(run: makerun.MakeRun) -> None:
    """A terminal's Ctrl-C: SIGINT to its foreground process group (make and the stack)."""
    os.killpg(run.make.pid, signal.SIGINT)


def sigterm_to_the_stack(run: makerun.MakeRun) -> None:
    os.kill(run.stack_pid, signal.SIGTERM)


def sigterm_to_the_process_group(run: makerun.MakeRun) -> None:
    """`kill -- -PGID` (systemd's default KillMode=control-group too): make passes on one SIGTERM more."""
    os.killpg(run.make.pid, signal.SIGTERM)


def hang_up(run: makerun.MakeRun) -> None:
    """The terminal goes away: nothing can be written to it any more, and its process group gets SIGHUP."""
    run.hang_up()
    os.killpg(run.make.pid, signal.SIGHUP)


@pytest.fixture
def make_run(tmp_path):
    run = makerun.start(tmp_path)
    seen: dict[int, int] = {}
    try:
        run.wait_ready()
        seen.update(run.tree())
        yield run, seen
    finally:
        makerun.kill_all(run, seen)


@pytest.mark.parametrize("stop", [ctrl_c, sigterm_to_the_stack, sigterm_to_the_process_group, hang_up])
def test_make_run_stops_everything_it_started(make_run, stop):
    run, seen = make_run
    assert len(seen) >= 2 + 2 + 5 * 4, seen  # make, the stack, Kafka, MongoDB, 5 × (gunicorn + 2 workers, worker)

    stop(run)

    makerun.stopped_within(run, STOPPED_WITHIN)
    assert run.leftovers(seen) == []
    said = [json.loads(line)["message"] for line in (run.layout.data / "logs" / "stack.log").read_text().splitlines()]
    assert any(message.endswith(": stopping ...") for message in said) and said[-1] == "stopped."
    assert not any("Traceback" in line for line in run.lines), "\n".join(run.lines)
