"""The Flask app factory every service uses: flask-smorest API, problem errors, auth, limits, health, metrics, logs.

    def create_app(config=None):
        return create_service_app("registry", [agencies.blp, ...], config=config, title="Registry")

OpenAPI at /openapi.json, Swagger UI at /docs, /health/live, /health/ready, /metrics (`health.py`), and the
operators' /admin/dead-letters (admin only) of every service. Before a view runs, in this order: the caller of
a protected endpoint is authenticated (`auth.authenticate_first`), the process's indexes exist (its first request
makes them: `_once_per_process`), the rate limits count (`ratelimits.py`), the JSON body is checked (`inputs.py`);
only then webargs parses and validates.
"""

from __future__ import annotations

import inspect
import logging
import os
import threading
import time
import uuid
from pathlib import Path

import orjson
from flask import Flask, Response, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Blueprint
from pymongo.errors import PyMongoError
from werkzeug.routing import BaseConverter

from services.common import logs, schemas
from services.common.config import Config
from services.common.errors import (
    DomainError,
)
from services.common.metrics import HTTP_LATENCY, HTTP_REQUESTS
from services.common.storage.context import ServiceContext
from services.common.web import deadletters as dead_letters
from services.common.web import inputs, ratelimits
from services.common.web.auth import authenticate_first
from services.common.web.health import health
from services.common.web.problems import ProblemApi, ProblemDocs, database_error, domain_error
from services.common.web.proxies import TrustedProxies

SITE_LOOK = Path(__file__).resolve().parents[1] / "site"  # templates and static files of the public site
log = logging.getLogger(__name__)


class MonthConverter(BaseConverter):
    """`<month:month>`: a calendar month, documented as YYYY-MM; any segment routes (the view answers 422)."""

    SCHEMA = {"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$"}


class RecordIdConverter(BaseConverter):
    """`<record:x>`: the id of a record a service made (`<prefix>-<16 hex>`, e.g. sa-1f0c…), so that a fixed sibling
    path (`/applications/quote`) is never taken for an id, and `Allow` names only what the path serves."""

    regex = r"[a-z]{1,8}-[0-9a-f]{16}"
    SCHEMA = {"type": "string", "pattern": r"^[a-z]{1,8}-[0-9a-f]{16}$"}


class ServiceFlask(Flask):
    """Flask, remembering which hooks and views are plain functions (it asks `inspect` about each hook and the
    view again on every request)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plain: dict = {}

    def ensure_sync(self, func):
        key = getattr(func, "__func__", func)  # a MethodView's method is bound anew for each request
        if key not in self._plain:
            self._plain[key] = not inspect.iscoroutinefunction(func)
        return func if self._plain[key] else self.async_to_sync(func)


class FastJSON(DefaultJSONProvider):
    """Flask's JSON provider, its responses written by orjson: the same JSON (UTF-8, keys in the order given,
    dates and anything else orjson does not write itself through Flask's `default`), several times faster."""

    OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

    def response(self, *args, **kwargs) -> Response:
        body = orjson.dumps(self._prepare_response_obj(args, kwargs), default=self.default, option=self.OPTIONS)
        return self._app.response_class(body, mimetype="application/json")


def ctx() -> ServiceContext:
    """The current service's context (config, db, producer)."""
    return current_app.extensions["anfu"]


def _before():
    g.started = time.perf_counter()
    g.request_id = request.headers.get("X-Request-ID") or str(uuid.uuid4())
    g.log_token = logs.request_id.set(g.request_id)
    g.day_token = schemas.RECEIVED_ON.set(ctx().clock.today())  # fact days in the request: never after it
    authenticate_first()


