"""Bounds on every number: every integer of every write schema of the five services (walked from each app's
OpenAPI document) is pushed to its smallest and largest documented value and beyond them (one past, ±2^63, 10^20),
one field at a time, and then all at once by hypothesis; nothing answers 5xx, and a value beyond a bound is 422
naming the field. The base bodies are valid where the tests know how (programmes, demands, offers on an open demand
by an eligible agency, providers, enterprises, experts), so the largest values reach MongoDB. An event carrying a
number beyond its bound is dead-lettered with the field in its reason."""

from __future__ import annotations

import importlib
import json
import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.common.clock import isotime, utcnow
from services.common.settings import SERVICES
from services.common.web.auth import DIVISION_ROLES, issue_token, roles_of
from tests.integration.common.openapi_bodies import base, numbers, put, spec_of, write_operations
from tests.integration.matching.conftest import agency, demand_body, enterprise, offer_body, rating
from tests.integration.registry.conftest import enterprise_body, expert_body, new_uscc, provider_body
from tests.integration.subsidy.conftest import programme_body
from tests.support.harness import ServiceHarness, new_id
from tests.support.wait import wait_until

pytestmark = pytest.mark.integration
BEYOND = (-(2**63) - 1, 2**63, 10**20)
#: bodies the services accept whole (a fresh one per call where an id must be new)
BODIES = {
    ("subsidy", "post", "/programmes"): programme_body,
    ("matching", "post", "/demands"): demand_body,
    ("matching", "post", "/demands/{demand_id}/offers"): offer_body,
    ("registry", "post", "/providers"): lambda: provider_body(uscc=new_uscc()),
    ("registry", "post", "/enterprises"): lambda: enterprise_body(uscc=new_uscc("330482")),
    ("registry", "post", "/experts"): expert_body,
}


class Service:
    """A service's app and worker on this test's database, the ids its paths name, and who calls each operation."""

    def __init__(self, name: str, make_config, run_worker, raw_producer):
        config = make_config(name, rate_limit_writes="1000000/minute", log_level="WARNING")
        app = importlib.import_module(f"services.{name}.app").create_app(config)
        ctx = run_worker(importlib.import_module(f"services.{name}.worker").WORKER, config)
        self.name, self.config, self.spec = name, config, spec_of(app)
        self.harness = ServiceHarness(ctx, app.test_client(), raw_producer, name)
        self.roles = _declared(app)
        self.ids: dict[str, object] = {}  # an id, or how to make a fresh one
        self.orgs: dict[str, str] = {}

    def headers(self, role: str, org: str | None) -> dict:
        return {"Authorization": f"Bearer {issue_token(self.config, role, org)}"}

    def call(self, method: str, path: str, body: dict):
        """As the first role the operation declares (admin if any), for the organisation it needs."""
        role = (self.roles.get((method, path)) or ("admin",))[0]
        org = body.get("uscc") or self.orgs.get(role) or ("330400" if role in DIVISION_ROLES else new_id(role))
        url = re.sub(r"{(\w+)}", lambda m: self._id(m.group(1)), path)
        return getattr(self.harness.client, method)(url, json=body, headers=self.headers(role, org))

    def _id(self, name: str) -> str:
        found = self.ids.get(name, "x")
        return found() if callable(found) else found

    def body(self, method: str, path: str, schema: dict) -> dict:
        make = BODIES.get((self.name, method, path))
        return make() if make else base(schema, self.spec)


def _declared(app) -> dict:
    """(method, OpenAPI path) -> the roles its view declares."""
    found = {}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods:
            found[(method.lower(), path)] = roles_of(app.view_functions[rule.endpoint], method)
    return found


def _prepare(service: Service) -> None:
    """The records the paths name (an open demand an eligible agency may offer on, a provider, an expert, an
    enterprise, a draft programme) and the organisations that act for them."""
    client, city = service.harness.client, service.headers("official", "330400")
    if service.name == "matching":
        agent, firm = new_id("ag"), new_id("ent")
        service.harness.send_and_wait(agency(agent), rating(agent, 100, "B"), enterprise(firm))
        service.ids["demand_id"] = lambda: client.post("/demands", json=demand_body(), headers=city).json["id"]
        service.orgs.update(agency=agent, enterprise=firm)
    if service.name == "registry":
        provider = provider_body(uscc=new_uscc())
        client.post("/providers", json=provider, headers=service.headers("agency", provider["uscc"]))
        expert = client.post("/experts", json=expert_body(), headers=service.headers("admin", None)).json["id"]
        firm = client.post("/enterprises", json=enterprise_body(), headers=service.headers("admin", None)).json["id"]
        service.ids.update(provider_id=provider["uscc"], expert_id=expert, enterprise_id=firm)
        service.orgs.update(agency=provider["uscc"], enterprise=firm)
    if service.name == "subsidy":
        service.ids["programme_id"] = client.post("/programmes", json=programme_body(), headers=city).json["id"]


