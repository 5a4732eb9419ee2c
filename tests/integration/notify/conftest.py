"""Notify integration fixtures: a running notify worker and app on this test's database and consumer group, with
a real SMTP server and real HTTP receivers; events published to Kafka as the other services would."""

from __future__ import annotations

import logging

import pytest

from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from services.notify import commands, jobs
from services.notify.app import create_app
from services.notify.store import NotifyStore
from services.notify.worker import WORKER
from tests.integration.notify.receivers import Mailbox, Receiver
from tests.support.harness import ServiceHarness, new_id
from tests.support.wait import wait_until

REGISTRY = "/services/registry"


class Notify(ServiceHarness):
    def inbox(self, headers: dict, **query) -> list[dict]:
        answer = self.client.get("/notify/inbox", headers=headers, query_string=query)
        assert answer.status_code == 200, answer.json
        return answer.json["items"]

    def tell(self, *events: Event) -> None:
        """Apply events as the consumer would (one unit of work each), without waiting for Kafka."""
        for item in events:
            with self.ctx.uow() as uow:
                commands.notify_event(uow, item)

    def deliveries(self, **query) -> list[dict]:
        return list(self.ctx.db["deliveries"].find(query).sort("created_at"))

    def settled(self, count: int = 1, timeout: float = 30, **query) -> list[dict]:
        """Wait until `count` deliveries matching `query` exist and none is pending."""

        def done():
            found = self.deliveries(**query)
            return found if len(found) >= count and all(d["status"] != "pending" for d in found) else None

        return wait_until(done, timeout)


@pytest.fixture
def mailbox():
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # the test server's own chatter
    box = Mailbox()
    box.controller.start()
    yield box
    box.controller.stop()


@pytest.fixture
def receivers():
    """receivers(**kw) -> a started Receiver; all closed after the test."""
    made = []

    def make(**kw) -> Receiver:
        made.append(Receiver(**kw))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


@pytest.fixture
def notify_config(make_config, mailbox):
    def make(**overrides):
        values = dict(
            smtp_port=mailbox.port, webhook_timeout_seconds=2, webhook_failure_limit=5, delivery_poll_seconds=0.05
        )
        return make_config("notify", **{**values, **overrides})

    return make


@pytest.fixture
def start_notify(notify_config, run_worker, raw_producer):
    """start_notify(**config overrides) -> a running notify (worker in-process, app test client)."""

    def start(**overrides) -> Notify:
        config = notify_config(**overrides)
        ctx = run_worker(WORKER, config)
        # the jobs' first pass (the last job marks its day) runs on the real clock before a test sets its own
        wait_until(lambda: NotifyStore(ctx.read()).job_day(jobs.EXPIRY))
        return Notify(ctx, create_app(config).test_client(), raw_producer, "notify")

    return start


@pytest.fixture
def notify(start_notify):
    return start_notify()


def agency(
    agency_id: str,
    email: str | None = "lu.xiaofeng@example.cn",
    county: str = "330482",
    categories: tuple[str, ...] = ("safety_evaluation",),
    qualifications: list | None = None,
    time: str | None = None,
) -> Event:
    extra = {"time": time} if time else {}
    return new_event(
        CATALOGUE["agency-registered"],
        agency_id,
        {
            "agency_id": agency_id,
            "name": f"安澜安全评价-{agency_id}",
            "uscc": agency_id,
            "kind": "agency",
            "categories": list(categories),
            "qualifications": qualifications or [],
            "county": county,
            "town": f"{county}001",
            "valid_categories": list(categories),
            "email": email,
            "status": "active",
        },
        REGISTRY,
        **extra,
    )


def enterprise(enterprise_id: str, email: str | None = "shen.jianguo@example.cn") -> Event:
    return new_event(
        CATALOGUE["enterprise-registered"],
        enterprise_id,
        {
            "enterprise_id": enterprise_id,
            "name": f"当湖精工-{enterprise_id}",
            "uscc": enterprise_id,
            "industry": "C3311",
            "size": "small",
            "county": "330482",
            "town": "330482001",
            "email": email,
        },
        REGISTRY,
    )


def event(event_type: str, data: dict, source: str | None = None) -> Event:
    """An event as its producer publishes it: key = subject = the data field the catalogue names; source = the
    producing service unless given (an external system's /gov/...)."""
    kind = CATALOGUE[event_type]
    return new_event(kind, data[kind.subject_field], data, source or f"/services/{kind.producer}")


__all__ = ["Notify", "agency", "enterprise", "event", "new_id"]
