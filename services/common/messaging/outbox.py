"""The outbox relay: publishes pending events in the order they were written, then marks them sent.

Several worker replicas of a service share one outbox: only the holder of the relay lease publishes (one
relay, so ordering per subject holds: it sends in creation order, one request in flight, and stops at the
first failure). Before each batch the holder writes the batch's ids on the lease ("in flight"); a replica
taking over from a holder that died reads them back from the topics and marks sent those that got there,
so a crash between publishing and marking does not publish twice.

A broker with a new cluster id cannot have what was sent to the old one (the embedded Tansu keeps topics in
memory and gets a fresh id at every start): the holder then publishes every sent entry still kept again.
Consumers drop what they already applied through their inbox, which is kept longer than the outbox.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import timedelta

from kafka.structs import TopicPartition

from services.common.clock import utcnow
from services.common.config import Config
from services.common.crashpoints import RELAY_AFTER_PUBLISH, RELAY_BEFORE_PUBLISH, crashpoint
from services.common.events.bus import make_consumer
from services.common.messaging.lease import Lease, worker_id
from services.common.metrics import EVENTS_PUBLISHED, OUTBOX_BACKLOG
from services.common.storage.context import ServiceContext
from services.common.storage.mongo import is_transient
from services.common.storage.store import OUTBOX

log = logging.getLogger(__name__)

PENDING = {"$or": [{"sent_at": None}, {"resend": True}]}  # never sent, or sent to a broker that lost it
READ_BACK_MARGIN = timedelta(minutes=1)  # producer timestamps may trail the in-flight note (clock steps)


class OutboxRelay:
    def __init__(self, ctx: ServiceContext, batch: int = 100, owner: str | None = None):
        self.ctx, self.batch = ctx, batch
        seconds = ctx.config.outbox_lease_seconds
        self.lease = Lease(ctx.db, "outbox-relay", owner or worker_id(), seconds)
        self.send_timeout = seconds / 3  # a batch ends well before the lease it was sent under
        self.renew_at = 0.0
        self.taken = False  # the previous holder's leftovers are settled
        self.broker: str | None = None

    def pending(self) -> list[dict]:
        """Events to publish in commit order (two changes of one subject conflict: the later was created later)."""
        return list(self.ctx.db[OUTBOX].find(PENDING).sort([("created_at", 1), ("_id", 1)]).limit(self.batch))

    def run_once(self) -> int:
        """Publish one batch of pending events if this replica holds the lease; return how many were published."""
        if not self.holds_lease():
            return 0
        self.follow_broker()
        docs = self.pending()
        if not docs:
            OUTBOX_BACKLOG.labels(self.ctx.name).set(0)
            return 0
        if not self.lease.hold(in_flight={"ids": [d["event_id"] for d in docs], "since": utcnow()}):
            self.renew_at, self.taken = 0.0, False  # lost it (stalled past expiry): publish nothing, take it again
            return 0
        crashpoint(RELAY_BEFORE_PUBLISH)
        sent = self.publish(docs)
        crashpoint(RELAY_AFTER_PUBLISH)
        self.mark_sent(sent)
        for doc in sent:
            EVENTS_PUBLISHED.labels(self.ctx.name, doc["topic"]).inc()
        OUTBOX_BACKLOG.labels(self.ctx.name).set(self.ctx.db[OUTBOX].count_documents(PENDING))
        return len(sent)

    def publish(self, docs: list[dict]) -> list[dict]:
        """Send in order; the leading run of acknowledged events (stops at the first failure)."""
        futures = [
            self.ctx.producer.send(
                d["topic"],
                key=d["key"].encode(),
                value=json.dumps(d["envelope"], ensure_ascii=False).encode(),
                headers=[
                    ("ce_type", d["envelope"]["type"].encode()),
                    ("ce_id", d["event_id"].encode()),
                    ("ce_source", d["envelope"]["source"].encode()),
                    ("ce_specversion", b"1.0"),
                ],
            )
            for d in docs
        ]
        self.ctx.producer.flush(timeout=self.send_timeout)
        sent = []
        for doc, future in zip(docs, futures):
            try:
                future.get(timeout=self.send_timeout)
            except Exception:
                log.exception("publish failed", extra={"event_id": doc["event_id"]})
                break
            sent.append(doc)
        return sent

    def mark_sent(self, docs: list[dict]) -> None:
        """First sends get `sent_at` (the outbox TTL counts from it); re-sends keep theirs and lose `resend`."""
        first = [d["_id"] for d in docs if d.get("sent_at") is None]
        again = [d["_id"] for d in docs if d.get("resend")]
        if first:
            self.ctx.db[OUTBOX].update_many({"_id": {"$in": first}}, {"$set": {"sent_at": utcnow()}})
        if again:
            self.ctx.db[OUTBOX].update_many({"_id": {"$in": again}}, {"$unset": {"resend": ""}})

    def holds_lease(self) -> bool:
        """Take or renew the lease (renewed every third of its time); settle what a previous holder left."""
        if time.monotonic() < self.renew_at:
            return True
        before = self.lease.take()
        if before is None:
            self.taken = False
            return False
        if not self.taken or before.get("owner") != self.lease.owner:
            log.info("outbox relay lease taken", extra={"previous": before.get("owner")})
            self.broker = before.get("broker")
            self.settle(before.get("in_flight"))
            self.taken = True
        self.renew_at = time.monotonic() + self.lease.seconds / 3
        return True

    def settle(self, in_flight: dict | None) -> None:
        """Mark sent the in-flight events of a dead holder that reached their topics."""
        if not in_flight:
            return
        doubt = list(self.ctx.db[OUTBOX].find({"event_id": {"$in": in_flight["ids"]}, **PENDING}))
        if doubt:
            found = published(
                self.ctx.config,
                {d["topic"] for d in doubt},
                in_flight["since"] - READ_BACK_MARGIN,
                {d["event_id"] for d in doubt},
            )
            self.mark_sent([d for d in doubt if d["event_id"] in found])
            log.info("settled in-flight events", extra={"in_doubt": len(doubt), "found": len(found)})
        self.lease.hold(in_flight=None)

    def follow_broker(self) -> None:
        """On a broker with a new cluster id, publish every kept sent entry again (it cannot have them)."""
        current = cluster_id(self.ctx)
        if current is None or current == self.broker:
            return
        if self.broker is not None:
            result = self.ctx.db[OUTBOX].update_many({"sent_at": {"$ne": None}}, {"$set": {"resend": True}})
            log.warning(
                "new broker: re-publishing the kept outbox",
                extra={"old": self.broker, "new": current, "events": result.modified_count},
            )
        if self.lease.hold(broker=current):
            self.broker = current

    def run(self, stop: threading.Event) -> None:
        """Relay until `stop` is set; transient failures are logged and retried. A clean stop hands the lease on."""
        while not stop.is_set():
            try:
                if self.run_once() == self.batch:  # more may be waiting
                    continue
            except Exception as err:
                log.warning("outbox relay failed; retrying", exc_info=not is_transient(err))
            stop.wait(self.ctx.config.outbox_poll_seconds)
        try:
            self.lease.release()
        except Exception:
            log.warning("could not release the outbox relay lease", exc_info=True)


def cluster_id(ctx: ServiceContext) -> str | None:
    """The broker's cluster id as the producer's metadata knows it (None before it first connects)."""
    return ctx.producer._metadata.cluster_id  # kafka-python keeps it there; no public accessor


def published(config: Config, topics: set[str], since, wanted: set[str]) -> set[str]:
    """Which `wanted` event ids are on `topics` from `since` on (by their ce_id header)."""
    consumer = make_consumer(config, [])  # assigned by hand: joins no group, commits nothing
    try:
        consumer.topics()  # load metadata
        parts = [TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or ()]
        starts = consumer.offsets_for_times({tp: int(since.timestamp() * 1000) for tp in parts}) if parts else {}
        starts = {tp: s.offset for tp, s in starts.items() if s is not None and s.timestamp >= 0}  # Tansu: -1 = none
        consumer.assign(list(starts))
        for tp, offset in starts.items():
            consumer.seek(tp, offset)
        return read_ids(consumer, wanted) if starts else set()
    finally:
        consumer.close()


def read_ids(consumer, wanted: set[str]) -> set[str]:
    """Read to the end (two empty polls: Tansu's end offsets can fall short) collecting wanted ce_ids."""
    found, empty = set(), 0
    while empty < 2:
        batch = consumer.poll(timeout_ms=300)
        empty = 0 if batch else empty + 1
        for messages in batch.values():
            for message in messages:
                ce_id = dict(message.headers or []).get("ce_id", b"").decode()
                if ce_id in wanted:
                    found.add(ce_id)
    return found
