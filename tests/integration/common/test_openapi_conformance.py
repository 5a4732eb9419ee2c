"""Every service keeps its OpenAPI document: schemathesis, all phases (examples, coverage, fuzzing, stateful),
all checks, a fixed seed, each operation called with a token of the first role it declares; no failure. Every
public path (pages, lists, files) runs without any exclusion; only the operations whose
business rules go beyond a JSON schema may answer 422 to schema-valid data. The five runs are independent (a
database each): `make test`'s processes share them out."""

from __future__ import annotations

import importlib
import re

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, from_schema
from schemathesis.engine.events import EngineFinished, FatalError, NonFatalError, ScenarioFinished
from schemathesis.generation import GenerationMode

from services.common.web.auth import DIVISION_ROLES, issue_token, roles_of
from tests.support.serving import serving

SEED = 20261129
LONGEST_FIRST = ("registry", "subsidy", "credit", "matching", "notify")  # handed out first, the long ones first
EXAMPLES = 25  # per operation and phase: reaches every operation on a 2-core machine in minutes
#: operations whose business rules go beyond what a JSON schema can say (a 422 for schema-valid data is right there)
RULES_BEYOND_SCHEMA = {
    "POST /demands": "offer_deadline in the future; the town lies in the county",
    "POST /contracts/{contract_id}/inspections": "hazards rectified at most found; inspected_on a fact's day",
    "POST /contracts/{contract_id}/complete": "completed_on from 1990-01-01 to today (a fact's day)",
    "POST /contracts/{contract_id}/terminate": "terminated_on from 1990-01-01 to today (a fact's day)",
    "POST /expert-requests/{request_id}/complete": "completed_on from 1990-01-01 to today (a fact's day)",
    "POST /practitioners/{practitioner_id}/leave": "left_on from 1990-01-01 to today (a fact's day)",
    "POST /practitioners/{practitioner_id}/talent": "recognised_on from 1990-01-01 to today (a fact's day)",
    "POST /practitioners/{practitioner_id}/training": "trained_on from 1990-01-01 to today (a fact's day)",
    "POST /providers": "the USCC's check character; a county or an origin",
    "POST /enterprises": "the USCC's check character; the town lies in the county",
    "POST /experts": "the ID number's birth date and check digit",
    "PATCH /providers/{provider_id}": "something to change; staff counts; certificate dates 1990-2100",
    "PATCH /enterprises/{enterprise_id}": "something to change; the town lies in the county",
    "PATCH /experts/{expert_id}": "something to change",
    "POST /credit/violations": "occurred_on from 1990-01-01 to today (service clock); the code in force that day",
    "POST /credit/violations/{violation_id}/objection": "evidence files are PDF, JPEG or PNG by their content",
    "POST /credit/violations/{violation_id}/repair": "evidence files are PDF, JPEG or PNG by their content",
    "POST /credit/claims/{contract_id}/objection": "evidence files are PDF, JPEG or PNG by their content",
    "POST /credit/spot-checks": "inspected_on between 1990-01-01 and today (the service clock's day)",
    "GET /credit/agencies/{agency_id}/rating": (
        "as_of, known_at from 2000-01-01 to 2999-12-31 (OpenAPI 3.0 bounds no dates)"
    ),
    "POST /experts/{expert_id}/links": "the USCC's check character",
    "POST /providers/{provider_id}/practitioners": "the ID number's birth date and check digit; joined_on a fact's day",
    "GET /practitioners": "the USCC's check character (agency_id)",
    "POST /expert-requests": "the work lies between today and its last day",
    "POST /notify/webhooks": "url an http(s) URL as RFC 3986 reads it (a pattern only says how it starts)",
    "PUT /notify/preferences": "channel keys are topics (OpenAPI 3.0 cannot constrain the keys of a map)",
    "GET /reports/assessment/{year}": "a year from 2016 to this year",
    "GET /reports/assessment/{year}.{fmt}": "a year from 2016 to this year",
    "POST /programmes": "the funder's area holds the divisions; each kind's own rules (a rate, an amount, tiers)",
    "PATCH /programmes/{programme_id}": "the period ends after it starts; each kind's own rules",
    "POST /applications": "a purchase subsidy names its contract (the programme's kind decides what a body needs)",
    "POST /applications/quote": "a purchase subsidy names its contract (the programme's kind decides what it needs)",
}
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "412", "429"]  # 412: an If-Match of another version
ORGS = {
    "agency": "91330400MA2B3C4D5E",
    "enterprise": "91330402MA28A1B2C3",
    **dict.fromkeys(DIVISION_ROLES, "330400"),  # a token of no division is refused everywhere
}


