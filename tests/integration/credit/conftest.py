"""Credit integration fixtures: a running credit worker and app on this test's own database and group."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest

from services.common.clock import Clock, FixedClock, jiaxing_day, utcnow
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from services.credit.app import create_app
from services.credit.worker import WORKER
from tests.support.harness import ServiceHarness, new_id
from tests.support.wait import wait_until

GOV = "/gov/enforcement/330400"


class Credit(ServiceHarness):
    def rating(self, agency_id: str) -> dict | None:
        doc = self.ctx.db["agencies"].find_one({"_id": agency_id})
        return doc and doc.get("rating")

    def serve(self, violation_event: Event, channel: str = "email") -> None:
        """notify delivers the violation's notice now, by the worker's clock (in `days_ago`, then)."""
        self.send_and_wait(
            delivered(violation_event.data["agency_id"], violation_event.id, channel, self.ctx.clock.now())
        )

    def revoke(self, regulator: dict, violation_id: str, **body) -> None:
        """A regulator revokes the violation through the API; the worker applies it."""
        url = f"/credit/violations/{violation_id}/revoke"
        answer = self.client.post(url, headers=regulator, json={"reason": "认定错误", **body})
        assert answer.status_code == 202, answer.json
        case = f"violation:{violation_id}"
        wait_until(lambda: self.ctx.db["facts"].find_one({"type": "violation-revoked", "case": case}))

    @contextmanager
    def days_ago(self, n: int):
        """The worker applies what is sent meanwhile as if n days ago (its notice day); the API keeps today."""
        self.ctx.clock = FixedClock(utcnow() - timedelta(days=n))
        try:
            yield
        finally:
            self.ctx.clock = Clock()


@pytest.fixture
def credit(make_config, run_worker, raw_producer):
    config = make_config("credit")
    ctx = run_worker(WORKER, config)
    return Credit(ctx, create_app(config).test_client(), raw_producer, "credit")


def days_ago(n: int) -> str:
    """The Jiaxing day n days ago (the service's calendar)."""
    return (jiaxing_day(utcnow()) - timedelta(days=n)).isoformat()


def agency_registered(
    agency_id: str,
    name: str = "嘉兴安信安全咨询有限公司",
    status: str = "active",
    type_: str = "agency-registered",
    town: str = "330402007",
    **attrs,
) -> Event:
    return new_event(
        CATALOGUE[type_],
        agency_id,
        {
            "agency_id": agency_id,
            "name": name,
            "uscc": "91330400MA2B3C4D5E",
            "kind": "agency",
            "categories": ["safety_consulting"],
            "qualifications": [],
            "county": town[:6],
            "town": town,
            "status": status,
        },
        "/services/registry",
        **attrs,
    )


def violation(agency_id: str, severity: str = "general", recorded_on: str | None = None, **data) -> Event:
    body = {
        "violation_id": new_id("v"),
        "agency_id": agency_id,
        "severity": severity,
        "code": "false-report",
        "description": "出具虚假报告",
        "occurred_on": recorded_on or days_ago(0),
        "recorded_on": recorded_on,
        "recorded_by": "嘉兴市应急管理局",
        **data,
    }
    return new_event(CATALOGUE["violation-recorded"], agency_id, body, GOV)


def delivered(agency_id: str, event_id: str, channel: str = "email", at=None) -> Event:
    """notify's notice-delivered for the notice about a violation-recorded event (now, or `at`): its service (送达)."""
    return new_event(
        CATALOGUE["notice-delivered"],
        agency_id,
        {
            "notice_id": new_id("n"),
            "org_id": agency_id,
            "event_type": "violation-recorded",
            "event_id": event_id,
            "event_subject": agency_id,
            "channel": channel,
            "delivered_at": (at or utcnow()).isoformat(),
        },
        "/services/notify",
    )


def contract_completed(agency_id: str, on_time: bool = True, on: str | None = None) -> Event:
    return new_event(
        CATALOGUE["contract-completed"],
        agency_id,
        {
            "contract_id": new_id("c"),
            "demand_id": new_id("d"),
            "agency_id": agency_id,
            "buyer_id": "e1",
            "buyer_type": "enterprise",
            "category": "safety_consulting",
            "county": "330402",
            "price_fen": 100000,
            "completed_on": on or days_ago(0),
            "on_time": on_time,
            "score": 5,
        },
        "/services/matching",
    )


def spot_check(agency_id: str, passed: bool = True, findings: int = 0, kind: str = "quality_spot_check") -> Event:
    return new_event(
        CATALOGUE["inspection-completed"],
        agency_id,
        {
            "inspection_id": new_id("i"),
            "kind": kind,
            "agency_id": agency_id,
            "inspected_on": days_ago(1),
            "passed": passed,
            "findings": findings,
        },
        GOV,
    )


def terminated(agency_id: str, signed: bool = True) -> Event:
    """A buyer ends a contract blaming the agency (a claim: no terminated_by)."""
    return new_event(
        CATALOGUE["contract-terminated"],
        agency_id,
        {
            "contract_id": new_id("c"),
            "demand_id": new_id("d"),
            "agency_id": agency_id,
            "buyer_id": "e1",
            "buyer_type": "enterprise",
            "category": "safety_consulting",
            "county": "330402",
            "price_fen": 100000,
            "signed_on": days_ago(10) if signed else None,
            "terminated_on": days_ago(0),
            "at_fault": "agency",
            "reason": "逾期未进场",
        },
        "/services/matching",
    )


def revoked(agency_id: str, violation_id: str) -> Event:
    return new_event(
        CATALOGUE["violation-revoked"],
        agency_id,
        {"violation_id": violation_id, "agency_id": agency_id, "reason": "复议撤销"},
        GOV,
    )
