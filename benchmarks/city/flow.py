"""The city's services in one process: each on its own database, with the clock the build moves day by day.

How this differs from HTTP and Kafka: a command is called in-process with the body its API's schema loads (the
same validation, no token, no JSON over a socket) and many commands share one unit of work (one transaction);
events are taken from each service's outbox as its relay would take them (then marked sent, so no relay sends
them again) and handed to every consuming service's consumer in batches of 500 (`ConsumerRunner.apply_once`:
inbox marks, handlers and deferred work in one transaction, as after a poll) instead of crossing Tansu.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from flask import Flask

from services.common.clock import FixedClock
from services.common.config import Config
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import from_envelope
from services.common.messaging.consumer import ConsumerRunner
from services.common.storage.context import ServiceContext
from services.common.storage.store import OUTBOX
from services.credit.worker import WORKER as CREDIT
from services.matching.worker import WORKER as MATCHING
from services.notify.worker import WORKER as NOTIFY
from services.registry.worker import WORKER as REGISTRY
from services.subsidy.worker import WORKER as SUBSIDY

WORKERS = {w.service: w for w in (REGISTRY, MATCHING, CREDIT, SUBSIDY, NOTIFY)}
BATCH = 500  # the consumer's max_poll_records
JIAXING_MORNING = time(2, 0)  # 10:00 in Jiaxing


def config(service: str, mongo: str, kafka: str, **overrides) -> Config:
    """A service's settings on the city's database (the service's own database name, `anfu_<service>`)."""
    return Config(service=service, mongodb_uri=mongo, kafka_bootstrap_servers=kafka, **overrides)


class Services:
    """Every service's context and consumer on the city's database, sharing one clock."""

    def __init__(self, mongo: str, kafka: str):
        self.clock = FixedClock(datetime.now(UTC))
        self.ctx = {name: ServiceContext(config(name, mongo, kafka), self.clock) for name in WORKERS}
        self.consumers = {name: ConsumerRunner(self.ctx[name], w.handlers) for name, w in WORKERS.items()}
        self.events = dict.fromkeys(WORKERS, 0)
        self.apps = {name: Flask(f"city-{name}") for name in WORKERS}  # `ctx()` for the schemas' service clock
        for name, app in self.apps.items():
            app.extensions["anfu"] = self.ctx[name]

    def setup(self) -> None:
        """Every index before any write (docs/secantusdb-wedge.md), as each worker does at start."""
        for name, worker in WORKERS.items():
            self.ctx[name].mongo.ensure_kit_indexes()
            if worker.setup:
                worker.setup(self.ctx[name])

    def on(self, day) -> None:
        """Move the clock to 10:00 of a Jiaxing day."""
        self.clock.moment = datetime.combine(day, JIAXING_MORNING, tzinfo=UTC)

    def run(self, service: str, commands: list[Callable], chunk: int = 200) -> list:
        """Run commands `(uow) -> result` in units of work of `chunk`, then deliver what they published."""
        results = []
        if not commands:
            return results
        for start in range(0, len(commands), chunk):
            with self.apps[service].app_context(), self.ctx[service].uow() as uow:
                results += [command(uow) for command in commands[start : start + chunk]]
        self.deliver()
        return results

    def deliver(self) -> None:
        """Take every service's unsent outbox entries and apply them in each consumer, until none is left."""
        while True:
            events = [event for name in WORKERS for event in self._relay(name)]
            if not events:
                return
            for name, consumer in self.consumers.items():
                mine = [(None, e) for e in events if e.type in consumer.handlers]
                for start in range(0, len(mine), BATCH):
                    consumer.apply_once(mine[start : start + BATCH])
                self.events[name] += len(mine)

    def _relay(self, service: str) -> list:
        outbox = self.ctx[service].db[OUTBOX]
        entries = list(outbox.find({"sent_at": None}).sort([("created_at", 1), ("_id", 1)]))
        if entries:
            sent = self.clock.now() + timedelta(seconds=1)
            outbox.update_many({"_id": {"$in": [e["_id"] for e in entries]}}, {"$set": {"sent_at": sent}})
        return [from_envelope(e["envelope"], CATALOGUE) for e in entries]

    def close(self) -> None:
        for ctx in self.ctx.values():
            ctx.close()
