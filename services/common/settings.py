"""What can be set: the services and their ports, and every environment variable a process reads, with its default
and meaning (``SETTINGS``: the README's table and the compose file are checked against it by a test)."""

from __future__ import annotations

import os

SERVICES = ("registry", "matching", "credit", "subsidy", "notify")
PORTS = {name: 8001 + i for i, name in enumerate(SERVICES)}
FRONT_DOOR_PORT = 8000  # the reverse proxy (Caddy): home page, public pages and every API on one address

DEV_JWT_SECRET = "anfu-development-secret-change-me-000000"

#: name -> (default, description). The single source of truth for the README table.
SETTINGS: dict[str, tuple[str, str]] = {
    "ANFU_SERVICE": ("", "which service this process is (registry, matching, credit, subsidy, notify)"),
    "ANFU_ENV": (
        "development",
        "development or production (anything else refuses to start); production refuses the development JWT secret"
        " and an unauthenticated remote Kafka",
    ),
    "MONGODB_URI": (
        "mongodb://127.0.0.1:27017/?replicaSet=secantus",
        "MongoDB connection string (a replica set: transactions)",
    ),
    "MONGODB_DATABASE": ("", "database name; default anfu_<service>"),
    "KAFKA_BOOTSTRAP_SERVERS": ("127.0.0.1:9092", "Kafka bootstrap servers, comma separated"),
    "KAFKA_IDEMPOTENT_PRODUCER": ("false", "turn on for a real Kafka cluster; the embedded Tansu broker needs it off"),
    "KAFKA_SESSION_TIMEOUT_MS": ("6000", "consumer group session timeout"),
    "KAFKA_CONSUMER_GROUP": ("", "consumer group; default the service name"),
    "KAFKA_AUTO_OFFSET_RESET": ("earliest", "where a new consumer group starts: earliest or latest"),
    "KAFKA_TOPIC_PARTITIONS": ("3", "partitions of each event topic when the stack creates them"),
    "KAFKA_SECURITY_PROTOCOL": (
        "PLAINTEXT",
        "PLAINTEXT (embedded stack only), SASL_PLAINTEXT, SASL_SSL, or SSL (encrypts, does not authenticate)",
    ),
    "KAFKA_SASL_MECHANISM": ("SCRAM-SHA-512", "SASL mechanism for SASL_*: SCRAM-SHA-512 (compose) or SCRAM-SHA-256"),
    "KAFKA_SASL_USERNAME": ("", "this process's Kafka principal (compose: the service name)"),
    "KAFKA_SASL_PASSWORD": ("", "the principal's SCRAM password"),
    "KAFKA_SSL_CAFILE": ("", "CA certificate (PEM) of the broker's TLS certificate, for SSL and SASL_SSL"),
    "JWT_ALGORITHM": ("HS256", "HS256 (development, shared secret) or RS256 (production, public key)"),
    "JWT_SECRET": (DEV_JWT_SECRET, "HS256 secret; also signs development tokens"),
    "JWT_PUBLIC_KEY": ("", "RS256 public key (PEM) for production"),
    "JWT_ISSUER": ("anfu", "expected `iss` claim"),
    "OUTBOX_POLL_SECONDS": ("0.2", "how often the outbox relay looks for unsent events"),
    "OUTBOX_LEASE_SECONDS": (
        "15",
        "how long a dead worker replica holds the outbox relay lease before another takes over",
    ),
    "SCHEDULE_SECONDS": ("60", "how often a worker runs its scheduled jobs (expiry, re-evaluation)"),
    "LOG_LEVEL": ("INFO", "logging level; logs are JSON lines"),
    "RATE_LIMIT_WRITES": (
        "60/minute",
        "writes (POST, PUT, PATCH, DELETE) per token subject, shared by every worker and replica"
        " (limits syntax: `60/minute;1000/day`)",
    ),
    "RATE_LIMIT_BULK": (
        "6000/minute",
        "writes per token subject of a bulk credential (a token with `bulk: true`: an import, the demo city)",
    ),
    "RATE_LIMIT_PUBLIC": (
        "300/minute",
        "requests per client address to endpoints without a token (public pages, directory)",
    ),
    "ANFU_TRUSTED_PROXIES": (
        "127.0.0.1,::1",
        "addresses or networks of the reverse proxies (the front door) whose X-Forwarded-For names the client: rate"
        " limits count that client; any other caller's header is not believed (empty: none)",
    ),
    "METRICS_TOKEN": (
        "",
        "bearer token Prometheus sends for the API's /metrics (an admin token works too);"
        " without a token /metrics is 401",
    ),
    "PROMETHEUS_MULTIPROC_DIR": (
        "",
        "shared directory for prometheus-client multi-process metrics (gunicorn + worker)",
    ),
    "WORKER_METRICS_PORT": ("0", "if set, the worker serves /metrics on this port"),
    "ANFU_EXTERNAL_SOURCES": (
        "/gov/",
        "source prefixes (comma separated) from which consumers accept external "
        "event types, besides the producing service",
    ),
    "ANFU_EVENT_MAX_FUTURE_SECONDS": ("300", "consumers dead-letter an event whose time is further ahead than this"),
    "ANFU_EXPERT_ROTATION_DAYS": (
        "90",
        "matching: an expert drawn for a requester is recused from its draws for this many days (轮换)",
    ),
    "SMTP_HOST": (
        "127.0.0.1",
        "notify: SMTP server for e-mail (make run starts a local sink keeping mail in .data/mail/)",
    ),
    "SMTP_PORT": ("8025", "notify: SMTP port"),
    "SMTP_SENDER": ("安服平台 <notify@anfu.local>", "notify: From address of e-mail"),
    "SMTP_USER": ("", "notify: SMTP login (empty: none)"),
    "SMTP_PASSWORD": ("", "notify: SMTP password"),
    "SMTP_STARTTLS": ("false", "notify: upgrade the SMTP connection with STARTTLS"),
    "SMS_GATEWAY_URL": ("", "notify: HTTP endpoint of the SMS gateway (empty: SMS off)"),
    "SMS_GATEWAY_KEY": ("", "notify: bearer key of the SMS gateway"),
    "WEBHOOK_TIMEOUT_SECONDS": ("10", "notify: connect/read timeout of one webhook, e-mail or SMS attempt"),
    "WEBHOOK_FAILURE_LIMIT": ("10", "notify: consecutive failed attempts that disable a webhook (its owner is told)"),
    "DELIVERY_THREADS": ("8", "notify: deliveries sent at once by one worker (at most 2 per receiver)"),
    "DELIVERY_POLL_SECONDS": ("0.5", "notify: how often the dispatcher looks for due deliveries"),
    "ANFU_STACK_DATA": (".data", "make run: folder (in the repository unless absolute) of MongoDB's data, logs, mail"),
    "ANFU_STACK_KAFKA_PORT": ("9092", "make run: port of the embedded Kafka broker (Tansu)"),
    "ANFU_STACK_MONGODB_PORT": ("27017", "make run: port of the embedded MongoDB (SecantusDB)"),
    "ANFU_STACK_SMTP_PORT": ("8025", "make run: port of the local SMTP sink (notify is given it as SMTP_PORT)"),
    "ANFU_STACK_FRONT_DOOR_PORT": (
        str(FRONT_DOOR_PORT),
        "make run: port of the front door (Caddy), where every link goes",
    ),
    "ANFU_STACK_API_PORT": ("8001", "make run: registry's API port; matching, credit, subsidy, notify take the next 4"),
    "ANFU_STACK_PROBE_SECONDS": ("5", "make run: how often it asks its database and broker whether they answer"),
    "ANFU_STACK_UNRESPONSIVE_SECONDS": (
        "30",
        "make run: a database or broker that has not answered for this long is restarted on the same data (logged"
        " loudly); one that exits is restarted at once",
    ),
    "ANFU_PUBLIC_URLS": (
        ",".join(f"{name}=http://127.0.0.1:{port}" for name, port in {"home": FRONT_DOOR_PORT, **PORTS}.items()),
        "public base URL of the home page (home=url) and of each service (name=url), comma separated: the public "
        "site's links (make run: every one the front door)",
    ),
}


def env(name: str) -> str:
    """The value of a declared setting, or its default."""
    return os.environ.get(name, SETTINGS[name][0])
