"""Units of work and stores: what a service changes in one transaction, and the base of every service's store.

A unit of work holds the session of one transaction; the state change, the outgoing events (outbox)
and the handled-event mark (inbox) are all written inside it, so they commit or vanish together.
"""

from __future__ import annotations

from datetime import date, datetime

from pymongo.errors import BulkWriteError

from services.common.clock import jiaxing_day, utcnow
from services.common.errors import Conflict, NotFound, PreconditionFailed
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from services.common.schemas import received_on

OUTBOX = "outbox"
INBOX = "inbox"
DEAD_LETTERS = "dead_letters"  # services.common.messaging.deadletters
RATE_LIMITS = "rate_limits"  # services.common.web.ratelimits: `limits`' counters


class AlreadyHandled(Exception):
    """Another consumer marked one of these events in the inbox meanwhile (read the inbox again and retry)."""


class Bound:
    """A collection whose every call runs in the unit of work's session (no `session=` at call sites)."""

    def __init__(self, collection, session):
        self.collection, self.session = collection, session

    def __getattr__(self, name: str):
        method = getattr(self.collection, name)
        if not callable(method) or self.session is None:
            return method

        def in_session(*args, **kwargs):
            kwargs["session"] = self.session
            return method(*args, **kwargs)

        return in_session


class UnitOfWork:
    """What a service changes in one transaction, and the moment it happens.

    `uow["x"]` is collection x bound to the transaction's session. `now` (UTC) and `today` (a Jiaxing day)
    come from the service's clock once, so a whole command sees one time. A read-only unit of work
    (`ctx.read()`) has no transaction and cannot publish.
    """

    def __init__(self, db, session, source: str, now: datetime):
        self.db, self.session, self.source, self.now = db, session, source, now
        self.events: list[Event] = []

    @property
    def today(self) -> date:
        return jiaxing_day(self.now)

    def __getitem__(self, collection: str) -> Bound:
        return Bound(self.db[collection], self.session)

    def publish(self, event_type: str, subject: str, data: dict, **attrs) -> Event:
        """Add an outgoing event to the outbox, in this transaction (written when it commits). `data` must
        match the catalogue (its fact days not after this unit of work's day)."""
        if self.session is None:
            raise RuntimeError("a read-only unit of work cannot publish")
        with received_on(self.today):
            event = new_event(CATALOGUE[event_type], subject, data, self.source, **attrs)
        self.events.append(event)
        return event

    def write_outbox(self) -> None:
        """Write the events published in this unit of work to the outbox, in one round trip, in order."""
        if self.events:
            created = utcnow()
            self[OUTBOX].insert_many(
                [
                    {
                        "event_id": event.id,
                        "topic": event.topic,
                        "key": event.subject,
                        "envelope": event.to_dict(),
                        "created_at": created,
                        "sent_at": None,
                    }
                    for event in self.events
                ]
            )

    def mark_handled(self, service: str, events: list[Event]) -> list[Event]:
        """Record in the inbox, in one write, that `service` applies `events`: returns those it never applied
        (each id once, in order). A duplicate key would abort the transaction, so handled ids are read first;
        AlreadyHandled if another consumer marked one meanwhile."""
        unique: dict[str, Event] = {}
        for event in events:
            unique.setdefault(f"{service}:{event.id}", event)
        seen = {doc["_id"] for doc in self[INBOX].find({"_id": {"$in": list(unique)}}, {"_id": 1})}
        fresh = [(i, event) for i, event in unique.items() if i not in seen]
        if fresh:
            try:
                self[INBOX].insert_many(
                    [
                        {"_id": i, "type": event.type, "subject": event.subject, "handled_at": utcnow()}
                        for i, event in fresh
                    ]
                )
            except BulkWriteError as err:
                if any(e.get("code") == 11000 for e in err.details.get("writeErrors", [])):
                    raise AlreadyHandled(err.details["writeErrors"][0].get("errmsg", "")) from err
                raise
        return [event for _, event in fresh]


def expect(version: int, expected: frozenset[int] | None, noun: str) -> None:
    """PreconditionFailed unless `version` is one the caller read (`expected`; None: any)."""
    if expected is not None and version not in expected:
        raise PreconditionFailed(
            f"the {noun} is at version {version}, not the one you read; read it again", rule="if-match"
        )


class Store:
    """Base of every service's store: its collections bound to one unit of work, and two shared writes.

    - `upsert_newer`: a projection of events that may arrive out of order ("the newest event time wins").
    - `load` / `insert_versioned` / `replace_versioned`: optimistic versioning, so two concurrent changes of
      one record cannot both win (the loser gets Conflict).
    """

    def __init__(self, uow: UnitOfWork):
        self.uow = uow
        self._versions: dict[tuple[str, str], int] = {}

    def __getitem__(self, collection: str) -> Bound:
        return self.uow[collection]

    @property
    def today(self) -> date:
        return self.uow.today

    def upsert_newer(self, collection: str, ident: str, stamp: str, time: str, values: dict, on_insert: dict) -> bool:
        """Set `values` on document `ident` unless it already holds a newer `stamp` time; True if written.

        `on_insert` seeds a document seen for the first time (e.g. a status until the profile arrives). One round
        trip when the document exists and this event is newer (the usual case), three otherwise.
        """
        newer_or_equal = {"_id": ident, "$or": [{stamp: {"$exists": False}}, {stamp: {"$lte": time}}]}
        update = {"$set": {**values, stamp: time}}
        if self[collection].update_one(newer_or_equal, update).matched_count == 1:
            return True
        self[collection].update_one({"_id": ident}, {"$setOnInsert": on_insert}, upsert=True)
        return self[collection].update_one(newer_or_equal, update).matched_count == 1

    def load(self, collection: str, ident: str, noun: str, expected: frozenset[int] | None = None) -> dict:
        """A versioned document, remembering its version for `replace_versioned` (NotFound if unknown).

        `expected`: the versions the caller read (its `If-Match`); another version is PreconditionFailed, checked
        in this transaction, so a write based on a stale read changes nothing. None: any version."""
        doc = self[collection].find_one({"_id": ident})
        if doc is None:
            raise NotFound(f"no {noun} {ident}")
        version = doc.get("version", 0)
        expect(version, expected, noun)
        self._versions[(collection, ident)] = version
        return doc

    def version(self, collection: str, ident: str) -> int:
        """The version of a document loaded, inserted or replaced in this unit of work (its ETag)."""
        return self._versions[(collection, ident)]

    def insert_versioned(self, collection: str, doc: dict) -> dict:
        """Insert a new versioned document (version 1); a duplicate id fails on the unique _id."""
        doc = {**doc, "version": 1}
        self[collection].insert_one(doc)
        self._versions[(collection, doc["_id"])] = 1
        return doc

    def replace_versioned(self, collection: str, doc: dict, noun: str) -> dict:
        """Write back a document loaded before, unless someone changed it meanwhile (Conflict)."""
        version = self._versions[(collection, doc["_id"])]
        new = {**doc, "version": version + 1}
        if self[collection].replace_one({"_id": doc["_id"], "version": version}, new).matched_count != 1:
            raise Conflict(f"the {noun} changed meanwhile; read it again and retry")
        self._versions[(collection, doc["_id"])] = version + 1
        return new