@pytest.fixture
def services(make_config, run_worker, raw_producer) -> dict[str, Service]:
    made = {name: Service(name, make_config, run_worker, raw_producer) for name in SERVICES}
    for service in made.values():
        _prepare(service)
    return made


def _names(response, field: str) -> bool:
    return field in {e["field"] for e in (response.get_json() or {}).get("errors", [])}


def test_every_number_of_every_write_schema_at_and_beyond_its_bounds(services):
    wrong, tried = [], 0
    for service in services.values():
        for method, path, schema in write_operations(service.spec):
            for field, low, high in numbers(schema, service.spec):
                name = ".".join(map(str, field))
                for value in (low, high, low - 1, high + 1, *BEYOND):
                    response = service.call(method, path, put(service.body(method, path, schema), field, value))
                    refused = response.status_code == 422 and _names(response, name)
                    tried += 1
                    if response.status_code >= 500 or (not low <= value <= high and not refused):
                        wrong.append((service.name, method, path, name, value, response.status_code))
    assert tried > 100 and wrong == [], "\n".join(map(str, wrong))


def test_the_largest_sums_are_stored(services):
    """At 10^12 fen the programme's budget, the demand's budget and the offer's price reach MongoDB."""
    subsidy, matching = services["subsidy"], services["matching"]
    top = 10**12
    programme = subsidy.call("post", "/programmes", put(programme_body(), ("rules", "budget_fen"), top))
    demand = matching.call("post", "/demands", {**demand_body(), "budget_fen": top})
    offer = matching.call("post", "/demands/{demand_id}/offers", {**offer_body(), "price_fen": top})
    assert (programme.status_code, demand.status_code, offer.status_code) == (201, 201, 201), offer.get_json()
    assert (programme.json["rules"]["budget_fen"], demand.json["budget_fen"], offer.json["price_fen"]) == (top,) * 3


def test_all_numbers_at_their_extremes_at_once_never_answer_5xx(services):
    operations = [(s, m, p, schema) for s in services.values() for m, p, schema in write_operations(s.spec)]
    operations = [o for o in operations if numbers(o[3], o[0].spec)]

    @settings(max_examples=60, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        service, method, path, schema = data.draw(st.sampled_from(operations))
        body = service.body(method, path, schema)
        for field, low, high in numbers(schema, service.spec):
            body = put(body, field, data.draw(st.sampled_from((low, high, low - 1, high + 1, *BEYOND))))
        assert service.call(method, path, body).status_code < 500, (service.name, method, path, body)

    check()


def test_a_number_beyond_its_bound_in_an_event_is_dead_lettered_naming_the_field(services):
    subsidy = services["subsidy"].harness
    agency_id = new_id("ag")
    data = {
        "contract_id": new_id("ct"),
        "demand_id": new_id("dm"),
        "agency_id": agency_id,
        "buyer_id": new_id("e"),
        "buyer_type": "enterprise",
        "category": "safety_evaluation",
        "county": "330482",
        "industry": "C",
        "price_fen": 10**20,
        "signed_on": (utcnow() - timedelta(days=3)).date().isoformat(),
    }
    envelope = {
        "specversion": "1.0",
        "id": new_id("ev"),
        "source": "/services/matching",
        "type": "contract-signed",
        "subject": agency_id,
        "time": isotime(utcnow()),
        "dataversion": "1",
        "data": data,
    }
    subsidy.producer.send("contract-signed", key=agency_id.encode(), value=json.dumps(envelope).encode())
    subsidy.producer.flush()
    letter = wait_until(lambda: subsidy.ctx.db["dead_letters"].find_one({"key": agency_id.encode()}), 30)
    assert (
        "price_fen" in letter["reason"] and subsidy.ctx.db["contracts"].find_one({"_id": data["contract_id"]}) is None
    )
