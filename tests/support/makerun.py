"""`make run` under test: started by make as a developer does (a Makefile whose `run` is the stack's command), on
free ports and a data folder of the test's own (the ANFU_STACK_* settings), its output read through a pipe that
can hang up like a terminal; every process of it found from /proc, and what is left of them after it stopped."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from services.common.settings import SERVICES
from services.platform import embedded
from services.platform.embedded import signal_group
from services.platform.stack import Layout
from services.platform.supervision import group_alive
from tests.support.processes import ROOT
from tests.support.wait import wait_until


def free_run(count: int) -> int:
    """The first of `count` consecutive free ports (the APIs take registry's port and the next four)."""
    for _ in range(100):
        first = embedded.free_port()
        if all(embedded.port_free(first + n) for n in range(count)):
            return first
    raise OSError(f"no {count} consecutive free ports")


@dataclass
class MakeRun:
    make: subprocess.Popen
    layout: Layout
    lines: list[str] = field(default_factory=list)
    hung_up: threading.Event = field(default_factory=threading.Event)

    def read(self) -> None:
        """Keep what make and the stack print, until the terminal hangs up (then writing to it fails)."""
        fd = self.make.stdout.fileno()
        while not self.hung_up.is_set():
            if select.select([fd], [], [], 0.1)[0]:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                self.lines += chunk.decode(errors="replace").splitlines()
        self.make.stdout.close()

    def hang_up(self) -> None:
        self.hung_up.set()
        wait_until(lambda: self.make.stdout.closed, 5, 0.05)

    def said(self, *words: str) -> bool:
        """Whether a line of the output holds every one of `words`."""
        return any(all(word in line for word in words) for line in self.lines)

    def wait_ready(self, timeout: float = 180) -> None:
        wait_until(lambda: self.said("Anfu is running") or self.make.poll() is not None, timeout, 0.2)
        assert self.make.poll() is None, "\n".join(self.lines)

    @property
    def stack_pid(self) -> int:
        [pid] = [pid for pid, (ppid, _, _) in processes().items() if ppid == self.make.pid]
        return pid

    def tree(self) -> dict[int, int]:
        """make and every process below it: pid -> process group."""
        table, found, todo = processes(), {}, [self.make.pid]
        while todo:
            pid = todo.pop()
            if pid in table:
                found[pid] = table[pid][1]
                todo += [child for child, (ppid, _, _) in table.items() if ppid == pid]
        return found

    def pid_of(self, word: str) -> int:
        """The one process of the stack whose command line has `word` (e.g. `secantus`)."""
        [pid] = [pid for pid in self.tree() if word in command_line(pid)]
        return pid

    def leftovers(self, seen: dict[int, int]) -> list[str]:
        """Processes, process groups and ports of the stack still there (after it stopped)."""
        alive = [f"pid {pid}: {command_line(pid)}" for pid in seen if pid in processes()]
        groups = [f"process group {pgid}" for pgid in set(seen.values()) if group_alive(pgid)]
        ports = [f"port {port} ({what})" for port, what in self.layout.ports().items() if not embedded.port_free(port)]
        return alive + groups + ports


def start(tmp: Path, **settings: str) -> MakeRun:
    """`make run` in a session of its own (its process group is make's, as in a terminal)."""
    first = free_run(9)  # Kafka, MongoDB, SMTP, the front door, then the five APIs
    apis = {service: first + 4 + n for n, service in enumerate(SERVICES)}
    layout = Layout(tmp / "data", first, first + 1, first + 2, first + 3, apis)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "MONGODB_", "ANFU_"))}
    env.update(
        ANFU_STACK_DATA=str(layout.data),
        ANFU_STACK_KAFKA_PORT=str(layout.kafka_port),
        ANFU_STACK_MONGODB_PORT=str(layout.mongo_port),
        ANFU_STACK_SMTP_PORT=str(layout.smtp_port),
        ANFU_STACK_FRONT_DOOR_PORT=str(layout.front_door_port),
        ANFU_STACK_API_PORT=str(apis["registry"]),
        PYTHONPATH=str(ROOT),
        **settings,
    )
    makefile = tmp / "Makefile"
    makefile.write_text(f"run:\n\t{sys.executable} -m services.platform.stack\n")
    make = subprocess.Popen(
        ["make", "--no-print-directory", "-f", str(makefile), "run"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    run = MakeRun(make, layout)
    threading.Thread(target=run.read, name="make-run-output", daemon=True).start()
    return run


def kill_all(run: MakeRun, seen: dict[int, int]) -> None:
    """SIGKILL every process group of the stack, those in `seen` and those now below make (a server the watchdog
    restarted): a test that failed leaves nothing running."""
    for pgid in set(seen.values()) | set(run.tree().values()):
        signal_group(pgid, signal.SIGKILL)


def processes() -> dict[int, tuple[int, int, str]]:
    """Every live process (zombies aside): pid -> (parent pid, process group, state), from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            state, ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
            if state != "Z":
                table[int(entry.name)] = (int(ppid), int(pgrp), state)
    return table


def command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return "(gone)"


def stopped_within(run: MakeRun, seconds: float) -> None:
    """make exits within `seconds` (the stack stopped everything first); killed otherwise, and the test fails
    saying where each thread of the stack was (its faulthandler answers SIGUSR1) and what the stack said last."""
    try:
        run.make.wait(seconds)
    except subprocess.TimeoutExpired:
        threads = run.layout.data / "logs" / "stack-threads.log"
        for pid in [pid for pid, (ppid, _, _) in processes().items() if ppid == run.make.pid]:
            os.kill(pid, signal.SIGUSR1)
            with contextlib.suppress(AssertionError):  # a stack that cannot even answer this: say what there is
                wait_until(lambda: threads.exists() and threads.stat().st_size, 10)
        where = threads.read_text() if threads.exists() else "(no thread dump: the stack exited, or did not answer)"
        kill_all(run, {})
        said = "\n".join(run.lines[-30:])
        raise AssertionError(
            f"make run still running {seconds:.0f} s after it was told to stop:\n{where}\n{said}"
        ) from None