def _after(response: Response):
    endpoint = request.url_rule.rule if request.url_rule else "unmatched"
    elapsed = time.perf_counter() - g.get("started", time.perf_counter())
    name = ctx().name
    HTTP_REQUESTS.labels(name, request.method, endpoint, response.status_code).inc()
    HTTP_LATENCY.labels(name, request.method, endpoint).observe(elapsed)
    response.headers["X-Request-ID"] = g.get("request_id", "")
    if not endpoint.startswith(("/health", "/metrics")):
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={"status": response.status_code, "ms": round(elapsed * 1000, 1)},
        )
    return response


def _teardown(_exc):
    token = g.pop("log_token", None)
    if token is not None:
        logs.request_id.reset(token)
    day = g.pop("day_token", None)
    if day is not None:
        schemas.RECEIVED_ON.reset(day)


def create_service_app(
    service: str,
    blueprints: list[Blueprint],
    config: Config | None = None,
    title: str | None = None,
    description: str = "",
    setup=None,
) -> Flask:
    """Build a service's Flask app; `setup(ctx)` may create indexes (run with the kit's at the first request of each
    process, before anything that process writes)."""
    config = config or Config.from_env(service)  # from_env refuses unsafe settings; a given config is the caller's
    logs.setup(config.service, config.log_level)
    look = SITE_LOOK  # the public site's shared look (common/site): /static/site.css, site/*.html
    app = ServiceFlask(
        f"services.{service}",
        static_folder=look / "static",
        static_url_path="/static",
        template_folder=look / "templates",
    )
    app.config.update(
        API_TITLE=title or f"Anfu {service}",
        API_VERSION="1.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/docs/static/",  # served from the swagger-ui-bundle wheel: works offline
        API_SPEC_OPTIONS={"info": {"description": description}},
        MAX_CONTENT_LENGTH=1024 * 1024,
    )  # request bodies over 1 MiB get 413
    app.wsgi_app = TrustedProxies(app.wsgi_app, config.proxy_networks)  # the visitor behind the front door
    app.json = FastJSON(app)  # `app.json.dumps` (used outside responses) writes as responses do:
    app.json.ensure_ascii, app.json.sort_keys = False, False  # UTF-8, keys in the order given
    service_ctx = ServiceContext(config)
    app.extensions["anfu"] = service_ctx
    api = ProblemApi(app, spec_kwargs={"extra_plugins": [ProblemDocs()]})
    for name, converter in (("month", MonthConverter), ("record", RecordIdConverter)):
        app.url_map.converters[name] = converter
        api.register_converter(converter, lambda c: c.SCHEMA)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    api.register_blueprint(health)
    api.register_blueprint(dead_letters.blp)
    for blp in blueprints:
        api.register_blueprint(blp)
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(PyMongoError, database_error)
    for error in inputs.UNPROCESSABLE:
        app.register_error_handler(error, inputs.unprocessable)
    app.before_request(_before)  # then the caller is authenticated
    app.before_request(_once_per_process(setup, service_ctx))  # the indexes, before anything counts or writes
    ratelimits.install(app, service_ctx)
    app.before_request(inputs.check)
    app.after_request(_after)
    app.teardown_request(_teardown)
    return app


NO_SETUP_ENDPOINTS = ("api-docs.", "health.")  # docs and health answer without the database


def _once_per_process(setup, service_ctx: ServiceContext):
    """Make the kit's indexes and run `setup(ctx)` (the service's) at the first request of each process, before the
    rate limits count and before any view: one thread does it, the process's other first requests wait for it.

    Never at import, and never lazily at a first use elsewhere: on SecantusDB an index made on a collection that
    another connection is writing for the first time wedges the server for good (docs/secantusdb-wedge.md), so a
    process makes all of its indexes before it writes anything (the worker's `start` does the same)."""
    done, lock = {}, threading.Lock()

    def hook():
        if done.get(os.getpid()) or (request.endpoint or "").startswith(NO_SETUP_ENDPOINTS):
            return
        with lock:
            if not done.get(os.getpid()):
                service_ctx.mongo.ensure_kit_indexes()
                if setup:
                    setup(service_ctx)
                done[os.getpid()] = True

    return hook
