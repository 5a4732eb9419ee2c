"""Services served over real HTTP for clients that only speak HTTP (the demo, the browser): registry, matching,
credit, subsidy and notify, each with its worker in-process and its API and public pages served by werkzeug (threaded, a
free port), linking to each other by those URLs; and the small demo city built into them."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from werkzeug.serving import WSGIRequestHandler, make_server

from demo import CityReport, build_city, plan_city
from demo.plan import City as Plan
from services.common.messaging.worker import start
from services.common.storage.context import ServiceContext
from services.credit import app as credit_app
from services.credit import worker as credit_worker
from services.matching import app as matching_app
from services.matching import worker as matching_worker
from services.notify import app as notify_app
from services.notify import worker as notify_worker
from services.platform.embedded import free_port
from services.registry import app as registry_app
from services.registry import worker as registry_worker
from services.subsidy import app as subsidy_app
from services.subsidy import worker as subsidy_worker
from tests.support.configs import service_config
from tests.support.kafka import position_group_at_end

SERVED = {
    "registry": (registry_app, registry_worker),
    "matching": (matching_app, matching_worker),
    "credit": (credit_app, credit_worker),
    "subsidy": (subsidy_app, subsidy_worker),
    "notify": (notify_app, notify_worker),  # the demo's agencies read their legal notices: credit's clocks start
}
SEED = 2016  # the demo city's


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args) -> None:
        """The services log each request themselves."""


@contextmanager
def served_stack(kafka_bootstrap: str, mongo_uri: str, front_door_port: int) -> Iterator[dict[str, str]]:
    """The five services served; their base URLs by name. Each has a database and consumer group of its own; the
    pages' home link names the front door's port."""
    ports = {name: free_port() for name in SERVED}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    home = f"home=http://127.0.0.1:{front_door_port}"
    public = ",".join([home, *(f"{name}={url}" for name, url in urls.items())])
    tag, running = uuid.uuid4().hex[:8], []
    try:
        for name, (app, worker) in SERVED.items():
            running.append(serve(name, app, worker, ports[name], tag, kafka_bootstrap, mongo_uri, public))
        yield urls
    finally:
        for worker_run, _, _ in running:
            worker_run.stop.set()  # all at once: each consumer notices within a poll
        for worker_run, ctx, server in running:  # also when a later service failed to start
            server.shutdown()
            server.server_close()
            worker_run.shutdown()
            ctx.close()


def serve(name, app, worker, port, tag, kafka_bootstrap, mongo_uri, public):
    """One service: its API over HTTP on `port` and its worker, with a database and group of its own."""
    config = service_config(name, mongo_uri, kafka_bootstrap, f"served_{tag}", public_urls=public)
    if worker.WORKER.handlers:
        position_group_at_end(kafka_bootstrap, config.consumer_group, sorted(worker.WORKER.handlers))
    ctx = ServiceContext(config)
    server = make_server("127.0.0.1", port, app.create_app(config), threaded=True, request_handler=QuietHandler)
    threading.Thread(target=server.serve_forever, name=f"http-{name}", daemon=True).start()
    return start(ctx, worker.WORKER), ctx, server


@dataclass
class DemoCity:
    """The small demo city (seed 2016) as built into the served services."""

    urls: dict[str, str]
    report: CityReport
    plan: Plan  # what the demo sent, drawn from the same seed and day
    personal: list[str] = field(default_factory=list)  # ID numbers, phones, e-mails: never on a public page
    names: set[str] = field(default_factory=set)  # what the demo named: organisations, people, certificates


def build_demo_city(urls: dict[str, str], kafka_bootstrap: str) -> DemoCity:
    """The small city, built through the services' HTTP APIs and Kafka, as `make demo` does."""
    report = build_city(urls, kafka_bootstrap, "small", SEED)
    plan = plan_city(SEED, "small", date.fromisoformat(report.built_on))
    return DemoCity(urls, report, plan, personal_data(plan), names(plan))


def names(plan: Plan) -> set[str]:
    """Every name and certificate number the demo sent: a page may show them as they are."""
    found = {p.body["name"] for p in plan.providers} | {e["name"] for e in plan.enterprises}
    found |= {e["name"] for e in plan.experts} | {p.body["name"] for p in plan.programmes}
    found |= {q["certificate_no"] for p in plan.providers for q in p.body["qualifications"]}
    return found


def personal_data(plan: Plan) -> list[str]:
    """Every ID number, phone and e-mail the demo sent: the experts', the providers' and enterprises' contacts, the
    practitioners'."""
    people = [
        *plan.experts,
        *(c for p in plan.providers for c in p.body["contacts"]),
        *(c for e in plan.enterprises for c in e["contacts"]),
        *(c for e in plan.experts for c in e["contacts"]),
        *(s.body for s in plan.practice.staff),
    ]
    found = [person.get(key) for person in people for key in ("id_number", "phone", "email")]
    return [value for value in found if value]
