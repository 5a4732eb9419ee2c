"""Operators' redrive: replay a dead letter to its original topic once the cause is fixed, or discard it.

A replay publishes the original value, key and headers (plus `anfu_replay_of: <letter id>`) to the original
topic, so every consumer of that topic reads it again and it passes the same checks again; the inbox keeps a
replay of an event already applied from applying it twice. Who and when is recorded on the letter.
"""

from __future__ import annotations

from kafka.errors import KafkaError

from services.common.errors import Conflict
from services.common.messaging.deadletters.letters import DEAD, DISCARDED, REPLAYED, DeadLetters
from services.common.storage.context import ServiceContext

REPLAY_HEADER = "anfu_replay_of"


def replay(ctx: ServiceContext, ident: str, who: str) -> dict:
    """Publish one dead letter again; Conflict if it was discarded or the broker refused it."""
    letters = DeadLetters(ctx.db)
    letter = letters.get(ident)
    if letter["status"] == DISCARDED:
        raise Conflict(f"dead letter {ident} was discarded; it is not replayed")
    headers = [(h["key"], h["value"]) for h in letter["headers"] if h["key"] != REPLAY_HEADER]
    headers.append((REPLAY_HEADER, ident.encode()))
    try:
        sent = ctx.producer.send(letter["topic"], key=letter["key"], value=letters.value(letter), headers=headers).get(
            timeout=15
        )
    except KafkaError as err:
        raise Conflict(f"the broker refused the replay: {err}") from err
    done = {"at": ctx.clock.now(), "by": who, "partition": sent.partition, "offset": sent.offset}
    return letters.record(ident, {"$set": {"status": REPLAYED}, "$push": {"replays": done}})


def replay_matching(ctx: ServiceContext, filters: dict, who: str) -> list[str]:
    """Replay every letter matching the filters that is still dead (not replayed or discarded before)."""
    idents = DeadLetters(ctx.db).matching({**filters, "status": DEAD})
    for ident in idents:
        replay(ctx, ident, who)
    return idents


def discard(ctx: ServiceContext, ident: str, who: str, reason: str) -> dict:
    """Mark a letter as deliberately dropped (it stays stored, with who, when and why)."""
    letters = DeadLetters(ctx.db)
    if letters.get(ident)["status"] == DISCARDED:
        raise Conflict(f"dead letter {ident} was discarded before")
    done = {"at": ctx.clock.now(), "by": who, "reason": reason}
    return letters.record(ident, {"$set": {"status": DISCARDED, "discarded": done}})
