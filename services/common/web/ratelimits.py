"""Rate limits (Flask-Limiter), counted in MongoDB so that every gunicorn worker and replica shares them.

- writes (POST, PUT, PATCH, DELETE) to endpoints that need a token: per token subject, `RATE_LIMIT_WRITES`
  (a bulk credential's, a token with `bulk: true`: `RATE_LIMIT_BULK`);
- endpoints without a token (public pages, the directory): per client address, `RATE_LIMIT_PUBLIC`;
- health, metrics and the API documents are not limited, nor reads with a token.

Each limit is one bucket across all the endpoints it covers: fixed windows counted by `limits`' MongoDB storage
in the service's database (collection `rate_limits`, expired by a TTL index the kit's set-up makes,
`Mongo.ensure_kit_indexes`), through the process's own client (`SharedMongoStorage`, storage URI `anfu-mongodb://`).
Over the limit: 429 problem JSON with `Retry-After` seconds. It runs after authentication (the subject is known) and
the set-up (the indexes), before the body is read.
"""

from __future__ import annotations

import functools
import math
import time

from flask import Flask, g, request
from flask_limiter import ApplicationLimit, Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits.storage import MongoDBStorage

from services.common.errors import problem
from services.common.storage.context import ServiceContext
from services.common.storage.store import RATE_LIMITS

WRITES = ("POST", "PUT", "PATCH", "DELETE")
UNLIMITED = ("/health", "/metrics", "/docs", "/openapi.json", "/static")
COUNTERS = RATE_LIMITS


def limited_as() -> str | None:
    """Which limit the current request counts against: "writes", "bulk", "public" or None."""
    if request.endpoint is None or request.path.startswith(UNLIMITED):
        return None
    if "principal" in g:  # authenticated by auth.authenticate_first: a protected endpoint
        if request.method not in WRITES:
            return None
        return "bulk" if g.principal.bulk else "writes"
    return "public"


def _subject() -> str:
    return f"subject:{g.principal.subject}"


def _address() -> str:
    return f"address:{get_remote_address()}"


class SharedMongoStorage(MongoDBStorage):
    """`limits`' MongoDB storage on the service's per-process client (`mongo.Mongo`), which it never closes.

    It makes no index: the base class creates the counters' TTL indexes at its first use, while other request
    threads (and other processes) already count, and an index made on a collection another connection is writing
    for the first time wedges SecantusDB for good (docs/secantusdb-wedge.md). The kit's set-up makes them
    (`Mongo.ensure_kit_indexes`), before the process's first request counts."""

    STORAGE_SCHEME = ["anfu-mongodb"]

    def __init__(self, uri: str, mongo, **options):
        self.mongo = mongo
        super().__init__(
            uri,
            database_name=mongo.database,
            counter_collection_name=COUNTERS,
            window_collection_name=f"{COUNTERS}_windows",
            **options,
        )

    @property
    def storage(self):
        return self.mongo.client

    def _init_mongo_client(self, uri, **options):  # abstract in the base class; `storage` above answers first
        return self.mongo.client

    def __del__(self) -> None:
        """The client is the service's (the base class would open one here to close it)."""


def install(app: Flask, service_ctx: ServiceContext) -> Limiter:
    """Limit `app` as configured; call after the authentication hook and before the body checks."""
    config = service_ctx.config
    limiter = Limiter(
        key_func=get_remote_address,
        application_limits=[
            ApplicationLimit(
                config.rate_limit_writes,
                key_function=_subject,
                scope="writes",
                exempt_when=lambda: limited_as() != "writes",
            ),
            ApplicationLimit(
                config.rate_limit_bulk,
                key_function=_subject,
                scope="bulk",
                exempt_when=lambda: limited_as() != "bulk",
            ),
            ApplicationLimit(
                config.rate_limit_public,
                key_function=_address,
                scope="public",
                exempt_when=lambda: limited_as() != "public",
            ),
        ],
        storage_uri="anfu-mongodb://",
        storage_options={"mongo": service_ctx.mongo},
        strategy="fixed-window",
        swallow_errors=True,  # the database down: serve (the request itself will say 503) rather than fail here
    )
    limiter.init_app(app)
    _only_when_limited(app, limiter)

    def too_many(err: RateLimitExceeded):
        current = limiter.current_limit
        retry = max(1, math.ceil(current.window.reset_time - time.time())) if current else 60
        body, status, headers = problem(429, f"rate limit exceeded: {err.description}; retry in {retry} s")
        return body, status, {**headers, "Retry-After": str(retry)}

    app.register_error_handler(RateLimitExceeded, too_many)
    return limiter


def _only_when_limited(app: Flask, limiter: Limiter) -> None:
    """Run the limiter's request hooks (each in its place) only for a request a limit applies to: its check works
    out the endpoint's limits before it would ask a request filter, and its other hooks make a context for it,
    costs every read paid."""
    before, after, teardown = (
        hooks[None] for hooks in (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs)
    )
    check = before[before.index(limiter._check_request_limit)]
    inject = next(f for f in after if isinstance(f, functools.partial) and f.args == (limiter,))
    release = next(f for f in teardown if getattr(f, "__self__", None) is limiter)

    def check_if_limited():
        g.limited = limited_as() is not None
        return check() if g.limited else None

    before[before.index(check)] = check_if_limited
    after[after.index(inject)] = lambda response: inject(response) if g.get("limited") else response
    teardown[teardown.index(release)] = lambda exc: release(exc) if g.get("limited") else None
