"""The dispatcher: leases due deliveries and sends them in a small thread pool, never blocking the consumer.

- A lease is one atomic update (`NotifyStore.claim`), so several worker replicas never send the same delivery
  at once; a dispatcher that dies mid-send leaves a lease that expires, and the delivery is sent again with the
  same id (the webhook-id).
- At most PER_RECEIVER deliveries to one receiver (a webhook, the SMTP server, the SMS gateway) are in flight
  per dispatcher: a slow or dead receiver holds those slots for at most its timeouts, the rest go on.
- Every attempt is recorded by `commands.settle` (time, channel, status, latency, error).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

from pymongo.errors import PyMongoError

from services.common.crashpoints import crashpoint
from services.common.storage.context import ServiceContext
from services.common.storage.mongo import is_transient

from . import commands
from .channels import channels
from .commands.deliveries import Outcome
from .domain.masking import mask
from .store import NotifyStore

log = logging.getLogger(__name__)
PER_RECEIVER = 2
AFTER_SEND = "notify.after-send"
RECORD_RETRIES = (
    0.05,
    0.1,
    0.2,
    0.4,
    0.8,
    None,
)  # pauses between tries; None: the last one  # crash tests: die after sending, before recording


class Dispatcher:
    def __init__(self, ctx: ServiceContext, senders: dict | None = None):
        self.ctx, self.senders = ctx, senders or channels(ctx)
        self.threads = ctx.config.delivery_threads
        self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="notify-send")
        self.in_flight: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.freed = threading.Event()  # a send finished: a slot is free, look again at once
        self.lease = timedelta(seconds=3 * ctx.config.webhook_timeout_seconds + 5)

    def tick(self) -> list[Future]:
        """Lease as many due deliveries as there are free slots and hand them to the pool."""
        futures = []
        while True:
            with self.lock:
                if sum(self.in_flight.values()) >= self.threads:
                    break
                busy = [key for key, n in self.in_flight.items() if n >= PER_RECEIVER]
                now = self.ctx.clock.now()
                delivery = NotifyStore(self.ctx.read()).claim(now, now + self.lease, uuid.uuid4().hex, busy)
                if delivery is None:
                    break
                self.in_flight[delivery["key"]] += 1
            futures.append(self.pool.submit(self.deliver, delivery))
        return futures

    def deliver(self, delivery: dict) -> None:
        """Send one delivery and record the attempt."""
        try:
            started = time.monotonic()
            outcome = self.attempt(delivery)
            crashpoint(AFTER_SEND)
            latency = (time.monotonic() - started) * 1000
            if not self.record(delivery, outcome, latency):
                log.warning("lease lost; attempt not recorded", extra={"delivery": delivery["_id"]})
            log.info(
                "delivery attempt",
                extra={
                    "delivery": delivery["_id"],
                    "channel": delivery["channel"],
                    "ok": outcome.ok,
                    "ms": round(latency, 1),
                    "error": outcome.error and mask(outcome.error),
                },
            )
        except Exception:
            log.exception("delivery %s could not be recorded", delivery["_id"])
        finally:
            with self.lock:
                self.in_flight[delivery["key"]] -= 1
            self.freed.set()

    def record(self, delivery: dict, outcome: Outcome, latency: float) -> bool:
        """Settle the attempt; transient conflicts (two attempts to one webhook settling at once) are retried."""
        for pause in RECORD_RETRIES:
            try:
                with self.ctx.uow() as uow:
                    return commands.settle(uow, delivery, outcome, latency, self.ctx.config.webhook_failure_limit)
            except PyMongoError as err:
                if not is_transient(err) or pause is None:
                    raise
            time.sleep(pause)
        return False

    def attempt(self, delivery: dict) -> Outcome:
        try:
            notification = NotifyStore(self.ctx.read()).notification(delivery["notification_id"])
            return self.senders[delivery["channel"]].send(delivery, notification)
        except Exception as err:
            return Outcome(False, f"{type(err).__name__}: {err}")

    def run(self, alive) -> None:
        """Tick every DELIVERY_POLL_SECONDS, or as soon as a send frees a slot, while `alive()`; then let the
        sends in hand finish."""
        while alive():
            self.freed.clear()
            try:
                self.tick()
            except Exception:
                log.exception("dispatcher tick failed")
            self.freed.wait(self.ctx.config.delivery_poll_seconds)
        self.pool.shutdown(wait=True)


_running: dict[int, threading.Thread] = {}


def start(ctx: ServiceContext) -> threading.Thread:
    """Start one dispatcher thread for this context, living as long as the calling thread (the worker's jobs
    thread: the kit stops it on SIGTERM, and the dispatcher follows)."""
    thread = _running.get(id(ctx))
    if thread is None or not thread.is_alive():
        owner = threading.current_thread()
        thread = threading.Thread(
            target=Dispatcher(ctx).run, args=(owner.is_alive,), name="notify-dispatcher", daemon=True
        )
        thread.start()
        _running[id(ctx)] = thread
    return thread
