"""MongoDB access: one client per process (created lazily, after fork), transactions as a unit of work.

A unit of work holds the session of one transaction; the state change, the outgoing events (outbox)
and the handled-event mark (inbox) are all written inside it, so they commit or vanish together.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

import pymongo
from pymongo.errors import ConnectionFailure, DuplicateKeyError, PyMongoError

from services.common.catalogue import CATALOGUE
from services.common.events import Event, new_event, utcnow

OUTBOX = "outbox"
INBOX = "inbox"


class AlreadyHandled(Exception):
    """This service applied the event before (the inbox has its id)."""


def is_transient(err: BaseException) -> bool:
    """Errors worth retrying: the database is unreachable, or a transaction hit a transient conflict."""
    if isinstance(err, ConnectionFailure):
        return True
    return isinstance(err, PyMongoError) and (
        err.has_error_label("TransientTransactionError") or err.has_error_label("UnknownTransactionCommitResult"))


class Mongo:
    """Per-process MongoClient for one service's database."""

    def __init__(self, uri: str, database: str, timeout_ms: int = 5000):
        self.uri, self.database, self.timeout_ms = uri, database, timeout_ms
        self._client: pymongo.MongoClient | None = None
        self._pid: int | None = None

    @property
    def client(self) -> pymongo.MongoClient:
        if self._client is None or self._pid != os.getpid():
            self._client = pymongo.MongoClient(
                self.uri, tz_aware=True, serverSelectionTimeoutMS=self.timeout_ms,
                connectTimeoutMS=self.timeout_ms, uuidRepresentation="standard")
            self._pid = os.getpid()
        return self._client

    @property
    def db(self):
        return self.client[self.database]

    def ping(self) -> None:
        self.client.admin.command("ping")

    def close(self) -> None:
        if self._client is not None and self._pid == os.getpid():
            self._client.close()
        self._client = None

    def ensure_kit_indexes(self) -> None:
        """Indexes the outbox and inbox rely on."""
        self.db[OUTBOX].create_index("event_id", unique=True)
        self.db[OUTBOX].create_index([("sent_at", 1), ("created_at", 1), ("_id", 1)])
        self.db[OUTBOX].create_index("sent_at", expireAfterSeconds=7 * 24 * 3600)  # sent events kept a week

    @contextmanager
    def unit_of_work(self, source: str) -> Iterator["UnitOfWork"]:
        """A transaction: commits when the block ends normally, aborts on any exception."""
        with self.client.start_session() as session:
            with session.start_transaction():
                yield UnitOfWork(self.db, session, source)


class UnitOfWork:
    """What a service changes in one transaction; pass `session=uow.session` to every write and read."""

    def __init__(self, db, session, source: str):
        self.db, self.session, self.source = db, session, source
        self.events: list[Event] = []

    def __getitem__(self, collection: str):
        return self.db[collection]

    def publish(self, event_type: str, subject: str, data: dict, **attrs) -> Event:
        """Add an outgoing event to the outbox, in this transaction. `data` must match the catalogue."""
        event = new_event(CATALOGUE[event_type], subject, data, self.source, **attrs)
        now = utcnow()
        self.db[OUTBOX].insert_one({
            "event_id": event.id, "topic": event.topic, "key": event.subject, "envelope": event.to_dict(),
            "created_at": now, "sent_at": None}, session=self.session)
        self.events.append(event)
        return event

    def mark_handled(self, service: str, event: Event) -> None:
        """Record in the inbox that `service` applied `event`; raise AlreadyHandled if it did before."""
        try:
            self.db[INBOX].insert_one({"_id": f"{service}:{event.id}", "type": event.type, "subject": event.subject,
                                       "handled_at": utcnow()}, session=self.session)
        except DuplicateKeyError as err:
            raise AlreadyHandled(event.id) from err
