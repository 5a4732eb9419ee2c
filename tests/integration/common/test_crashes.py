"""Crash and outage recovery: nothing lost, nothing applied twice."""

from __future__ import annotations

import signal

from services.common.crashpoints import CONSUMER_BEFORE_COMMIT, RELAY_BEFORE_PUBLISH
from services.common.storage.context import ServiceContext
from services.common.storage.store import OUTBOX
from tests.support.effect_worker import EFFECT_WORKER, violation
from tests.support.kafka import committed, position_group_at_end
from tests.support.processes import spawn
from tests.support.wait import holds, wait_until


def test_relay_killed_after_commit_publishes_after_restart(make_config, probe, tmp_path):
    config = make_config("subsidy")
    ctx = ServiceContext(config)
    seen = probe("violation-recorded")
    with ctx.uow() as uow:  # the state change and its event, committed together
        event = uow.publish("violation-recorded", "agency-crash", violation("agency-crash").data)

    lease = {"OUTBOX_LEASE_SECONDS": "3"}  # the dead holder's lease passes on after 3 s (15 by default)
    first = spawn("services.subsidy.worker", config, tmp_path / "w1.log", ANFU_CRASHPOINT=RELAY_BEFORE_PUBLISH, **lease)
    assert first.wait(timeout=60) == 137  # died holding the pending event
    assert ctx.db[OUTBOX].find_one({"event_id": event.id})["sent_at"] is None

    second = spawn("services.subsidy.worker", config, tmp_path / "w2.log", **lease)
    try:
        assert seen.events("violation-recorded", subject="agency-crash")[0].id == event.id
        wait_until(lambda: ctx.db[OUTBOX].find_one({"event_id": event.id})["sent_at"])
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    ctx.close()


def test_worker_killed_before_offset_commit_applies_once(make_config, kafka_bootstrap, raw_producer, tmp_path):
    config = make_config("notify")
    ctx = ServiceContext(config)
    position_group_at_end(kafka_bootstrap, config.consumer_group, ["violation-recorded"])
    before = committed(kafka_bootstrap, config.consumer_group, "violation-recorded")
    event = violation()
    raw_producer.send(event.topic, key=event.key, value=event.to_bytes()).get(timeout=10)

    first = spawn("tests.support.effect_worker", config, tmp_path / "w1.log", ANFU_CRASHPOINT=CONSUMER_BEFORE_COMMIT)
    assert first.wait(timeout=90) == 137  # the effect is committed, the offset is not
    assert ctx.db["effects"].find_one({"_id": event.id})["applied"] == 1

    second = spawn("tests.support.effect_worker", config, tmp_path / "w2.log")
    try:
        wait_until(
            lambda: committed(kafka_bootstrap, config.consumer_group, "violation-recorded") != before,
            timeout=60,
            interval=0.5,
        )  # redelivered, recognised, committed
        assert ctx.db["inbox"].count_documents({"_id": f"notify:{event.id}"}) == 1
        assert ctx.db["effects"].find_one({"_id": event.id})["applied"] == 1
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    ctx.close()


def test_database_down_while_consuming_commits_nothing_until_it_returns(
    own_mongo, make_config, run_worker, raw_producer, kafka_bootstrap
):
    config = make_config("notify", mongodb_uri=own_mongo.url)
    ctx = run_worker(EFFECT_WORKER, config)
    before = committed(kafka_bootstrap, config.consumer_group, "violation-recorded")
    own_mongo.stop()
    event = violation()
    raw_producer.send(event.topic, key=event.key, value=event.to_bytes()).get(timeout=10)
    holds(lambda: committed(kafka_bootstrap, config.consumer_group, "violation-recorded") == before, seconds=4)

    own_mongo.start()
    doc = wait_until(lambda: ctx.db["effects"].find_one({"_id": event.id}), timeout=60, interval=0.5)
    assert doc["applied"] == 1
    wait_until(
        lambda: committed(kafka_bootstrap, config.consumer_group, "violation-recorded") != before,
        timeout=30,
        interval=0.5,
    )
