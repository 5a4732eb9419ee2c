"""Crash and outage recovery: nothing lost, nothing applied twice."""

from __future__ import annotations

import signal
import time

from services.common.crashpoints import CONSUMER_BEFORE_COMMIT, RELAY_BEFORE_PUBLISH
from services.common.storage.context import ServiceContext
from services.common.storage.store import OUTBOX
from services.platform import embedded
from tests.support.effect_worker import EFFECT_WORKER, violation
from tests.support.kafka import committed, position_group_at_end
from tests.support.processes import spawn
from tests.support.wait import wait_until


def test_relay_killed_after_commit_publishes_after_restart(make_config, probe, tmp_path):
    config = make_config("subsidy")
    ctx = ServiceContext(config)
    seen = probe("violation-recorded")
    with ctx.uow() as uow:  # the state change and its event, committed together
        event = uow.publish("violation-recorded", "agency-crash", violation("agency-crash").data)

    first = spawn("services.subsidy.worker", config, tmp_path / "w1.log", ANFU_CRASHPOINT=RELAY_BEFORE_PUBLISH)
    assert first.wait(timeout=60) == 137  # died holding the pending event
    assert ctx.db[OUTBOX].find_one({"event_id": event.id})["sent_at"] is None

    second = spawn("services.subsidy.worker", config, tmp_path / "w2.log")
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
    make_config, run_worker, raw_producer, kafka_bootstrap, tmp_path
):
    port = embedded.free_port()
    database = embedded.start_mongo(port, tmp_path / "db")
    try:
        config = make_config("notify", mongodb_uri=database.url)
        ctx = run_worker(EFFECT_WORKER, config)
        before = committed(kafka_bootstrap, config.consumer_group, "violation-recorded")
        database.stop()
        event = violation()
        raw_producer.send(event.topic, key=event.key, value=event.to_bytes()).get(timeout=10)
        time.sleep(4)  # the worker keeps retrying while the database is down; nothing may be committed
        assert committed(kafka_bootstrap, config.consumer_group, "violation-recorded") == before

        database = embedded.start_mongo(port, tmp_path / "db")
        doc = wait_until(lambda: ctx.db["effects"].find_one({"_id": event.id}), timeout=60, interval=0.5)
        assert doc["applied"] == 1
        wait_until(
            lambda: committed(kafka_bootstrap, config.consumer_group, "violation-recorded") != before,
            timeout=30,
            interval=0.5,
        )
    finally:
        database.stop()
