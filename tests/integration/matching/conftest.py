"""Matching integration fixtures: a running matching worker and app on this test's own database and group."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.clock import isotime, jiaxing_day, utcnow
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import Event, new_event
from services.matching.app import create_app
from services.matching.worker import WORKER
from tests.support.harness import ServiceHarness

CATEGORY = "safety_evaluation"


@pytest.fixture
def matching(make_config, run_worker, raw_producer):
    config = make_config("matching")
    ctx = run_worker(WORKER, config)
    return ServiceHarness(ctx, create_app(config).test_client(), raw_producer, "matching")


def agency(
    agency_id: str,
    county: str = "330411",
    town: str | None = "330411101",
    status: str = "active",
    type_: str = "agency-registered",
    valid_until: str | None = None,
    verified: bool = True,
    level: str = "乙级",
    categories: tuple[str, ...] = (CATEGORY,),
    **attrs,
) -> Event:
    until = valid_until or (utcnow().date() + timedelta(days=365)).isoformat()
    return new_event(
        CATALOGUE[type_],
        agency_id,
        {
            "agency_id": agency_id,
            "name": f"嘉兴{agency_id}安全评价有限公司",
            "uscc": "91330400MA2B3C4D5E",
            "kind": "agency",
            "categories": list(categories),
            "county": county,
            "town": town,
            "status": status,
            "qualifications": [
                {
                    "category": CATEGORY,
                    "certificate_no": "APJ-浙-001",
                    "level": level,
                    "issuer": "浙江省应急管理厅",
                    "valid_from": "2024-01-01",
                    "valid_until": until,
                    "verified": verified,
                    "verified_by": "regulator:330400" if verified else None,
                }
            ],
        },
        "/services/registry",
        **attrs,
    )


def enterprise(
    enterprise_id: str,
    county: str = "330411",
    town: str | None = "330411101",
    status: str = "active",
    type_: str = "enterprise-registered",
    **attrs,
) -> Event:
    """The registry's announcement of an enterprise (matching projects it to check whom a demand serves)."""
    return new_event(
        CATALOGUE[type_],
        enterprise_id,
        {
            "enterprise_id": enterprise_id,
            "name": f"嘉兴{enterprise_id}五金有限公司",
            "uscc": enterprise_id,
            "industry": "C3311",
            "industry_section": "C",
            "size": "small",
            "county": county,
            "town": town,
            "status": status,
        },
        "/services/registry",
        **attrs,
    )


def rating(agency_id: str, score: int, grade: str, rectification_until: str | None = None, **attrs) -> Event:
    return new_event(
        CATALOGUE["rating-changed"],
        agency_id,
        {
            "agency_id": agency_id,
            "as_of": utcnow().date().isoformat(),
            "new_score": score,
            "new_grade": grade,
            "reasons": ["test"],
            "interview_required": False,
            "rectification_until": rectification_until,
            "rule_version": "test",
        },
        "/services/credit",
        **attrs,
    )


def demand_body(**kw) -> dict:
    body = {
        "category": CATEGORY,
        "county": "330411",
        "town": "330411101",
        "industry": "C",
        "description": "年度安全现状评价",
        "budget_fen": 3_000_000,
        "offer_deadline": isotime(utcnow() + timedelta(days=7)),
    }
    return body | kw


def offer_body(**kw) -> dict:
    return {"price_fen": 2_500_000, "plan": "现场勘查两天，出具评价报告", "duration_days": 30} | kw


def expert(
    expert_id: str,
    county: str = "330482",
    status: str = "active",
    available: bool = True,
    grade: str = "senior",
    specialties: tuple[str, ...] = ("危险化学品",),
    type_: str = "expert-registered",
    employer: str | None = None,
    linked_orgs: tuple[str, ...] = (),
    leave: tuple[tuple[str, str], ...] = (),
    **attrs,
) -> Event:
    """The registry's announcement of an expert (matching projects it to draw experts)."""
    return new_event(
        CATALOGUE[type_],
        expert_id,
        {
            "expert_id": expert_id,
            "name": f"专家{expert_id[-4:]}",
            "county": county,
            "industries": ["C"],
            "specialties": list(specialties),
            "grade": grade,
            "available": available,
            "status": status,
            "employer": employer,
            "linked_orgs": list(linked_orgs),
            "leave": [{"since": since, "until": until} for since, until in leave],
        },
        "/services/registry",
        **attrs,
    )


def expert_request_body(**kw) -> dict:
    """A government review of an enterprise's safety assessment report, two experts, in a week."""
    first = jiaxing_day(utcnow()) + timedelta(days=7)
    body = {
        "task": "review",
        "experts_needed": 2,
        "specialties": ["危险化学品"],
        "industries": ["C"],
        "min_grade": "intermediate",
        "counties": ["330482"],
        "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=1)).isoformat(),
        "reviewed_party_id": REVIEWED,
        "description": "安全评价报告技术评审",
    }
    return body | kw


REVIEWED = "91330482MA2B3C4D5E"  # the enterprise under review
