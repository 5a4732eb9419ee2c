"""The dead-letter record, its copy for the dead-letter topic, and the `dead_letters` collection.

A record holds everything needed to understand and replay a message: topic, partition, offset, key, headers,
the original value (inline, or in the GridFS bucket `dead_letter_values` when too large for a document),
the reason and error class, the service, when, and what operators did with it since (replays, discard).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from gridfs import GridFSBucket, NoFile
from pymongo.errors import DuplicateKeyError

from services.common.errors import NotFound
from services.common.storage.pagination import paginate
from services.common.storage.store import DEAD_LETTERS

VALUES = "dead_letter_values"  # GridFS bucket
INLINE_MAX = 8 * 1024 * 1024  # larger values go to GridFS (a document holds at most 16 MiB)
DLQ_VALUE_MAX = 256 * 1024  # a dead-letter topic copy carries at most this much of the value
DLQ_HEADERS_MAX = 64 * 1024  # ... and the original headers only if they are this small
REASON_MAX = 10_000
DEAD, REPLAYED, DISCARDED = "dead", "replayed", "discarded"
STATUSES = (DEAD, REPLAYED, DISCARDED)


def letter_id(message) -> str:
    """The same message (topic, partition, offset, value) always gets the same id: a redelivery keeps one record."""
    digest = hashlib.sha256(f"{message.topic}:{message.partition}:{message.offset}:".encode())
    digest.update(message.value or b"")
    return digest.hexdigest()[:24]


def new_letter(message, err: BaseException, service: str, now: datetime) -> dict:
    """The record of a message that could not be applied (its value is stored apart, by `DeadLetters.keep`)."""
    return {
        "_id": letter_id(message),
        "service": service,
        "topic": message.topic,
        "partition": message.partition,
        "offset": message.offset,
        "key": message.key,
        "headers": [{"key": k, "value": v} for k, v in message.headers or []],
        "value_size": len(message.value or b""),
        "reason": str(err)[:REASON_MAX] or type(err).__name__,
        "error_class": type(err).__name__,
        "dead_lettered_at": now,
        "status": DEAD,
        "replays": [],
        "discarded": None,
    }


def dlq_copy(letter: dict, value: bytes | None) -> tuple[bytes | None, list[tuple[str, bytes]], bool]:
    """Value, headers and whether it was truncated, for `<topic>.<service>-dlq`: what fits, and a pointer.

    `dlq_id` names the stored record (`/admin/dead-letters/{id}`), which always holds the whole message.
    """
    truncated = value is not None and len(value) > DLQ_VALUE_MAX
    original = [(h["key"], h["value"]) for h in letter["headers"]]
    if sum(len(k) + len(v or b"") for k, v in original) > DLQ_HEADERS_MAX:
        original = []
    headers = original + [
        ("dlq_id", letter["_id"].encode()),
        ("dlq_error", letter["reason"][:2000].encode()),
        ("dlq_error_class", letter["error_class"].encode()),
        ("dlq_topic", letter["topic"].encode()),
        ("dlq_partition", str(letter["partition"]).encode()),
        ("dlq_offset", str(letter["offset"]).encode()),
        ("dlq_service", letter["service"].encode()),
        ("dlq_size", str(letter["value_size"]).encode()),
        ("dlq_truncated", b"true" if truncated else b"false"),
    ]
    return (value[:DLQ_VALUE_MAX] if truncated else value), headers, truncated


def query(
    topic: str | None = None,
    reason: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    status: str | None = None,
) -> dict:
    """The MongoDB filter of an operator's filters (reason: text contained, any case; until: exclusive)."""
    found: dict = {}
    if topic:
        found["topic"] = topic
    if reason:
        found["reason"] = {"$regex": re.escape(reason), "$options": "i"}
    if since or until:
        found["dead_lettered_at"] = {**({"$gte": since} if since else {}), **({"$lt": until} if until else {})}
    if status:
        found["status"] = status
    return found


class DeadLetters:
    """The service's dead letters (no transaction: a dead letter is kept whatever else fails)."""

    def __init__(self, db):
        self.db, self.collection = db, db[DEAD_LETTERS]

    def keep(self, letter: dict, value: bytes | None) -> None:
        """Store the record with its whole value; keeping the same letter again changes nothing."""
        doc = {**letter, "value": value}
        if value is not None and len(value) > INLINE_MAX:
            bucket = GridFSBucket(self.db, VALUES)
            try:
                bucket.delete(letter["_id"])  # the chunks of an upload cut short before
            except NoFile:
                pass
            bucket.upload_from_stream_with_id(letter["_id"], letter["_id"], value)
            doc["value"] = None
            doc["value_in_gridfs"] = True
        try:
            self.collection.insert_one(doc)
        except DuplicateKeyError:
            pass

    def get(self, ident: str) -> dict:
        doc = self.collection.find_one({"_id": ident})
        if doc is None:
            raise NotFound(f"no dead letter {ident}")
        return doc

    def value(self, letter: dict) -> bytes | None:
        """The original value, wherever it is stored."""
        if letter.get("value_in_gridfs"):
            return GridFSBucket(self.db, VALUES).open_download_stream(letter["_id"]).read()
        return letter["value"]

    def page(self, filters: dict, limit: int, cursor: str | None) -> dict:
        """Newest first, without values."""
        return paginate(
            Projected(self.collection, {"value": 0}),
            query(**filters),
            limit,
            cursor,
            sort="dead_lettered_at",
            descending=True,
        )

    def matching(self, filters: dict) -> list[str]:
        """Ids of the letters matching the filters, oldest first (the order they arrived in)."""
        found = self.collection.find(query(**filters), {"_id": 1}).sort([("dead_lettered_at", 1), ("_id", 1)])
        return [doc["_id"] for doc in found]

    def record(self, ident: str, change: dict) -> dict:
        """Apply an operator's change (`$set`/`$push`) and return the record."""
        self.collection.update_one({"_id": ident}, change)
        return self.get(ident)


class Projected:
    """A collection whose `find` leaves out some fields (for `paginate`)."""

    def __init__(self, collection, projection: dict):
        self.collection, self.projection = collection, projection

    def find(self, filter_: dict):
        return self.collection.find(filter_, self.projection)