def run_config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "workers": 1,
            "cache": {"enabled": False},
            "generation": {"max-examples": EXAMPLES},
            "phases": {"stateful": {"max-steps": 20}},
            "operations": [
                {
                    "include-name": name,
                    "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}},
                }
                for name in RULES_BEYOND_SCHEMA
            ],
        }
    )


def roles_by_operation(app) -> dict[tuple[str, str], tuple[str, ...] | None]:
    """(METHOD, OpenAPI path) -> the roles its view declares (None: public)."""
    found = {}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods:
            found[(method, path)] = roles_of(app.view_functions[rule.endpoint], method)
    return found


def failures_of(schema) -> list[str]:
    failures = []
    for event in from_schema(schema).execute():
        if isinstance(event, ScenarioFinished) and event.status in (Status.FAILURE, Status.ERROR):
            failures += [
                describe(event, case_id, check)
                for case_id, checks in event.recorder.checks.items()
                for check in checks
                if check.failure_info
            ]
            failures += [f"{event.phase.value} {event.label}: error"] if event.status == Status.ERROR else []
        elif isinstance(event, NonFatalError):
            failures.append(f"error in {event.label}: {event.value!r}")
        elif isinstance(event, FatalError):
            failures.append(f"fatal: {event.exception!r}")
        elif isinstance(event, EngineFinished):
            failures += [f"after run: {f.title}" for f in event.failures]
    return failures


def describe(event, case_id, check) -> str:
    failure = check.failure_info.failure
    interaction = event.recorder.interactions.get(case_id)
    exchange = ""
    if interaction is not None:
        request, response = interaction.request, interaction.response
        exchange = f"\n  {request.method} {request.uri} {(request.body or b'')[:200]!r}"
        if response is not None:
            exchange += f"\n  -> {response.status_code} {response.content[:300]!r}"
    return f"{event.phase.value} {event.label}: {check.name}: {failure.title} {failure.message[:200]}{exchange}"


@pytest.mark.parametrize("service", LONGEST_FIRST)
def test_the_api_answers_as_its_document_says(service, make_config):
    """One service a test, each an xdist group of its own (tests/conftest.py)."""
    limits = dict(rate_limit_writes="100000/minute", rate_limit_public="100000/minute", log_level="WARNING")
    config = make_config(service, **limits)
    app = importlib.import_module(f"services.{service}.app").create_app(config)
    roles = roles_by_operation(app)
    with serving(app) as url:
        schema = schemathesis.openapi.from_url(f"{url}/openapi.json", config=run_config())
        schema.config.base_url = url
        failures = failures_by_role(schema, roles, config)
    assert not failures, "\n".join(failures[:40])


def failures_by_role(schema, roles, config) -> list[str]:
    """Run schemathesis with a token of the first declared role (admin for any role) on each protected operation."""

    @schema.auth(refresh_interval=None)
    class RoleToken:
        def get(self, case, ctx):
            declared = roles.get((case.operation.method.upper(), case.operation.path))
            if declared is None:
                return None
            role = declared[0] if declared else "admin"
            return issue_token(config, role, ORGS.get(role))

        def set(self, case, data, ctx):
            if data:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    @schema.hook
    def map_case(ctx, case):
        """A cursor is opaque (a next_cursor, else 422: test_http): valid cases leave it out."""
        query = case.query or {}
        if "cursor" in query and case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE:
            case.query = {name: value for name, value in query.items() if name != "cursor"}
        return case

    return failures_of(schema)


def test_no_public_path_is_excused():
    """Public pages check their query by their document alone; the quote may only answer 422 for the rule its
    programme's kind sets (every other check runs on it, Allow included)."""
    assert [name for name in RULES_BEYOND_SCHEMA if " /public" in name] == []
    assert "contract" in RULES_BEYOND_SCHEMA["POST /applications/quote"]
