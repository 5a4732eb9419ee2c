"""Shared fixtures: the real broker and database (see tests/support/stack.py), per-test configs with their
own database and consumer group, in-process workers, Flask test clients and tokens."""

from __future__ import annotations

import os
import uuid

import pytest
from hypothesis import settings

from services.common.config import Config
from services.common.events.bus import ensure_topics
from services.common.messaging.worker import Worker, start
from services.common.storage.context import ServiceContext
from services.common.web.auth import issue_token
from services.platform import embedded
from services.platform.topology import all_topics
from tests.support import stack
from tests.support.configs import service_config
from tests.support.kafka import Probe, position_group_at_end, producer

#: tests that must share one process (`make test` runs three, `--dist loadgroup`): a package's served stack and demo
#: city, and make run's tests (each takes a run of free ports); any other file is a group of its own
SHARED_PROCESS = ("tests/e2e/city/", "tests/integration/platform/")
#: files whose tests are each a group of their own (long, and sharing nothing but the session's servers)
EACH_TEST_APART = ("tests/integration/common/test_openapi_conformance.py",)
HYPOTHESIS_PROFILE = "anfu"
settings.register_profile(HYPOTHESIS_PROFILE, deadline=None)  # a loaded 2-core CI machine must not fail on timing
settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_configure(config):
    """An explicit broker or database would be shared by the test processes: a served stack consumes every event
    on its broker, so there is one process then."""
    explicit = [name for name in ("KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URI") if os.environ.get(name)]
    if explicit and (getattr(config.option, "numprocesses", None) or 0) > 1:
        raise pytest.UsageError(f"{' and '.join(explicit)} set: run the suite in one process (TEST_WORKERS=0)")


def pytest_collection_modifyitems(config, items):
    """Each test's xdist group: its file (module fixtures set up once, in one process), the folder of SHARED_PROCESS
    it is in, or the test itself in a file of EACH_TEST_APART."""
    for item in items:
        path = item.nodeid.split("::")[0]
        group = item.nodeid if path in EACH_TEST_APART else path
        group = next((folder for folder in SHARED_PROCESS if path.startswith(folder)), group)
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory):
    stops: list = []
    url = stack.kafka(tmp_path_factory.mktemp("kafka"), stops)
    ensure_topics(Config(service="registry", kafka_bootstrap_servers=url), all_topics())
    yield url
    for stop in reversed(stops):
        stop()


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory):
    stops: list = []
    yield stack.mongo(tmp_path_factory.mktemp("mongo"), stops)
    for stop in reversed(stops):
        stop()


@pytest.fixture
def own_mongo(tmp_path):
    """A database server of this test's own, which it may stop and start again (same port, same data). Request it
    before `run_worker`: fixtures end in reverse order, so the workers stop while it answers (not after minutes of
    the timeouts of a database that is gone)."""
    server = embedded.start_mongo(embedded.free_port(), tmp_path / "own-db", tmp_path / "own-db.log")
    yield server
    server.stop()


@pytest.fixture
def make_config(kafka_bootstrap, mongo_uri):
    """Config for a service with a database and consumer group of this test's own."""
    tag = uuid.uuid4().hex[:8]

    def make(service: str, **overrides) -> Config:
        return service_config(service, mongo_uri, kafka_bootstrap, f"test_{tag}", **overrides)

    return make


@pytest.fixture
def run_worker(kafka_bootstrap):
    """Start a worker in-process (its group positioned at the end of its topics); stopped after the test."""
    running = []

    def run(worker: Worker, config: Config) -> ServiceContext:
        if worker.handlers:
            position_group_at_end(kafka_bootstrap, config.consumer_group, sorted(worker.handlers))
        ctx = ServiceContext(config)
        running.append((start(ctx, worker), ctx))
        return ctx

    yield run
    for worker_run, _ in running:  # all at once: each consumer notices within a poll
        worker_run.stop.set()
    for worker_run, ctx in running:
        worker_run.shutdown()
        ctx.close()


@pytest.fixture
def probe(kafka_bootstrap):
    """probe(topics) -> a Probe reading from the current end; closed after the test."""
    probes = []

    def make(*topics: str) -> Probe:
        probes.append(Probe(kafka_bootstrap, list(topics)))
        return probes[-1]

    yield make
    for p in probes:
        p.close()


@pytest.fixture(scope="session")
def _session_producer(kafka_bootstrap):
    p = producer(kafka_bootstrap)
    yield p
    p.close(timeout=5)


@pytest.fixture
def raw_producer(_session_producer):
    """A producer for raw messages; flushed when the test ends so nothing it sent leaks into the next test."""
    yield _session_producer
    _session_producer.flush(timeout=10)


@pytest.fixture
def token():
    """token(role, org) -> an 'Authorization' header value signed with the development secret."""
    config = Config(service="registry")

    def make(role: str, org: str | None = None) -> dict:
        return {"Authorization": f"Bearer {issue_token(config, role, org)}"}

    return make
