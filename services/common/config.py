"""Configuration from environment variables, with defaults that fit the embedded stack.

Every variable a service reads is declared in ``SETTINGS``; the README's table and the compose
file are checked against it by a test.
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass

from limits import parse_many

SERVICES = ("registry", "matching", "credit", "subsidy", "notify")
PORTS = {name: 8001 + i for i, name in enumerate(SERVICES)}

ENVIRONMENTS = ("development", "production")
DEV_JWT_SECRET = "anfu-development-secret-change-me-000000"
KAFKA_PROTOCOLS = ("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL")
SASL_MECHANISMS = ("SCRAM-SHA-512", "SCRAM-SHA-256")  # PLAIN is left out: it sends the password itself

#: name -> (default, description). The single source of truth for the README table.
SETTINGS: dict[str, tuple[str, str]] = {
    "ANFU_SERVICE": ("", "which service this process is (registry, matching, credit, subsidy, notify)"),
    "ANFU_ENV": ("development", "development or production (anything else refuses to start); production refuses the development JWT secret and an unauthenticated remote Kafka"),
    "MONGODB_URI": ("mongodb://127.0.0.1:27017/?replicaSet=secantus", "MongoDB connection string (a replica set: transactions)"),
    "MONGODB_DATABASE": ("", "database name; default anfu_<service>"),
    "KAFKA_BOOTSTRAP_SERVERS": ("127.0.0.1:9092", "Kafka bootstrap servers, comma separated"),
    "KAFKA_IDEMPOTENT_PRODUCER": ("false", "turn on for a real Kafka cluster; the embedded Tansu broker needs it off"),
    "KAFKA_SESSION_TIMEOUT_MS": ("6000", "consumer group session timeout"),
    "KAFKA_CONSUMER_GROUP": ("", "consumer group; default the service name"),
    "KAFKA_AUTO_OFFSET_RESET": ("earliest", "where a new consumer group starts: earliest or latest"),
    "KAFKA_TOPIC_PARTITIONS": ("3", "partitions of each event topic when the stack creates them"),
    "KAFKA_SECURITY_PROTOCOL": ("PLAINTEXT", "PLAINTEXT (embedded stack only), SASL_PLAINTEXT, SASL_SSL, or SSL (encrypts, does not authenticate)"),
    "KAFKA_SASL_MECHANISM": ("SCRAM-SHA-512", "SASL mechanism for SASL_*: SCRAM-SHA-512 (compose) or SCRAM-SHA-256"),
    "KAFKA_SASL_USERNAME": ("", "this process's Kafka principal (compose: the service name)"),
    "KAFKA_SASL_PASSWORD": ("", "the principal's SCRAM password"),
    "KAFKA_SSL_CAFILE": ("", "CA certificate (PEM) of the broker's TLS certificate, for SSL and SASL_SSL"),
    "JWT_ALGORITHM": ("HS256", "HS256 (development, shared secret) or RS256 (production, public key)"),
    "JWT_SECRET": (DEV_JWT_SECRET, "HS256 secret; also signs development tokens"),
    "JWT_PUBLIC_KEY": ("", "RS256 public key (PEM) for production"),
    "JWT_ISSUER": ("anfu", "expected `iss` claim"),
    "OUTBOX_POLL_SECONDS": ("0.2", "how often the outbox relay looks for unsent events"),
    "OUTBOX_LEASE_SECONDS": ("15", "how long a dead worker replica holds the outbox relay lease before another takes over"),
    "SCHEDULE_SECONDS": ("60", "how often a worker runs its scheduled jobs (expiry, re-evaluation)"),
    "LOG_LEVEL": ("INFO", "logging level; logs are JSON lines"),
    "RATE_LIMIT_WRITES": ("60/minute", "writes (POST, PUT, PATCH, DELETE) per token subject, shared by every worker and replica (limits syntax: `60/minute;1000/day`)"),
    "RATE_LIMIT_PUBLIC": ("300/minute", "requests per client address to endpoints without a token (public pages, directory)"),
    "METRICS_TOKEN": ("", "bearer token Prometheus sends for the API's /metrics (an admin token works too); without a token /metrics is 401"),
    "PROMETHEUS_MULTIPROC_DIR": ("", "shared directory for prometheus-client multi-process metrics (gunicorn + worker)"),
    "WORKER_METRICS_PORT": ("0", "if set, the worker serves /metrics on this port"),
    "ANFU_EXTERNAL_SOURCES": ("/gov/", "source prefixes (comma separated) from which consumers accept external "
                                       "event types, besides the producing service"),
    "ANFU_EVENT_MAX_FUTURE_SECONDS": ("300", "consumers dead-letter an event whose time is further ahead than this"),
    "ANFU_EXPERT_ROTATION_DAYS": ("90", "matching: an expert drawn for a requester is recused from its draws for "
                                        "this many days (轮换)"),
    "SMTP_HOST": ("127.0.0.1", "notify: SMTP server for e-mail (make run starts a local sink keeping mail in .data/mail/)"),
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
    "ANFU_PUBLIC_URLS": (",".join(f"{name}=http://127.0.0.1:{port}" for name, port in PORTS.items()),
                         "public base URL of each service (name=url, comma separated): the public site's links "
                         "between services"),
}


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def env(name: str) -> str:
    """The value of a declared setting, or its default."""
    return os.environ.get(name, SETTINGS[name][0])


@dataclass(frozen=True)
class Config:
    """One service's configuration."""

    service: str
    env: str = "development"
    mongodb_uri: str = SETTINGS["MONGODB_URI"][0]
    mongodb_database: str = ""
    kafka_bootstrap_servers: str = SETTINGS["KAFKA_BOOTSTRAP_SERVERS"][0]
    kafka_idempotent_producer: bool = False
    kafka_session_timeout_ms: int = 6000
    kafka_consumer_group: str = ""
    kafka_auto_offset_reset: str = "earliest"
    kafka_topic_partitions: int = 3
    kafka_security_protocol: str = "PLAINTEXT"
    kafka_sasl_mechanism: str = "SCRAM-SHA-512"
    kafka_sasl_username: str = ""
    kafka_sasl_password: str = ""
    kafka_ssl_cafile: str = ""
    jwt_algorithm: str = "HS256"
    jwt_secret: str = DEV_JWT_SECRET
    jwt_public_key: str = ""
    jwt_issuer: str = "anfu"
    outbox_poll_seconds: float = 0.2
    outbox_lease_seconds: float = 15.0
    schedule_seconds: float = 60.0
    log_level: str = "INFO"
    rate_limit_writes: str = SETTINGS["RATE_LIMIT_WRITES"][0]
    rate_limit_public: str = SETTINGS["RATE_LIMIT_PUBLIC"][0]
    metrics_token: str = ""
    worker_metrics_port: int = 0
    external_sources: str = SETTINGS["ANFU_EXTERNAL_SOURCES"][0]
    event_max_future_seconds: float = 300.0
    expert_rotation_days: int = 90
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_sender: str = SETTINGS["SMTP_SENDER"][0]
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    sms_gateway_url: str = ""
    sms_gateway_key: str = ""
    webhook_timeout_seconds: float = 10.0
    webhook_failure_limit: int = 10
    delivery_threads: int = 8
    delivery_poll_seconds: float = 0.5
    public_urls: str = SETTINGS["ANFU_PUBLIC_URLS"][0]

    @property
    def database(self) -> str:
        return self.mongodb_database or f"anfu_{self.service}"

    @property
    def consumer_group(self) -> str:
        return self.kafka_consumer_group or self.service

    @property
    def kafka_on_loopback(self) -> bool:
        """Every bootstrap server is this machine (nothing else can reach an unauthenticated broker there)."""
        hosts = [server.rsplit(":", 1)[0].strip("[] ") for server in self.kafka_bootstrap_servers.split(",")]
        return all(host == "localhost" or _is_loopback(host) for host in hosts)

    @property
    def site_urls(self) -> dict[str, str]:
        """Public base URL of each service (no trailing slash), for links between the services' pages."""
        urls = dict(pair.strip().split("=", 1) for pair in self.public_urls.split(",") if pair.strip())
        if set(urls) - set(SERVICES) or not all(u.startswith(("http://", "https://")) for u in urls.values()):
            raise ValueError("ANFU_PUBLIC_URLS is name=http(s)://host[:port], comma separated, for known services")
        return {name: url.rstrip("/") for name, url in urls.items()}

    @property
    def source(self) -> str:
        """CloudEvents `source` of what this service produces."""
        return f"/services/{self.service}"

    @classmethod
    def from_env(cls, service: str | None = None, **overrides) -> "Config":
        service = service or env("ANFU_SERVICE")
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}; one of {SERVICES}")
        values = dict(
            service=service,
            env=env("ANFU_ENV"),
            mongodb_uri=env("MONGODB_URI"),
            mongodb_database=env("MONGODB_DATABASE"),
            kafka_bootstrap_servers=env("KAFKA_BOOTSTRAP_SERVERS"),
            kafka_idempotent_producer=env("KAFKA_IDEMPOTENT_PRODUCER").lower() in ("1", "true", "yes"),
            kafka_session_timeout_ms=int(env("KAFKA_SESSION_TIMEOUT_MS")),
            kafka_consumer_group=env("KAFKA_CONSUMER_GROUP"),
            kafka_auto_offset_reset=env("KAFKA_AUTO_OFFSET_RESET"),
            kafka_topic_partitions=int(env("KAFKA_TOPIC_PARTITIONS")),
            kafka_security_protocol=env("KAFKA_SECURITY_PROTOCOL"),
            kafka_sasl_mechanism=env("KAFKA_SASL_MECHANISM"),
            kafka_sasl_username=env("KAFKA_SASL_USERNAME"),
            kafka_sasl_password=env("KAFKA_SASL_PASSWORD"),
            kafka_ssl_cafile=env("KAFKA_SSL_CAFILE"),
            jwt_algorithm=env("JWT_ALGORITHM"),
            jwt_secret=env("JWT_SECRET"),
            jwt_public_key=env("JWT_PUBLIC_KEY"),
            jwt_issuer=env("JWT_ISSUER"),
            outbox_poll_seconds=float(env("OUTBOX_POLL_SECONDS")),
            outbox_lease_seconds=float(env("OUTBOX_LEASE_SECONDS")),
            schedule_seconds=float(env("SCHEDULE_SECONDS")),
            log_level=env("LOG_LEVEL"),
            rate_limit_writes=env("RATE_LIMIT_WRITES"),
            rate_limit_public=env("RATE_LIMIT_PUBLIC"),
            metrics_token=env("METRICS_TOKEN"),
            worker_metrics_port=int(env("WORKER_METRICS_PORT")),
            external_sources=env("ANFU_EXTERNAL_SOURCES"),
            event_max_future_seconds=float(env("ANFU_EVENT_MAX_FUTURE_SECONDS")),
            expert_rotation_days=int(env("ANFU_EXPERT_ROTATION_DAYS")),
            smtp_host=env("SMTP_HOST"),
            smtp_port=int(env("SMTP_PORT")),
            smtp_sender=env("SMTP_SENDER"),
            smtp_user=env("SMTP_USER"),
            smtp_password=env("SMTP_PASSWORD"),
            smtp_starttls=env("SMTP_STARTTLS").lower() in ("1", "true", "yes"),
            sms_gateway_url=env("SMS_GATEWAY_URL"),
            sms_gateway_key=env("SMS_GATEWAY_KEY"),
            webhook_timeout_seconds=float(env("WEBHOOK_TIMEOUT_SECONDS")),
            webhook_failure_limit=int(env("WEBHOOK_FAILURE_LIMIT")),
            delivery_threads=int(env("DELIVERY_THREADS")),
            delivery_poll_seconds=float(env("DELIVERY_POLL_SECONDS")),
            public_urls=env("ANFU_PUBLIC_URLS"),
        )
        values.update(overrides)
        config = cls(**values)
        config.check()
        return config

    def check(self) -> None:
        """Refuse an unknown environment, settings unsafe outside development, or Kafka settings that cannot work."""
        if self.env not in ENVIRONMENTS:
            raise ValueError(f"ANFU_ENV={self.env!r} is not an environment: use one of {', '.join(ENVIRONMENTS)}")
        if self.env != "development" and self.jwt_algorithm == "HS256" and self.jwt_secret == DEV_JWT_SECRET:
            raise ValueError(f"ANFU_ENV={self.env} refuses the development JWT secret: set JWT_ALGORITHM=RS256")
        if self.env == "production":
            if self.jwt_algorithm != "RS256" or not self.jwt_public_key:
                raise ValueError("production needs JWT_ALGORITHM=RS256 and JWT_PUBLIC_KEY")
            if not self.kafka_security_protocol.startswith("SASL_") and not self.kafka_on_loopback:
                raise ValueError("production needs an authenticated Kafka (KAFKA_SECURITY_PROTOCOL=SASL_SSL or "
                                 "SASL_PLAINTEXT) unless the broker is on this machine's loopback")
        self.check_kafka_security()
        for name in ("rate_limit_writes", "rate_limit_public"):
            try:
                parse_many(getattr(self, name))
            except ValueError as err:
                raise ValueError(f"{name.upper()}: {err}") from err
        self.site_urls  # noqa: B018 - refuses a malformed ANFU_PUBLIC_URLS at start

    def check_kafka_security(self) -> None:
        """A known protocol; SASL with a SCRAM mechanism and both credentials (no client certificates: use SASL_SSL)."""
        if self.kafka_security_protocol not in KAFKA_PROTOCOLS:
            raise ValueError(f"KAFKA_SECURITY_PROTOCOL must be one of {KAFKA_PROTOCOLS}")
        if self.kafka_security_protocol.startswith("SASL_"):
            if self.kafka_sasl_mechanism not in SASL_MECHANISMS:
                raise ValueError(f"KAFKA_SASL_MECHANISM must be one of {SASL_MECHANISMS}")
            if not (self.kafka_sasl_username and self.kafka_sasl_password):
                raise ValueError("SASL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD")
