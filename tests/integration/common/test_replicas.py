"""Several worker replicas of one service: one relay publishes at a time, a dead one is replaced, nothing is
published twice and every event is applied exactly once."""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter

from services.common.crashpoints import RELAY_AFTER_PUBLISH
from services.common.messaging.lease import LEASES, Lease
from services.common.messaging.outbox import PENDING
from services.common.messaging.worker import Worker, every_replica, start
from services.common.storage.context import ServiceContext
from services.common.storage.store import OUTBOX
from tests.support.effect_worker import violation
from tests.support.kafka import position_group_at_end
from tests.support.processes import spawn
from tests.support.wait import wait_until

LEASE = "2"  # seconds: a killed holder is replaced quickly


def write(ctx: ServiceContext, agency: str) -> str:
    """One event through the service's outbox (as a command would write it); its id."""
    with ctx.uow() as uow:
        return uow.publish("violation-recorded", agency, violation(agency).data).id


def copies(seen, ids: set[str]) -> Counter:
    """How many times each of `ids` reached the topic (by the relay's ce_id header)."""
    headers = (dict(m.headers) for m in seen.seen if m.topic == "violation-recorded")
    return Counter(h["ce_id"].decode() for h in headers if h.get("ce_id", b"").decode() in ids)


def flush_with_markers(ctx: ServiceContext, seen, agencies: list[str]) -> None:
    """One last event per subject, waited for: the relay publishes in order, so anything before is on the topic."""
    markers = {write(ctx, agency) for agency in agencies}
    seen.wait_for(lambda m: dict(m.headers).get("ce_id", b"").decode() in markers, count=len(markers), timeout=90)


def stop(process) -> None:
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0


def test_lease_has_one_holder_and_passes_on_when_it_expires(make_config):
    ctx = ServiceContext(make_config("credit"))
    first, second = (Lease(ctx.db, "job", owner, seconds=0.5) for owner in ("a", "b"))
    assert first.take() == {} and second.take() is None
    assert first.hold(note=1)
    assert wait_until(lambda: second.take(), timeout=30)["note"] == 1  # expired: taken, the notes kept
    assert not first.hold() and first.take() is None
    second.release()
    assert first.take()["owner"] == "b"
    ctx.close()


def test_relay_killed_between_publishing_and_marking_is_not_published_twice(make_config, probe, tmp_path):
    config = make_config("subsidy")
    ctx = ServiceContext(config)
    seen = probe("violation-recorded")
    agency = "agency-in-doubt"
    ids = {write(ctx, agency) for _ in range(3)}

    first = spawn(
        "services.subsidy.worker",
        config,
        tmp_path / "w1.log",
        ANFU_CRASHPOINT=RELAY_AFTER_PUBLISH,
        OUTBOX_LEASE_SECONDS=LEASE,
    )
    assert first.wait(timeout=60) == 137  # published, then died before marking them sent
    assert ctx.db[OUTBOX].count_documents({"event_id": {"$in": list(ids)}, **PENDING}) == 3
    seen.wait_for(lambda m: dict(m.headers).get("ce_id", b"").decode() in ids, count=3)

    second = spawn("services.subsidy.worker", config, tmp_path / "w2.log", OUTBOX_LEASE_SECONDS=LEASE)
    try:
        wait_until(lambda: ctx.db[OUTBOX].count_documents(PENDING) == 0, timeout=60)  # found on the topic
        flush_with_markers(ctx, seen, [agency])
        assert copies(seen, ids) == dict.fromkeys(ids, 1)
    finally:
        stop(second)
    ctx.close()


def test_two_workers_one_killed_mid_stream_apply_every_event_once(make_config, kafka_bootstrap, probe, tmp_path):
    config = make_config("credit")  # violation-recorded is credit's: the consumers' provenance check admits it
    ctx = ServiceContext(config)
    ctx.mongo.ensure_kit_indexes()  # before the writer writes, as a service process does (docs/secantusdb-wedge.md)
    position_group_at_end(kafka_bootstrap, config.consumer_group, ["violation-recorded"])
    seen = probe("violation-recorded")
    workers = [
        spawn("tests.support.effect_worker", config, tmp_path / f"w{i}.log", OUTBOX_LEASE_SECONDS=LEASE) for i in (1, 2)
    ]
    agencies = [f"agency-replica-{i}" for i in range(12)]  # spread over the partitions
    ids: list[str] = []
    writer = threading.Thread(target=lambda: ids.extend(write(ctx, agencies[i % 12]) for i in range(150)))
    try:
        writer.start()
        wait_until(lambda: ctx.db["effects"].count_documents({}) >= 40, timeout=90)
        holder = wait_until(lambda: ctx.db[LEASES].find_one({"_id": "outbox-relay"}))["owner"]
        victim = next(w for w in workers if f":{w.pid}:" in holder)
        os.kill(victim.pid, signal.SIGKILL)  # mid-stream: the writer is still writing
        assert victim.wait(timeout=30) == -signal.SIGKILL
        writer.join(timeout=120)
        wait_until(lambda: ctx.db["effects"].count_documents({"_id": {"$in": ids}}) == 150, timeout=120, interval=0.5)
        flush_with_markers(ctx, seen, agencies)

        assert ctx.db["effects"].count_documents({"_id": {"$in": ids}, "applied": 1}) == 150
        assert ctx.db["inbox"].count_documents({"_id": {"$in": [f"credit:{i}" for i in ids]}}) == 150
        assert copies(seen, set(ids)) == dict.fromkeys(ids, 1)
        assert ctx.db[LEASES].find_one({"_id": "outbox-relay"})["owner"] != holder
    finally:
        for worker in workers:
            if worker.poll() is None:
                stop(worker)
    ctx.close()


def test_scheduled_jobs_run_in_one_replica_and_pass_on_when_it_stops(make_config):
    """Two workers of one service: the lease-held jobs run in one of them, `every_replica` jobs in both; when the
    holder stops, the other runs them."""
    config = make_config("registry", schedule_seconds=0.1)
    ctx = ServiceContext(config)
    contexts = [ServiceContext(config), ServiceContext(config)]

    def record(job: str):
        return lambda job_ctx: ctx.db["runs"].insert_one({"job": job, "worker": contexts.index(job_ctx)})

    def workers_of(job: str) -> set:
        return set(ctx.db["runs"].distinct("worker", {"job": job}))

    worker = Worker("registry", jobs=[every_replica(record("everywhere")), record("once")])
    running = [start(c, worker) for c in contexts]
    try:
        wait_until(lambda: workers_of("everywhere") == {0, 1} and ctx.db["runs"].count_documents({"job": "once"}) >= 10)
        (holder,) = workers_of("once")
        running[holder].shutdown()
        ctx.db["runs"].delete_many({})
        wait_until(lambda: ctx.db["runs"].count_documents({"job": "once"}) >= 5)
        assert workers_of("once") == {1 - holder}
    finally:
        for run in running:
            run.shutdown()
        for c in contexts + [ctx]:
            c.close()
