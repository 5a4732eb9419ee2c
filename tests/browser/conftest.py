"""Browser fixtures: registry, matching, credit and subsidy served over real HTTP (werkzeug, threaded) with their
workers in-process, on the real broker and database; a small city built through their APIs; headless Chromium
(the Debian package) driven by Playwright.

The seam for the demo city is the fixture `city`: it builds through HTTP with `urls` and the broker only, as
`demo.build_city(urls, kafka_bootstrap, size="small")` does.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from services.common.config import Config
from services.common.context import ServiceContext
from services.common.embedded import free_port
from services.common.worker import start
from services.credit import app as credit_app, worker as credit_worker
from services.matching import app as matching_app, worker as matching_worker
from services.registry import app as registry_app, worker as registry_worker
from services.subsidy import app as subsidy_app, worker as subsidy_worker
from tests.browser.city import City, build
from tests.support.kafka import position_group_at_end

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"
SERVICES = {"registry": (registry_app, registry_worker), "matching": (matching_app, matching_worker),
            "credit": (credit_app, credit_worker), "subsidy": (subsidy_app, subsidy_worker)}


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args) -> None:
        """The services log each request themselves."""


@dataclass
class Site:
    urls: dict[str, str]
    kafka_bootstrap: str


@pytest.fixture(scope="module")
def site(kafka_bootstrap, mongo_uri):
    """The four services with public pages, each on its own port, linking to each other by those URLs."""
    ports = {name: free_port() for name in SERVICES}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    public = ",".join(f"{name}={url}" for name, url in urls.items())
    tag, running = uuid.uuid4().hex[:8], []
    for name, (app, worker) in SERVICES.items():
        config = Config(service=name, mongodb_uri=mongo_uri, mongodb_database=f"browser_{name}_{tag}",
                        kafka_bootstrap_servers=kafka_bootstrap, kafka_consumer_group=f"browser-{name}-{tag}",
                        outbox_poll_seconds=0.05, schedule_seconds=3600, public_urls=public)
        if worker.WORKER.handlers:
            position_group_at_end(kafka_bootstrap, config.consumer_group, sorted(worker.WORKER.handlers))
        ctx = ServiceContext(config)
        server = make_server("127.0.0.1", ports[name], app.create_app(config), threaded=True,
                             request_handler=QuietHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append((start(ctx, worker.WORKER), ctx, server))
    yield Site(urls, kafka_bootstrap)
    for worker_run, ctx, server in running:
        server.shutdown()
        worker_run.shutdown()
        ctx.close()


@pytest.fixture(scope="module")
def city(site: Site) -> City:
    """A small city, built through the services' HTTP APIs (Kafka carries the rest)."""
    return build(site.urls)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    assert Path(CHROMIUM).exists(), "install Chromium: apt-get install -y chromium (see README, Public site)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


@pytest.fixture
def shots(request) -> Path:
    """Where this test saves its screenshots (git-ignored)."""
    folder = SHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
