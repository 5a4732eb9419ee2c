"""Authority from the reference table: an official, regulator or finance token acts for a real division of Jiaxing
(checked whenever it is used, on every endpoint of every service), and its reach is that division and what lies
inside it, never a prefix of digits. `/metrics` checks its caller before anything of the request."""

from __future__ import annotations

import importlib
import re
from dataclasses import replace

import pytest

from services.common.config import Config
from services.common.reference import COUNTIES, TOWNS
from services.common.settings import SERVICES
from services.common.web.auth import DIVISION_ROLES, ROLES, Principal, decode_token, issue_token, roles_of

CONFIG = Config(service="registry", mongodb_uri="mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=100")
NO_DIVISION = ("3", "33", "330", "3304", "330000", "330482999", "x", "", None)
PLACE, COUNTY = "330482001", "330482"  # 当湖街道 in 平湖市
#: level of the token's division -> whether it reaches PLACE
LEVELS = {
    "city": ("330400", True),
    "county": (COUNTY, True),
    "town": (PLACE, True),
    "other county": ("330402", False),
    "other town": ("330482002", False),
}


APPS = {s: importlib.import_module(f"services.{s}.app").create_app(replace(CONFIG, service=s)) for s in SERVICES}


def _path(rule: str) -> str:
    """A concrete path for a rule: an int is a year, `any(a, b)` its first choice, a record id of its form,
    anything else `x`."""
    path = re.sub(r"<int:[^>]+>", "2026", rule)
    path = re.sub(r"<record:[^>]+>", "sa-0123456789abcdef", path)
    path = re.sub(r"<any\(([^,)]+)[^>]*>", lambda m: m.group(1).strip(), path)
    return re.sub(r"<[^>]+>", "x", path)


def _division_endpoints():
    """(service, method, path) of every endpoint an official, regulator or finance may call."""
    for service, app in APPS.items():
        for rule in app.url_map.iter_rules():
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                roles = roles_of(app.view_functions[rule.endpoint], method) or ()
                if set(roles) & set(DIVISION_ROLES):
                    yield service, method, _path(rule.rule), sorted(set(roles) & set(DIVISION_ROLES))


ENDPOINTS = list(_division_endpoints())


def _token(role: str, org: str | None) -> dict:
    return {"Authorization": f"Bearer {issue_token(CONFIG, role, org)}"}


def test_every_service_has_endpoints_for_the_division_roles():
    assert {service for service, *_ in ENDPOINTS} == set(SERVICES)
    assert len(ENDPOINTS) > 40


@pytest.mark.parametrize("service, method, path, roles", ENDPOINTS, ids=lambda v: v if isinstance(v, str) else "")
def test_a_token_of_no_division_is_refused_on_every_endpoint(service, method, path, roles):
    client = APPS[service].test_client()
    for role in roles:
        for org in NO_DIVISION:
            response = client.open(path, method=method, headers=_token(role, org), json={})
            body = response.get_json()
            assert (response.status_code, body["rule"]) == (403, "division"), (role, org, body)


@pytest.mark.parametrize("role", DIVISION_ROLES)
@pytest.mark.parametrize("level", LEVELS)
def test_a_division_reaches_itself_and_what_lies_inside_it(role, level):
    org, reaches = LEVELS[level]
    who = Principal("s", role, org)
    assert who.reaches(PLACE) is reaches
    assert who.reaches(COUNTY) is (level in ("city", "county"))
    assert who.reaches(None) is (level == "city")  # outside Jiaxing: only the city's


def test_other_roles_reach_nothing_and_admin_everything():
    for role in set(ROLES) - set(DIVISION_ROLES) - {"admin"}:
        assert not Principal("s", role, PLACE).reaches(PLACE)
    assert Principal("s", "admin", None).reaches(PLACE) and Principal("s", "admin", None).reaches(None)


def test_every_division_of_the_table_is_one_a_token_may_act_for():
    assert (len(COUNTIES), len(TOWNS)) == (7, 72)
    for org in (*COUNTIES, *TOWNS, "330400"):
        for role in DIVISION_ROLES:
            assert decode_token(CONFIG, issue_token(CONFIG, role, org)) == Principal(f"{role}:{org}", role, org)


@pytest.mark.parametrize("service", SERVICES)
def test_metrics_with_a_malformed_query_and_no_token_is_401(service):
    client = APPS[service].test_client()
    for query in ("?a=1&a=2", "?limit=x&limit=y", "?%ff=1"):
        response = client.get(f"/metrics{query}")
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer", query
