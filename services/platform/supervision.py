"""How `make run` is told to stop, and how it stops what it started.

Ctrl-C, SIGTERM and SIGHUP only note a stop: the handler never raises into the code it interrupts, so a
second signal cannot cut a shutdown short (`kill -- -PGID` of `make run` reaches make too, and make sends the
stack another SIGTERM while it stops: the KeyboardInterrupt this used to raise aborted the shutdown half-way and
left the broker and the database running). The supervisor checks `stopping` between its steps, then stops
everything itself: services first, then the servers they use. The handler takes no lock either: it runs in the
main thread between two bytecodes, maybe while that thread holds the very lock (a `threading.Event`'s, as the
supervisor waited on one: `kill -- -PGID` then hung make run for good); it writes a byte to a pipe the
supervisor's `wait` polls.

Each child runs in a session (and process group) of its own: a signal to make run's group reaches only the
supervisor, which stops each group as a whole (a gunicorn master with its workers), SIGKILL after a timeout.
What it says goes to <data>/logs/stack.log as JSON lines, and to the terminal from a thread of its own: a
terminal that does not read (Ctrl-S, a full pipe) or is gone (a hang-up) never holds up the supervisor.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from services.common import logs
from services.platform.embedded import signal_group

log = logging.getLogger("anfu.stack")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopping(Exception):
    """The stack was told to stop while it was starting."""


class Supervisor:
    """The stop request (set by a signal) and what the stack says."""

    def __init__(self, logs_folder: Path):
        self.signal: str | None = None  # the first stop signal's name: set only by the handler
        self._wake, self._woken = os.pipe()  # the handler writes a byte: `wait` returns
        os.set_blocking(self._woken, False)
        self._waking = select.poll()
        self._waking.register(self._wake, select.POLLIN)
        handler = logging.FileHandler(logs_folder / "stack.log")
        log.addHandler(logs.json_lines(handler, "stack"))
        log.setLevel(logging.INFO)
        log.propagate = False
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._on_signal)
        self.threads = open(logs_folder / "stack-threads.log", "a")
        faulthandler.register(signal.SIGUSR1, file=self.threads, all_threads=True)  # where is it? kill -USR1 <pid>
        self.terminal: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._print, name="terminal", daemon=True).start()

    def _on_signal(self, signum, _frame) -> None:
        """Only note it: no print (it could interrupt a print in progress: a reentrant write raises), no lock."""
        self.signal = self.signal or signal.Signals(signum).name
        try:
            os.write(self._woken, b"!")
        except BlockingIOError:
            pass  # the pipe is full of earlier signals: `wait` returns anyway

    @property
    def stopping(self) -> bool:
        """Whether a stop was asked for."""
        return self.signal is not None

    def check(self) -> None:
        """Raise `Stopping` if a stop was asked for (between the steps of starting)."""
        if self.stopping:
            raise Stopping(self.signal)

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True if a stop was asked for meanwhile (a signal wakes it at once)."""
        if not self.stopping:
            self._waking.poll(seconds * 1000)
        return self.stopping

    def say(self, message: str, level: int = logging.INFO) -> None:
        """To stack.log, and to the terminal when it takes it."""
        log.log(level, message.strip())
        self.terminal.put(message)

    def _print(self) -> None:
        while True:
            message = self.terminal.get()
            try:
                print(message, flush=True)
            except OSError:
                sys.stdout = open(os.devnull, "w")  # the terminal is gone for good (only the log says it now)
            self.terminal.task_done()

    def flush(self, timeout: float = 2) -> None:
        """Let the terminal have what was said, if it takes it within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self.terminal.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)


@dataclass
class Child:
    """A process of a service (its API under gunicorn, or its worker), leading a process group of its own."""

    name: str
    args: list[str]
    env: dict
    log_file: Path
    cwd: Path
    process: subprocess.Popen | None = None

    def start(self) -> Child:
        with open(self.log_file, "ab") as out:  # the child keeps its own copy
            self.process = subprocess.Popen(
                self.args, env=self.env, cwd=self.cwd, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        return self

    def alive(self) -> bool:
        return self.process.poll() is None


def stop_children(children: list[Child], say, timeout: float = 20) -> None:
    """SIGTERM every group at once (each drains: requests finish, a worker commits what it handled), wait, then
    SIGKILL what is left after `timeout`, leaders and members alike."""
    for child in children:
        signal_group(child.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for child in children:
        try:
            child.process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            say(f"  {child.name} did not stop in {timeout:.0f} s; killing it", logging.WARNING)
            signal_group(child.process.pid, signal.SIGKILL)
            child.process.wait()
    for child in children:
        _empty_group(child.process.pid, deadline)


def _empty_group(pgid: int, deadline: float) -> None:
    """Wait for the rest of a group whose leader is gone (gunicorn's workers), SIGKILL it after the deadline."""
    while group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    signal_group(pgid, signal.SIGKILL)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
