"""`make bench`, notify: events to inbox per second through the real consumer, and webhook throughput with one
receiver that answers in 5 s while the others answer at once (they must not slow down)."""

from __future__ import annotations

import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from benchmarks.stack import print_result
from services.common.config import Config
from services.common.events.bus import ensure_topics, make_producer
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from services.common.messaging.consumer import ConsumerRunner
from services.common.storage.context import ServiceContext
from services.notify import commands, store
from services.notify.dispatch import Dispatcher
from services.notify.handlers import HANDLERS


def violation(agency_id: str):
    return new_event(
        CATALOGUE["violation-recorded"],
        agency_id,
        {
            "violation_id": uuid.uuid4().hex,
            "agency_id": agency_id,
            "severity": "minor",
            "code": "late-report",
            "description": "benchmark",
            "occurred_on": "2026-11-01",
            "recorded_by": "bench",
        },
        "/gov/bench",
    )


def receiver(delay: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            time.sleep(delay)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def wait_for(check, timeout: float = 300) -> float:
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("benchmark did not finish")
        time.sleep(0.02)
    return time.perf_counter() - started


def inbox_rate(ctx: ServiceContext, n: int) -> float:
    """Events published to Kafka → notifications in the inbox, per second."""
    stop = threading.Event()
    runner = ConsumerRunner(ctx, HANDLERS)
    runner.start()
    threading.Thread(target=runner.run, args=(stop,), daemon=True).start()
    runner.ready.wait(60)
    producer = make_producer(ctx.config)
    started = time.perf_counter()
    for i in range(n):
        event = violation(f"bench-ag-{i % 50}")
        producer.send(event.topic, key=event.key, value=event.to_bytes())
    producer.flush()
    wait_for(lambda: ctx.db["notifications"].count_documents({}) >= n)
    stop.set()
    producer.close()
    return n / (time.perf_counter() - started)


def webhook_rates(ctx: ServiceContext, per_receiver: int) -> dict:
    """Deliveries per second to three fast receivers while a fourth answers in 5 s."""
    servers = {"slow": receiver(5.0), **{f"fast{i}": receiver(0.0) for i in range(3)}}
    with ctx.uow() as uow:
        for name, server in servers.items():
            store.NotifyStore(uow).add_webhook(
                {
                    "_id": f"wh_{name}",
                    "org": f"bench-{name}",
                    "status": "active",
                    "url": f"http://127.0.0.1:{server.server_address[1]}/",
                    "event_types": ["violation-recorded"],
                    "failures": 0,
                    "secret": "whsec_" + "MDEyMzQ1Njc4OWFiY2RlZg==",
                }
            )
    for name in servers:
        for _ in range(per_receiver):
            with ctx.uow() as uow:
                commands.notify_event(uow, violation(f"bench-{name}"))
    dispatcher, alive = Dispatcher(ctx), threading.Event()
    alive.set()
    thread = threading.Thread(target=dispatcher.run, args=(alive.is_set,), daemon=True)
    thread.start()
    fast = {"key": {"$in": [f"webhook:wh_fast{i}" for i in range(3)]}, "status": "delivered"}
    seconds = wait_for(lambda: ctx.db["deliveries"].count_documents(fast) >= 3 * per_receiver)
    slow_done = ctx.db["deliveries"].count_documents({"key": "webhook:wh_slow", "status": "delivered"})
    alive.clear()
    thread.join(60)  # the slow sends in hand finish (bounded by the receiver's 5 s)
    for server in servers.values():
        server.shutdown()
    return {
        "webhook_fast_per_s": 3 * per_receiver / seconds,
        "webhook_fast_all_s": seconds,
        "webhook_slow_done_meanwhile": slow_done,
    }


def bench_notify(n: int, kafka: str, mongo: str) -> dict:
    tag = uuid.uuid4().hex[:8]
    config = Config(
        service="notify",
        mongodb_uri=mongo,
        kafka_bootstrap_servers=kafka,
        mongodb_database=f"bench_notify_inbox_{tag}",
        kafka_consumer_group=f"bench-notify-{tag}",
        kafka_auto_offset_reset="latest",
        smtp_port=1,
        webhook_timeout_seconds=10,
    )
    ensure_topics(config, sorted(HANDLERS))
    ctx = ServiceContext(config)
    ctx.mongo.ensure_kit_indexes()
    store.setup(ctx)
    try:
        return {"notify_inbox_events_per_s": inbox_rate(ctx, n), **webhook_rates(ctx, max(n // 20, 10))}
    finally:
        ctx.mongo.client.drop_database(config.database)
        ctx.close()


def run(stack, size: int) -> None:
    """Notify: events to inbox per second; webhook throughput with one receiver that answers in 5 s."""
    print_result("notify", bench_notify(min(size, 300), stack.kafka, stack.mongo))
