"""Consumer batches on the real broker and database: what one poll returns for a partition is applied in one
transaction with one offset commit; a failing handler (per event or per batch) isolates its event; duplicates apply
once; a batch handler runs once per batch with the batch's events."""

from __future__ import annotations

import threading

import pytest

from services.common.errors import Invalid
from services.common.events.envelope import Event
from services.common.messaging.consumer import ConsumerRunner, per_batch
from services.common.storage.context import ServiceContext
from services.common.storage.store import UnitOfWork
from tests.support.effect_worker import count_effect, violation
from tests.support.harness import new_id
from tests.support.kafka import position_group_at_end
from tests.support.wait import wait_until

TOPIC = "violation-recorded"


def in_order(event: Event, uow: UnitOfWork) -> None:
    """Remember the order the events of a subject were applied in; refuse a poison one (a domain error)."""
    if event.data["description"] == "poison":
        raise Invalid("this violation cannot be recorded", field="description")
    uow["order"].update_one({"_id": event.subject}, {"$push": {"ids": event.id}}, upsert=True)


@per_batch
def refresh_subjects(events: list[Event], uow: UnitOfWork) -> None:
    """Refresh each subject of the batch once, after every event's own handlers (it must see all their effects);
    refuse a batch holding an event only a batch handler finds wrong."""
    if any(e.data["description"] == "poison to the batch" for e in events):
        raise Invalid("this batch cannot be refreshed", field="description")
    for subject in dict.fromkeys(e.subject for e in events):
        seen = uow["effects"].count_documents({"subject": subject})
        given = [e.id for e in events if e.subject == subject]
        update = {"$inc": {"runs": 1}, "$push": {"saw": seen, "given": given}}
        uow["refreshes"].update_one({"_id": subject}, update, upsert=True)


HANDLERS = {TOPIC: [count_effect, in_order, refresh_subjects]}


@pytest.fixture
def consume(kafka_bootstrap, make_config):
    """consume(events) -> (context, commits): publish the events to partition 0, THEN start a consumer, so its
    first poll returns them together; `commits` records the offsets it commits (real commits, counted)."""
    stop, threads = threading.Event(), []

    def run(events: list[Event], producer) -> tuple[ServiceContext, list]:
        config = make_config("notify")
        position_group_at_end(kafka_bootstrap, config.consumer_group, [TOPIC])
        send(producer, events)
        ctx = ServiceContext(config)
        ctx.mongo.ensure_kit_indexes()
        runner = ConsumerRunner(ctx, HANDLERS)
        runner.start()
        commits, commit = [], runner.consumer.commit
        runner.consumer.commit = lambda offsets, **kw: (commits.append(offsets), commit(offsets, **kw))[1]
        threads.append((threading.Thread(target=runner.run, args=(stop,), daemon=True), ctx))
        threads[-1][0].start()
        return ctx, commits

    yield run
    stop.set()
    for thread, ctx in threads:
        thread.join(30)
        ctx.close()


def send(producer, events: list[Event]) -> list[int]:
    """Publish to partition 0 in this order; the offsets they got."""
    sent = [producer.send(TOPIC, key=e.key, value=e.to_bytes(), headers=e.headers, partition=0) for e in events]
    producer.flush()
    return [future.get(timeout=10).offset for future in sent]


def applied(ctx: ServiceContext, events: list[Event]) -> dict[str, int]:
    return {doc["_id"]: doc["applied"] for doc in ctx.db["effects"].find({"_id": {"$in": [e.id for e in events]}})}


def committed_offsets(commits: list) -> list[int]:
    return [offset.offset for offsets in commits for offset in offsets.values()]


def test_a_batch_applies_many_events_in_one_transaction_with_one_commit(consume, raw_producer):
    agency = new_id("agency")
    events = [violation(agency) for _ in range(20)]
    ctx, commits = consume(events, raw_producer)
    assert wait_until(lambda: len(applied(ctx, events)) == 20 and commits)
    assert len(commits) == 1, "one offset commit for the whole batch"
    assert set(applied(ctx, events).values()) == {1}
    assert ctx.db["order"].find_one({"_id": agency})["ids"] == [e.id for e in events]
    assert ctx.db["refreshes"].find_one({"_id": agency}) == {
        "_id": agency,
        "runs": 1,
        "saw": [20],
        "given": [[e.id for e in events]],
    }, "the batch handler ran once, after every event's handlers, with the batch's events in order"


