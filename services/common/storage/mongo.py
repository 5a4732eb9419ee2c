"""MongoDB access: one client per process (created lazily, after fork), transactions as units of work, and which
errors are worth running a transaction again for."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pymongo
from pymongo.errors import ConnectionFailure, OperationFailure, PyMongoError
from pymongo.uri_parser import parse_uri

from services.common.storage.store import DEAD_LETTERS, INBOX, OUTBOX, RATE_LIMITS, UnitOfWork

DAY = 24 * 3600
OUTBOX_KEEP_DAYS = 7  # sent events
INBOX_KEEP_DAYS = 400  # handled marks: far longer than the outbox or Kafka keep an event; a year's replay stays once
TIMEOUTS = ("serverSelectionTimeoutMS", "connectTimeoutMS")  # timeout_ms, unless the URI sets its own


def is_conflict(err: BaseException) -> bool:
    """A transaction met another (a write conflict): run again, reading afresh, it can succeed. Not an unreachable
    database nor an unknown commit result (it may have committed)."""
    return isinstance(err, OperationFailure) and err.has_error_label("TransientTransactionError")


def is_transient(err: BaseException) -> bool:
    """Errors worth retrying: the database is unreachable, or a transaction hit a transient conflict."""
    return (
        isinstance(err, ConnectionFailure)
        or isinstance(err, PyMongoError)
        and (err.has_error_label("TransientTransactionError") or err.has_error_label("UnknownTransactionCommitResult"))
    )


class Mongo:
    """Per-process MongoClient for one service's database."""

    def __init__(self, uri: str, database: str, timeout_ms: int = 5000):
        self.uri, self.database, self.timeout_ms = uri, database, timeout_ms
        self._client: pymongo.MongoClient | None = None
        self._pid: int | None = None

    @property
    def client(self) -> pymongo.MongoClient:
        if self._client is None or self._pid != os.getpid():
            given = parse_uri(self.uri)["options"]  # a timeout MONGODB_URI sets wins (a keyword would override it)
            timeouts = {name: self.timeout_ms for name in TIMEOUTS if name not in given}
            self._client = pymongo.MongoClient(self.uri, tz_aware=True, uuidRepresentation="standard", **timeouts)
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
        """Indexes the outbox, inbox, dead letters and rate limits rely on, and how long they keep entries: a sent
        event a week from its first send (a new broker gets it again meanwhile), the inbox's marks over a year (a
        replayed event finds its first mark), a counter its window. Before any write: docs/secantusdb-wedge.md."""
        self.db[OUTBOX].create_index("event_id", unique=True)
        self.db[OUTBOX].create_index([("sent_at", 1), ("created_at", 1), ("_id", 1)])
        self.db[OUTBOX].create_index("resend", sparse=True)
        self.db[OUTBOX].create_index("sent_at", expireAfterSeconds=OUTBOX_KEEP_DAYS * DAY)
        self.db[INBOX].create_index("handled_at", expireAfterSeconds=INBOX_KEEP_DAYS * DAY)
        self.db[DEAD_LETTERS].create_index([("dead_lettered_at", -1), ("_id", -1)])
        self.db[RATE_LIMITS].create_index("expireAt", expireAfterSeconds=0)  # fixed windows: the counters only

    @contextmanager
    def unit_of_work(self, source: str, now: datetime) -> Iterator[UnitOfWork]:
        """A transaction: writes the outbox and commits when the block ends normally, aborts on any exception."""
        with self.client.start_session() as session:
            with session.start_transaction():
                uow = UnitOfWork(self.db, session, source, now)
                yield uow
                uow.write_outbox()
