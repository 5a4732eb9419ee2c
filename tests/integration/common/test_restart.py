"""A restart of the embedded, memory-only broker loses nothing: the relays publish the kept outbox to the new
broker, consumers apply what they had not and drop what they had. A restarted worker on the same broker
publishes nothing again."""

from __future__ import annotations

from services.common.config import Config
from services.common.events.bus import ensure_topics
from services.common.messaging.worker import Worker, start
from services.common.storage.context import ServiceContext
from services.common.storage.store import OUTBOX
from services.platform import embedded
from tests.support.effect_worker import EFFECT_WORKER, violation
from tests.support.kafka import Probe
from tests.support.wait import wait_until

AGENCY = "agency-restart"  # one subject: one partition, so the order of delivery is the order of writing


class Running:
    """Workers started in-process on one broker; stopped together."""

    def __init__(self, *parts: tuple[Worker, Config]):
        self.ctxs = [ServiceContext(config) for _, config in parts]
        self.runs = [start(ctx, worker) for ctx, (worker, _) in zip(self.ctxs, parts)]

    def stop(self) -> None:
        for run, ctx in zip(self.runs, self.ctxs):
            run.shutdown()
            ctx.close()


def write(ctx: ServiceContext) -> str:
    with ctx.uow() as uow:
        return uow.publish("violation-recorded", AGENCY, violation(AGENCY).data).id


def applied(ctx: ServiceContext, event_id: str) -> int:
    return (ctx.db["effects"].find_one({"_id": event_id}) or {}).get("applied", 0)


def sent(ctx: ServiceContext, event_id: str):
    return ctx.db[OUTBOX].find_one({"event_id": event_id})["sent_at"]


def ids_on(probe: Probe, *event_ids: str) -> list[str]:
    return [e.id for e in probe.events("violation-recorded", count=len(event_ids), subject=AGENCY)]


def test_relayed_but_unconsumed_events_are_applied_after_the_broker_restarts(make_config, tmp_path):
    port = embedded.free_port()
    broker = embedded.start_kafka(port, tmp_path / "kafka-1.log")
    source = make_config("credit", kafka_bootstrap_servers=broker.url)  # relay only
    sink = make_config("notify", kafka_bootstrap_servers=broker.url)
    ctx = ServiceContext(source)
    effects = ServiceContext(sink)
    probe = None
    try:
        ensure_topics(source, ["violation-recorded"])
        both = Running((Worker("credit"), source), (EFFECT_WORKER, sink))
        consumed = write(ctx)
        wait_until(lambda: applied(effects, consumed), timeout=60)
        both.runs[1].shutdown()  # the consumer stops first ...
        unconsumed = write(ctx)
        wait_until(lambda: sent(ctx, unconsumed), timeout=60)  # ... so this one is only on the broker
        both.stop()
        broker.stop()

        broker = embedded.start_kafka(port, tmp_path / "kafka-2.log")  # empty, a new cluster id
        ensure_topics(source, ["violation-recorded"])
        probe = Probe(broker.url, ["violation-recorded"])
        both = Running((Worker("credit"), source), (EFFECT_WORKER, sink))
        assert ids_on(probe, consumed, unconsumed) == [consumed, unconsumed]
        wait_until(lambda: applied(effects, unconsumed), timeout=90)
        assert applied(effects, consumed) == 1 and applied(effects, unconsumed) == 1
        both.stop()

        relay = Running((Worker("credit"), source))  # a restart on the same broker sends only what is new
        marker = write(ctx)
        assert ids_on(probe, consumed, unconsumed, marker) == [consumed, unconsumed, marker]
        relay.stop()
    finally:
        if probe:
            probe.close()
        ctx.close()
        effects.close()
        broker.stop()
