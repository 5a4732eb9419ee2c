"""A service under test: its running worker's context, an HTTP test client, and a raw producer to feed it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from services.common.events.envelope import Event
from services.common.storage.context import ServiceContext
from tests.support.wait import wait_until


@dataclass
class ServiceHarness:
    ctx: ServiceContext
    client: object
    producer: object
    service: str

    def send(self, *events: Event) -> None:
        """Publish as an external system would (straight to Kafka)."""
        for event in events:
            self.producer.send(event.topic, key=event.key, value=event.to_bytes(), headers=event.headers)
        self.producer.flush()

    def handled(self, *events: Event, timeout: float = 30) -> None:
        """Wait until the service's inbox holds every one of the events (each id once, however often sent)."""
        ids = list({f"{self.service}:{e.id}" for e in events})
        wait_until(lambda: self.ctx.db["inbox"].count_documents({"_id": {"$in": ids}}) == len(ids), timeout)

    def send_and_wait(self, *events: Event, timeout: float = 30) -> None:
        self.send(*events)
        self.handled(*events, timeout=timeout)


def new_id(prefix: str) -> str:
    """A fresh id for test data (unique across tests sharing the broker)."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
