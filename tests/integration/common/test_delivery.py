"""The kit's delivery guarantees against the real broker and database."""

from __future__ import annotations

import json

from services.common.messaging.worker import Worker
from services.common.storage.context import ServiceContext
from services.common.storage.store import OUTBOX
from tests.support.effect_worker import EFFECT_WORKER, violation
from tests.support.wait import wait_until


def effect(ctx: ServiceContext, event_id: str):
    return ctx.db["effects"].find_one({"_id": event_id})


def test_outbox_to_consumer_round_trip(make_config, run_worker, probe):
    producer_ctx = run_worker(Worker("credit"), make_config("credit"))  # relay only
    consumer_ctx = run_worker(EFFECT_WORKER, make_config("notify"))
    seen = probe("violation-recorded")
    with producer_ctx.uow() as uow:
        uow["violations"].insert_one({"_id": "v1"}, session=uow.session)
        event = uow.publish("violation-recorded", "agency-rt", violation("agency-rt").data)

    published = seen.events("violation-recorded", subject="agency-rt")[0]
    assert published.id == event.id and published.source == "/services/credit"
    message = seen.wait_for(lambda m: m.topic == "violation-recorded" and m.key == b"agency-rt")[0]
    assert dict(message.headers)["ce_type"] == b"violation-recorded"
    assert dict(message.headers)["ce_id"] == event.id.encode()
    assert wait_until(lambda: effect(consumer_ctx, event.id))["applied"] == 1
    assert producer_ctx.db[OUTBOX].find_one({"event_id": event.id})["sent_at"] is not None


def test_same_event_delivered_twice_has_one_effect(make_config, run_worker, raw_producer):
    ctx = run_worker(EFFECT_WORKER, make_config("notify"))
    first, marker = violation(), violation()
    for e in (first, first, marker):
        raw_producer.send(e.topic, key=e.key, value=e.to_bytes(), headers=e.headers)
    raw_producer.flush()
    wait_until(lambda: effect(ctx, marker.id))
    wait_until(lambda: ctx.db["inbox"].count_documents({}) == 2)
    assert effect(ctx, first.id)["applied"] == 1


def test_bad_messages_are_dead_lettered_and_the_partition_moves_on(make_config, run_worker, raw_producer, probe):
    ctx = run_worker(EFFECT_WORKER, make_config("notify"))
    dlq = probe("violation-recorded.notify-dlq")
    good = violation()
    key = good.key  # one key: one partition, so order matters
    not_json = b"\xff not json"
    unknown = json.dumps({**violation().to_dict(), "type": "no-such-event"}).encode()
    invalid = violation().to_dict()
    invalid["data"]["severity"] = "apocalyptic"
    invalid_bytes = json.dumps(invalid).encode()
    for value in (not_json, unknown, invalid_bytes, good.to_bytes()):
        raw_producer.send("violation-recorded", key=key, value=value)
    raw_producer.flush()

    dead = dlq.wait_for(lambda m: m.key == key, count=3)
    assert [m.value for m in dead] == [not_json, unknown, invalid_bytes]
    errors = [dict(m.headers)["dlq_error"].decode() for m in dead]
    assert "not JSON" in errors[0] and "no-such-event" in errors[1] and "severity" in errors[2]
    assert all(dict(m.headers)["dlq_topic"] == b"violation-recorded" for m in dead)
    assert wait_until(lambda: effect(ctx, good.id))["applied"] == 1


def test_relay_publishes_one_subjects_events_in_commit_order(make_config, run_worker, probe):
    ctx = run_worker(Worker("credit"), make_config("credit"))  # relay only
    seen = probe("violation-recorded")
    written = []
    for _ in range(5):
        with ctx.uow() as uow:
            written.append(uow.publish("violation-recorded", "agency-order", violation("agency-order").data).id)
    published = seen.events("violation-recorded", count=5, subject="agency-order")
    assert [e.id for e in published] == written


def test_events_of_one_unit_of_work_go_out_in_order_and_not_at_all_when_it_aborts(make_config, run_worker, probe):
    """The outbox entries of a unit of work are written together when it commits (one insert)."""
    ctx = run_worker(Worker("credit"), make_config("credit"))  # relay only
    seen = probe("violation-recorded")
    try:
        with ctx.uow() as uow:
            uow.publish("violation-recorded", "agency-aborted", violation("agency-aborted").data)
            raise RuntimeError("the command fails after publishing")
    except RuntimeError:
        pass
    with ctx.uow() as uow:
        written = [
            uow.publish("violation-recorded", "agency-batch", violation("agency-batch").data).id for _ in range(4)
        ]
        assert ctx.db[OUTBOX].count_documents({"key": "agency-batch"}) == 0  # not before the commit
    published = seen.events("violation-recorded", count=4, subject="agency-batch")
    assert [e.id for e in published] == written
    assert ctx.db[OUTBOX].count_documents({"key": "agency-aborted"}) == 0
    assert not seen.events("violation-recorded", subject="agency-aborted", count=0)
