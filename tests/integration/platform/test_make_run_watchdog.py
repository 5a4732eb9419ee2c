"""Issue 22 item 2: `make run` watches its database and broker. Under load (agencies registering themselves through
registry's API, which every other service consumes), the database is stopped (SIGSTOP: it holds its connections
and answers nothing) or killed, or the broker is killed: the stack says so loudly, restarts it on the same data,
and the services carry on. Every registration the API accepted is kept, and reaches every consumer exactly once."""

from __future__ import annotations

import os
import signal
import threading
import uuid

import pymongo
import pytest
import requests

from services.common.config import Config
from services.common.web.auth import issue_token
from tests.e2e.conftest import CONTACTS, agency_body
from tests.support import makerun
from tests.support.kafka import SESSION_TIMEOUT_MS
from tests.support.wait import wait_until

PACE = 10  # registrations a second at most: the consumers must catch up on a busy machine after a new broker
CONSUMERS = ("credit", "matching", "notify", "subsidy")  # each keeps its projection of agency-registered
SETTINGS = {
    "ANFU_STACK_PROBE_SECONDS": "0.5",
    "ANFU_STACK_UNRESPONSIVE_SECONDS": "4",
    "RATE_LIMIT_WRITES": "100000/minute",
    "KAFKA_SESSION_TIMEOUT_MS": str(SESSION_TIMEOUT_MS),  # the workers consume 1 s after they start, not 3
}


class Load:
    """Agencies registering themselves, one after another (at most PACE a second), until stopped: what registry
    accepted (201)."""

    def __init__(self, registry: str):
        self.url, self.accepted, self.refused = f"{registry}/providers", [], []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, name="load", daemon=True)
        self.thread.start()

    def run(self) -> None:
        config = Config(service="registry")
        while not self.stop.is_set():
            name = f"嘉兴安信{uuid.uuid4().hex[:6]}安全咨询有限公司"
            body = agency_body(name, "330402", "330402007", "乙级", CONTACTS[0])
            headers = {"Authorization": f"Bearer {issue_token(config, 'agency', body['uscc'])}"}
            try:
                response = requests.post(self.url, json=body, headers=headers, timeout=60)
            except requests.RequestException as err:  # the outcome is unknown: it may have been written
                self.refused.append(type(err).__name__)
                continue
            if response.status_code == 201:
                self.accepted.append(body["uscc"])
            else:
                self.refused.append(response.status_code)
            self.stop.wait(1 / PACE)

    def more(self, count: int = 5, timeout: float = 120) -> None:
        """Wait until registry accepted `count` more (after a restart: the platform works again)."""
        target = len(self.accepted) + count
        wait_until(lambda: len(self.accepted) >= target, timeout, 0.2)

    def finish(self) -> list[str]:
        self.stop.set()
        self.thread.join(90)
        return list(self.accepted)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    run = makerun.start(tmp_path_factory.mktemp("watchdog"), **SETTINGS)
    seen: dict[int, int] = {}
    try:
        run.wait_ready()
        seen.update(run.tree())
        yield run
        os.killpg(run.make.pid, signal.SIGTERM)
        makerun.stopped_within(run, 90)
        assert run.leftovers(seen) == []
    finally:
        makerun.kill_all(run, seen)


@pytest.fixture
def load(stack):
    running = Load(stack.layout.api("registry"))
    running.more()
    yield running
    running.finish()


def reached_every_consumer(stack, agencies: list[str]) -> None:
    """Each accepted agency is in registry, and each consumer applied its agency-registered once."""
    with pymongo.MongoClient(stack.layout.mongodb, serverSelectionTimeoutMS=10_000) as client:
        providers = client["anfu_registry"]["providers"]
        kept = {doc["_id"] for doc in providers.find({"_id": {"$in": agencies}}, {"_id": 1})}
        assert kept == set(agencies), f"accepted, then lost: {sorted(set(agencies) - kept)}"

        def missing() -> dict[str, int]:
            """Agencies each consumer has not applied yet (one event each: two marks would be one applied twice)."""
            query = {"type": "agency-registered", "subject": {"$in": agencies}}
            short = {}
            for service in CONSUMERS:
                found = [mark["subject"] for mark in client[f"anfu_{service}"]["inbox"].find(query, {"subject": 1})]
                assert len(found) == len(set(found)), f"{service} applied an agency twice"
                if len(found) < len(agencies):
                    short[service] = len(agencies) - len(found)
            return short

        try:
            wait_until(lambda: not missing(), 180, 1)
        except AssertionError:
            raise AssertionError(f"not applied: {missing()}") from None


def restarted(stack, what: str, process: str, why: str, pid: int) -> None:
    """The watchdog said loudly why and that it restarted `what`; a new `process` runs in its place."""
    wait_until(lambda: stack.said(f"!!! {what}", why) and stack.said(f"!!! {what}", "restarted (pid"), 60, 0.2)
    assert stack.pid_of(process) != pid


def test_a_stopped_database_is_restarted_on_its_data_and_nothing_is_lost(stack, load):
    database = stack.pid_of("secantus")
    os.kill(database, signal.SIGSTOP)  # wedged: connections open, nothing answered
    restarted(stack, "MongoDB", "secantus", "has not answered for", database)
    load.more()
    reached_every_consumer(stack, load.finish())


def test_a_killed_database_is_restarted_at_once(stack, load):
    database = stack.pid_of("secantus")
    os.kill(database, signal.SIGKILL)
    restarted(stack, "MongoDB", "secantus", "exited (code -9)", database)
    load.more()
    reached_every_consumer(stack, load.finish())


def test_a_killed_broker_is_restarted_and_every_event_still_arrives_once(stack, load):
    broker = stack.pid_of("tansu")
    os.kill(broker, signal.SIGKILL)  # in memory: topics, messages and consumer groups are gone with it
    restarted(stack, "Kafka", "tansu", "exited (code -9)", broker)
    load.more()
    reached_every_consumer(stack, load.finish())
