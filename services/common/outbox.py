"""The outbox relay: publishes pending events in the order they were written, then marks them sent.

A crash after publishing and before marking publishes the event again with the same id; consumers
drop it through their inbox. Ordering per subject holds because one relay sends in creation order with
one request in flight and stops at the first failure.
"""
from __future__ import annotations

import json
import logging
import threading

from services.common.context import ServiceContext
from services.common.crashpoints import RELAY_BEFORE_PUBLISH, crashpoint
from services.common.clock import utcnow
from services.common.metrics import EVENTS_PUBLISHED, OUTBOX_BACKLOG
from services.common.store import OUTBOX, is_transient

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(self, ctx: ServiceContext, batch: int = 100, send_timeout: float = 15.0):
        self.ctx, self.batch, self.send_timeout = ctx, batch, send_timeout

    def pending(self) -> list[dict]:
        """Unsent events in commit order: two changes of one subject conflict, so the later one was created later."""
        return list(self.ctx.db[OUTBOX].find({"sent_at": None}).sort([("created_at", 1), ("_id", 1)]).limit(self.batch))

    def run_once(self) -> int:
        """Publish one batch of pending events; return how many were published."""
        docs = self.pending()
        if not docs:
            OUTBOX_BACKLOG.labels(self.ctx.name).set(0)
            return 0
        crashpoint(RELAY_BEFORE_PUBLISH)
        futures = [self.ctx.producer.send(
            d["topic"], key=d["key"].encode(), value=json.dumps(d["envelope"], ensure_ascii=False).encode(),
            headers=[("ce_type", d["envelope"]["type"].encode()), ("ce_id", d["event_id"].encode()),
                     ("ce_source", d["envelope"]["source"].encode()), ("ce_specversion", b"1.0")])
            for d in docs]
        self.ctx.producer.flush(timeout=self.send_timeout)
        sent = []
        for doc, future in zip(docs, futures):
            try:
                future.get(timeout=self.send_timeout)
            except Exception:  # noqa: BLE001 - keep order: stop at the first event not acknowledged
                log.exception("publish failed", extra={"event_id": doc["event_id"]})
                break
            sent.append(doc)
        if sent:
            self.ctx.db[OUTBOX].update_many({"_id": {"$in": [d["_id"] for d in sent]}}, {"$set": {"sent_at": utcnow()}})
            for doc in sent:
                EVENTS_PUBLISHED.labels(self.ctx.name, doc["topic"]).inc()
        OUTBOX_BACKLOG.labels(self.ctx.name).set(self.ctx.db[OUTBOX].count_documents({"sent_at": None}))
        return len(sent)

    def run(self, stop: threading.Event) -> None:
        """Relay until `stop` is set; transient failures are logged and retried."""
        while not stop.is_set():
            try:
                if self.run_once() == self.batch:  # more may be waiting
                    continue
            except Exception as err:  # noqa: BLE001 - the relay must outlive outages
                log.warning("outbox relay failed; retrying", exc_info=not is_transient(err))
            stop.wait(self.ctx.config.outbox_poll_seconds)
