"""The demo city (issue 16, `make demo`): the small city built against the test stack through HTTP and Kafka
only (the `demo_city` fixture); what it reports is what the services show, and a seed always plans the same city."""

from __future__ import annotations

from datetime import date

import pytest
import requests

from demo import plan_city
from demo.client import Api
from demo.report import where_to_look
from demo.steps.registry import REGULATOR
from services.registry.domain.codes import id_number_problem, uscc_problem

pytestmark = pytest.mark.integration
SEED = 2016


def ids(api: Api, service: str, path: str, as_=None, key: str = "id", **params) -> list[str]:
    """Every item's id of a paginated listing."""
    found, cursor = [], None
    while True:
        page = api.ok(service, "get", path, as_, params={**params, "limit": 200, "cursor": cursor})
        found += [item[key] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            return found


def test_the_small_city_is_what_the_services_show(demo_city):
    """The city `make demo` builds (the `demo_city` fixture, shared with the browser tests, which only read it)."""
    served, report = demo_city.urls, demo_city.report
    city, api, counts = plan_city(SEED, "small"), Api(served), report.counts

    # Registry: the planned ids (USCCs), the pool, the enterprises, the public directory, the suspension.
    assert (
        sorted(ids(api, "registry", "/providers", REGULATOR))
        == sorted(report.provider_ids)
        == sorted(p.id for p in city.providers)
    )
    assert sorted(ids(api, "registry", "/enterprises", REGULATOR)) == sorted(report.enterprise_ids)
    assert len(ids(api, "registry", "/experts", REGULATOR)) == counts["experts"] == len(city.experts)
    assert ids(api, "registry", "/providers", REGULATOR, status="suspended") == [report.suspended_provider]
    directory = ids(api, "registry", "/directory/providers")
    suspended_was_listed = bool(city.provider(report.suspended_provider).valid)
    assert len(directory) == counts["providers in the directory"] - suspended_was_listed
    assert report.suspended_provider not in directory
    assert report.good_provider in directory and report.outside_provider in directory

    # Registry's practitioners: all registered, the one who moved (a second registration refused first), talents.
    practice = city.practice
    assert api.count("registry", "/practitioners", REGULATOR) == counts["practitioners"] == len(practice.staff)
    assert counts["practitioner registrations refused (one agency at a time)"] == 1
    moved = api.ok("registry", "get", f"/practitioners/{report.practitioner}", REGULATOR)
    assert moved["agency_id"] == practice.joins and [r["agency_id"] for r in moved["refusals"]] == [practice.refused_by]
    assert api.count("registry", "/directory/talent") == counts["talents recorded"] == practice.talents > 0
    assert api.count("registry", f"/directory/providers/{report.good_provider}/practitioners") >= 2

    # Matching: each signed contract once in its agency's public practice record.
    practice = sum(
        len(ids(api, "matching", f"/agencies/{p}/practice-record", key="contract_id")) for p in report.provider_ids
    )
    assert practice == counts["contracts"] - counts["contracts withdrawn before signing"] > 0
    assert counts["inspections with a major hazard"] >= 1

    # Matching's expert draws: every request drawn, answered (a decline among them) and evaluated; public audit.
    assert counts["expert engagements completed"] == counts["expert requests"] == len(city.expert_requests)
    assert counts["expert invitations declined"] >= 1
    assert api.ok("matching", "get", f"/public/expert-draws/{report.expert_request}")["status"] == "completed"

    # Credit: the showcase grades and lists, every violation recorded (API and both Kafka modes), revocations.
    def rating(agency: str, **query) -> dict:
        return api.ok("credit", "get", f"/credit/agencies/{agency}/rating", REGULATOR, params=query)

    assert rating(report.good_provider)["grade"] == "A"
    assert rating(report.severe_provider, as_of=report.severe_listed_from)["grade"] == "D"
    assert report.rectified_provider in ids(api, "credit", "/public/credit/rectification-list", key="agency_id")
    targets = {v.agency_id for v in city.violations}
    violations = [
        v for a in targets for v in api.ok("credit", "get", f"/credit/agencies/{a}/facts", REGULATOR)["violations"]
    ]
    assert (
        len(violations)
        == sum(n for name, n in counts.items() if name.startswith("violations from"))
        + counts["violations recorded by a regulator (API)"]
        == len(city.violations)
    )
    assert sum(v["revoked"] for v in violations) == counts.get("violations revoked", 0)

    # Subsidy: the programmes, what was paid, the programme worth looking at.
    public = api.ok("subsidy", "get", "/public/subsidy/programmes")
    assert len(public) == counts["programmes"] == len(city.programmes)
    assert sum(p["paid_fen"] for p in public) == counts["subsidy paid fen"] > 0
    assert next(p for p in public if p["programme_id"] == report.programme)["paid_fen"] > 0

    # What `make demo` prints: the public pages it points at answer.
    summary = where_to_look(report, served)
    links = [word for word in summary.split() if word.startswith("http") and "/public/" in word]
    assert len(links) >= 10 and any("/public/practice/" in link for link in links)
    answers = {link: requests.get(link, timeout=30) for link in links}
    assert {link: (r.status_code, r.text[:300]) for link, r in answers.items() if r.status_code != 200} == {}


def test_a_seed_plans_the_same_city_every_time():
    day = date(2026, 3, 1)
    first, again, other = (
        plan_city(SEED, "small", day),
        plan_city(SEED, "small", day),
        plan_city(SEED + 1, "small", day),
    )
    assert first == again
    assert {p.id for p in first.providers}.isdisjoint(p.id for p in other.providers)
    codes = [p.id for p in first.providers] + [e["uscc"] for e in first.enterprises]
    assert [c for c in codes if uscc_problem(c)] == []
    assert [e["id_number"] for e in first.experts if id_number_problem(e["id_number"])] == []
    assert len({p.body["name"] for p in first.providers}) == len(first.providers)