def test_a_failing_handler_in_a_batch_dead_letters_exactly_its_event(consume, raw_producer):
    agency = new_id("agency")
    good = [violation(agency) for _ in range(10)]
    poison = violation(agency, description="poison")
    events = good[:5] + [poison] + good[5:]
    ctx, commits = consume(events, raw_producer)
    assert wait_until(lambda: len(applied(ctx, good)) == 10 and commits)
    [letter] = wait_until(lambda: list(ctx.db["dead_letters"].find()))
    assert letter["offset"] == committed_offsets(commits)[-1] - 6, "the sixth of the batch's 11 messages"
    assert "cannot be recorded" in letter["reason"] and letter["error_class"] == "Invalid"
    assert set(applied(ctx, good).values()) == {1} and poison.id not in applied(ctx, events)
    assert ctx.db["order"].find_one({"_id": agency})["ids"] == [e.id for e in good], "partition order holds"
    assert ctx.db["inbox"].count_documents({}) == 10


def test_duplicates_inside_a_batch_and_across_batches_apply_once(consume, raw_producer):
    agency = new_id("agency")
    first, second = violation(agency), violation(agency)
    ctx, commits = consume([first, first, second, first], raw_producer)
    wait_until(lambda: len(applied(ctx, [first, second])) == 2 and commits)
    assert len(commits) == 1
    marker = violation(agency)
    send(raw_producer, [second, first, marker])  # a later batch: copies of applied events, and a new one
    wait_until(lambda: applied(ctx, [marker]))
    wait_until(lambda: committed_offsets(commits)[-1] == committed_offsets(commits)[0] + 3)
    assert applied(ctx, [first, second, marker]) == {first.id: 1, second.id: 1, marker.id: 1}
    assert ctx.db["inbox"].count_documents({}) == 3
    assert ctx.db["order"].find_one({"_id": agency})["ids"] == [first.id, second.id, marker.id]


def test_a_batch_handler_runs_once_per_batch_with_its_events(consume, raw_producer):
    one, two = new_id("agency"), new_id("agency")
    batch = [violation(one), violation(two), violation(one), violation(two), violation(one)]
    ctx, commits = consume(batch, raw_producer)
    wait_until(lambda: len(applied(ctx, batch)) == 5 and commits)
    assert len(commits) == 1
    later = [violation(one), violation(one)]
    send(raw_producer, later)
    wait_until(lambda: ctx.db["refreshes"].find_one({"_id": one})["saw"][-1] == 5)
    assert wait_until(lambda: len(commits) == ctx.db["refreshes"].find_one({"_id": one})["runs"]), (
        "one run per batch (each later batch holds only its events)"
    )
    refreshed = ctx.db["refreshes"].find_one({"_id": one})
    assert refreshed["saw"][0] == 3 and refreshed["given"][0] == [batch[0].id, batch[2].id, batch[4].id]
    assert [i for given in refreshed["given"][1:] for i in given] == [e.id for e in later]
    assert ctx.db["refreshes"].find_one({"_id": two}) == {
        "_id": two,
        "runs": 1,
        "saw": [2],
        "given": [[batch[1].id, batch[3].id]],
    }


def test_a_failing_batch_handler_dead_letters_exactly_the_event_it_refuses(consume, raw_producer):
    agency = new_id("agency")
    good = [violation(agency) for _ in range(6)]
    poison = violation(agency, description="poison to the batch")
    events = good[:3] + [poison] + good[3:]
    ctx, commits = consume(events, raw_producer)
    assert wait_until(lambda: len(applied(ctx, good)) == 6 and commits)
    [letter] = wait_until(lambda: list(ctx.db["dead_letters"].find()))
    assert letter["offset"] == committed_offsets(commits)[-1] - 4, "the fourth of the batch's 7 messages"
    assert "cannot be refreshed" in letter["reason"] and poison.id not in applied(ctx, events)
    refreshed = ctx.db["refreshes"].find_one({"_id": agency})
    assert refreshed["given"] == [[e.id] for e in good], "one at a time, in order, once each"
    assert refreshed["saw"] == [1, 2, 3, 4, 5, 6] and ctx.db["inbox"].count_documents({}) == 6
