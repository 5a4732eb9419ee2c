"""Liveness, readiness, metrics and the Swagger UI's files: the endpoints every service serves besides its own.

`/health/ready` tells the public only the status; an admin token sees each check, and the logs always say
what failed (hosts, ports and topology are not for anonymous callers). `/metrics` needs the `METRICS_TOKEN`
bearer token (what Prometheus sends) or an admin token.
"""

from __future__ import annotations

import hmac
import logging

from flask import Response, current_app, jsonify, request, send_from_directory
from flask_smorest import Blueprint
from swagger_ui_bundle import swagger_ui_path

from services.common.errors import PROBLEM_JSON, ProblemSchema, problem
from services.common.events.bus import kafka_ready
from services.common.metrics import exposition
from services.common.web.auth import BEARER, admit, gated, optional_principal

log = logging.getLogger(__name__)
health = Blueprint("health", __name__, description="Liveness, readiness and metrics")


def _ctx():
    return current_app.extensions["anfu"]


@health.route("/health/live")
@health.response(200)
def live():
    """The process answers."""
    return {"status": "ok"}


@health.route("/health/ready")
@health.response(200)
@health.alt_response(503, schema=ProblemSchema, content_type=PROBLEM_JSON)
def ready():
    """MongoDB answers a ping and Kafka answers a metadata request; each check's result for an admin token."""
    caller = optional_principal()
    checks = {}
    for name, check in (("mongodb", _ctx().mongo.ping), ("kafka", lambda: kafka_ready(_ctx().config))):
        try:
            check()
            checks[name] = "ok"
        except Exception as err:
            log.warning("not ready: %s failed: %s", name, err)
            checks[name] = f"failed: {err}"
    details = {"checks": checks} if caller is not None and caller.is_admin else {}
    if any(v != "ok" for v in checks.values()):
        body, status, headers = problem(503, "not ready", **details)
        return Response(jsonify(body).get_data(), status, headers)  # whole: smorest would add a second type
    return {"status": "ok", **details}


@health.route("/docs/static/<path:filename>")
@health.doc(hide=True)
def swagger_ui_static(filename: str):
    """Swagger UI's files, from the swagger-ui-bundle package."""
    return send_from_directory(swagger_ui_path, filename)


@health.route("/metrics")
@health.doc(
    security=BEARER,
    responses={
        "200": {"description": "Prometheus text format", "content": {"text/plain": {}}},
        "401": "UNAUTHORIZED",
        "403": "FORBIDDEN",
    },
)
@gated(lambda: _is_scraper() or admit(("admin",)))  # before the query is read: 401 comes first
def metrics():
    """Prometheus metrics: requests, latency, events published/consumed/dead-lettered, outbox backlog, lag.

    Bearer `METRICS_TOKEN` (the scraper's) or an admin token."""
    body, content_type = exposition()
    return Response(body, content_type=content_type)


def _is_scraper() -> bool:
    expected = _ctx().config.metrics_token
    scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(sent.strip(), expected)
