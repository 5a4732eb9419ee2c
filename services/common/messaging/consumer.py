"""The consumer runner: read, check, apply at most once, commit after success; no message can stop it.

- group = service name; auto-commit off. What one poll returns for a partition is one batch: its events are
  applied in ONE transaction (inbox marks in one write, each event's handlers in partition order, then each batch
  handler once with the batch's events of its types), then ONE offset commit. A handler's failure in a batch -> the
  batch again, one event at a time, so the failing event is dead-lettered alone and the others are applied once,
  in order.
- a message is read in either CloudEvents content mode (`binding.py`) and must be believable (`provenance.py`).
- ANY error while reading or checking it, or a handler's permanent error -> a dead letter: the whole message in
  the service's `dead_letters` collection and a copy (truncated if large) on `<topic>.<service>-dlq`; then the
  partition moves on. If neither holds the whole message, it is retried with backoff and nothing is committed.
- the database unreachable (or a transient transaction error) -> retried with backoff, nothing committed.
- the inbox (service + event id) is written in the same transaction as the effect: a redelivery (or a copy in
  the same batch) is a no-op.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kafka.errors import CommitFailedError
from kafka.structs import OffsetAndMetadata, TopicPartition

from services.common import logs
from services.common.clock import utcnow
from services.common.crashpoints import CONSUMER_BEFORE_COMMIT, crashpoint
from services.common.events.binding import to_event
from services.common.events.bus import dlq_topic, ensure_topics, make_consumer
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event
from services.common.events.provenance import Policy, check
from services.common.messaging.deadletters.letters import DeadLetters, dlq_copy, new_letter
from services.common.metrics import CONSUMER_LAG, EVENTS_CONSUMED, EVENTS_DEAD_LETTERED
from services.common.schemas import received_on
from services.common.storage.context import ServiceContext
from services.common.storage.mongo import is_transient
from services.common.storage.store import AlreadyHandled, UnitOfWork

log = logging.getLogger(__name__)
POLL_MS = 100  # the longest a poll waits for records (they end it at once): also how soon a stop is noticed

Handler = Callable[[Event, UnitOfWork], None]
BatchHandler = Callable[[list[Event], UnitOfWork], None]


def per_batch(handler: BatchHandler) -> BatchHandler:
    """Mark a batch handler: `handler(events, uow)` runs once per unit of work, after every event's own handlers,
    with the batch's new events of the types it is listed under, in partition order (one event when the runner
    isolates a failure)."""
    handler.per_batch = True
    return handler


def _takes_batch(handler: Handler | BatchHandler) -> bool:
    return getattr(handler, "per_batch", False)


class Stopped(Exception):
    """Stop was requested while a message was still being retried."""


class ConsumerRunner:
    def __init__(
        self, ctx: ServiceContext, handlers: dict[str, list[Handler | BatchHandler]], max_backoff: float = 5.0
    ):
        self.ctx, self.handlers, self.max_backoff = ctx, handlers, max_backoff
        #: the batch handlers, in the order the table first lists them: the order they run in
        self.batch_handlers = list(dict.fromkeys(h for listed in handlers.values() for h in listed if _takes_batch(h)))
        self.consumer = None
        self.ready = threading.Event()  # set once partitions are assigned and positioned

    @property
    def topics(self) -> list[str]:
        return sorted(self.handlers)

    def start(self) -> None:
        topics = self.topics
        ensure_topics(self.ctx.config, topics + [dlq_topic(t, self.ctx.name) for t in topics])
        self.consumer = make_consumer(self.ctx.config, topics)

    def run(self, stop: threading.Event) -> None:
        """Consume until `stop` is set, then commit what was handled and leave the group."""
        if self.consumer is None:
            self.start()
        try:
            while not stop.is_set():
                batches = self.consumer.poll(timeout_ms=POLL_MS)
                if not self.ready.is_set():
                    self._check_ready()
                for tp, messages in batches.items():
                    self.process(messages, stop)
                    self._record_lag(tp)
        except Stopped:
            log.info("stopping with a message not yet handled; it will be redelivered")
        finally:
            self.consumer.close(autocommit=False)
            self.consumer = None

    def _check_ready(self) -> None:
        assignment = self.consumer.assignment()
        if assignment:
            for tp in assignment:
                self.consumer.position(tp)
            self.ready.set()
            log.info("consumer ready", extra={"partitions": len(assignment)})

    def process(self, messages: list, stop: threading.Event) -> None:
        """Handle what one poll returned for one partition (apply or dead-letter each), then commit once."""
        batch = []
        for message in messages:
            try:
                batch.append((message, self.read(message)))
            except Exception as err:
                self.dead_letter(message, err, stop)
        if batch:
            self.apply(batch, stop)
        crashpoint(CONSUMER_BEFORE_COMMIT)
        last = messages[-1]
        try:
            self.consumer.commit(
                {TopicPartition(last.topic, last.partition): OffsetAndMetadata(last.offset + 1, "", -1)}
            )
        except CommitFailedError as err:  # the group rebalanced: the new owner redelivers, the inbox drops it
            log.warning("offset commit refused after a rebalance: %s", err)

    def read(self, message) -> Event:
        """The message as an event this service believes (binding, schemas, provenance); raises otherwise."""
        with received_on(self.ctx.clock.today()):  # a fact day after the day it is received is refused
            event = to_event(message, CATALOGUE)  # its time is judged by the wall clock, not the business clock
        check(event, message.key, CATALOGUE[event.type], Policy.from_config(self.ctx.config), utcnow())
        return event

    def apply(self, batch: list[tuple[object, Event]], stop: threading.Event) -> None:
        """Apply the events in one transaction; if a handler fails, one at a time, dead-lettering the failing one."""
        if len(batch) > 1:
            try:
                self._retrying(lambda: self.apply_once(batch), stop)
                return
            except Stopped:
                raise
            except Exception as err:
                log.warning(
                    "a batch of %d events failed (%s: %s); applying them one at a time",
                    len(batch),
                    type(err).__name__,
                    err,
                )
        for message, event in batch:
            token = logs.event_id.set(event.id)
            try:
                self._retrying(lambda: self.apply_once([(message, event)]), stop)
            except Stopped:
                raise
            except Exception as err:
                log.exception("handler failed; dead-lettering")
                self.dead_letter(message, err, stop)
            finally:
                logs.event_id.reset(token)

    def _retrying(self, attempt: Callable[[], None], stop: threading.Event) -> None:
        """`attempt()` until it succeeds; transient errors are retried with backoff, any other is raised."""
        delay = 0.2
        while True:
            try:
                return attempt()
            except AlreadyHandled:  # another consumer marked one meanwhile: read the inbox again at once
                continue
            except Exception as err:
                if not is_transient(err):
                    raise
                log.warning("transient failure; retrying in %.1fs: %s", delay, err)
            if stop.wait(delay):
                raise Stopped()
            delay = min(delay * 2, self.max_backoff)

    def apply_once(self, batch: list[tuple[object, Event]]) -> None:
        """One transaction: the inbox marks of the new events in one write, then each event's handlers in partition
        order, then each batch handler once with the new events of its types."""
        with self.ctx.uow() as uow:
            fresh = uow.mark_handled(self.ctx.name, [event for _, event in batch])
            for event in fresh:
                token = logs.event_id.set(event.id)
                try:
                    for handler in self.handlers.get(event.type, []):
                        if not _takes_batch(handler):
                            handler(event, uow)
                finally:
                    logs.event_id.reset(token)
            for handler in self.batch_handlers:
                events = [event for event in fresh if handler in self.handlers.get(event.type, ())]
                if events:
                    handler(events, uow)
        handled = {event.id for event in fresh}
        for _, event in batch:
            EVENTS_CONSUMED.labels(self.ctx.name, event.type, "handled" if event.id in handled else "duplicate").inc()
            handled.discard(event.id)

    def dead_letter(self, message, err: Exception, stop: threading.Event) -> None:
        """Keep the message whole in the database and copy it to the DLQ topic; retry until one holds all of it."""
        letter = new_letter(message, err, self.ctx.name, self.ctx.clock.now())
        value, headers, truncated = dlq_copy(letter, message.value)
        topic = dlq_topic(message.topic, self.ctx.name)
        stored = published = False
        delay = 0.2
        while True:
            stored = stored or self._attempt(lambda: DeadLetters(self.ctx.db).keep(letter, message.value))
            published = published or self._attempt(
                lambda: self.ctx.producer.send(topic, key=message.key, value=value, headers=headers).get(timeout=15)
            )
            if stored or (published and not truncated):
                break
            log.error("dead letter %s not kept yet; retrying in %.1fs", letter["_id"], delay)
            if stop.wait(delay):
                raise Stopped()
            delay = min(delay * 2, self.max_backoff)
        EVENTS_DEAD_LETTERED.labels(self.ctx.name, message.topic).inc()
        log.warning(
            "dead-lettered",
            extra={
                "topic": message.topic,
                "offset": message.offset,
                "error": str(err)[:2000],
                "dead_letter": letter["_id"],
                "stored": stored,
                "published": published,
            },
        )

    @staticmethod
    def _attempt(write) -> bool:
        """True if `write()` succeeded; any failure is logged (the caller retries)."""
        try:
            write()
            return True
        except Exception as err:
            log.warning("writing a dead letter failed: %s: %s", type(err).__name__, err)
            return False

    def _record_lag(self, tp) -> None:
        high = self.consumer.highwater(tp)
        if high is not None:
            CONSUMER_LAG.labels(self.ctx.name, tp.topic, tp.partition).set(max(high - self.consumer.position(tp), 0))
