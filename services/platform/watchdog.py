"""`make run`'s watchdog over its database and broker: a server that exits is restarted at once; one that has not
answered for ANFU_STACK_UNRESPONSIVE_SECONDS (asked every ANFU_STACK_PROBE_SECONDS, each question bounded by that
time) is killed and restarted, on the same port and the same data, and it is said loudly.

The services carry on by themselves: their clients reconnect, a transaction cut short is retried, and what was
written stays in the outbox until the broker has it. SecantusDB keeps its data on disk, so a restart loses only
transactions that had not committed. Tansu keeps everything in memory: the restarted broker is a new cluster, so
the topics are created again, every outbox relay publishes again what it keeps (it sees the new cluster id), the
consumer groups start from the beginning, and each inbox drops what was already applied. Only what an external
system published straight to the lost broker is gone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from services.platform.embedded import Server


@dataclass
class Watched:
    server: Server
    what: str  # for people: "MongoDB (mongodb://127.0.0.1:27017/?replicaSet=secantus)"
    before_restart: Callable[[], None] = lambda: None  # Kafka: stop the workers
    after_restart: Callable[[], None] = lambda: None  # Kafka: create the topics, start the workers
    answered: float = field(default_factory=time.monotonic)
    asked: float = 0.0


class Watchdog:
    def __init__(self, watched: list[Watched], probe_seconds: float, unresponsive_seconds: float, supervisor):
        self.watched, self.supervisor = watched, supervisor
        self.probe_seconds, self.unresponsive_seconds = probe_seconds, unresponsive_seconds

    def check(self) -> None:
        """Ask each server that is due whether it answers; restart one that exited or stayed silent too long."""
        for watched in self.watched:
            now = time.monotonic()
            if now - watched.asked < self.probe_seconds:
                continue
            watched.asked = now
            code = watched.server.process.poll()
            if code is not None:
                self.restart(watched, f"exited (code {code})")
            elif watched.server.answers(self.probe_seconds):
                watched.answered = time.monotonic()
            elif time.monotonic() - watched.answered >= self.unresponsive_seconds:
                silent = time.monotonic() - watched.answered
                self.restart(watched, f"has not answered for {silent:.0f} s (pid {watched.server.process.pid})")

    def restart(self, watched: Watched, why: str) -> None:
        say, name = self.supervisor.say, watched.what
        if self.supervisor.stopping:
            return  # stopping anyway (a signal to every process reaches the servers too)
        say(f"\n!!! {name} {why}: restarting it on the same data and port {watched.server.port} ...", logging.ERROR)
        watched.before_restart()
        watched.server.restart()
        watched.after_restart()
        watched.answered = time.monotonic()
        say(
            f"!!! {name} restarted (pid {watched.server.process.pid}); the services reconnect by themselves, and their"
            " outbox and inbox deliver every event once\n",
            logging.ERROR,
        )
