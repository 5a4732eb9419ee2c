"""One service's configuration, read from the environment variables declared in ``settings.SETTINGS``, with
defaults that fit the embedded stack; settings unsafe outside development are refused at start."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from limits import parse_many

from services.common.settings import DEV_JWT_SECRET, SERVICES, SETTINGS, env

ENVIRONMENTS = ("development", "production")
KAFKA_PROTOCOLS = ("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL")
SASL_MECHANISMS = ("SCRAM-SHA-512", "SCRAM-SHA-256")  # PLAIN is left out: it sends the password itself


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    rate_limit_bulk: str = SETTINGS["RATE_LIMIT_BULK"][0]
    metrics_token: str = ""
    trusted_proxies: str = SETTINGS["ANFU_TRUSTED_PROXIES"][0]
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
        if set(urls) - {"home", *SERVICES} or not all(u.startswith(("http://", "https://")) for u in urls.values()):
            raise ValueError(
                "ANFU_PUBLIC_URLS is name=http(s)://host[:port], comma separated, for home and known services"
            )
        return {name: url.rstrip("/") for name, url in urls.items()}

    @property
    def proxy_networks(self) -> tuple:
        """The networks of ANFU_TRUSTED_PROXIES (ValueError names a malformed one)."""
        try:
            return tuple(
                ipaddress.ip_network(n.strip(), strict=False) for n in self.trusted_proxies.split(",") if n.strip()
            )
        except ValueError as err:
            raise ValueError(f"ANFU_TRUSTED_PROXIES: {err}") from err

    @property
    def source(self) -> str:
        """CloudEvents `source` of what this service produces."""
        return f"/services/{self.service}"

    @classmethod
    def from_env(cls, service: str | None = None, **overrides) -> Config:
        service = service or env("ANFU_SERVICE")
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}; one of {SERVICES}")
        values = {field: _typed(field, env(name)) for name, field in _FIELDS.items()}
        values.update(service=service, **overrides)
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
                raise ValueError(
                    "production needs an authenticated Kafka (KAFKA_SECURITY_PROTOCOL=SASL_SSL or "
                    "SASL_PLAINTEXT) unless the broker is on this machine's loopback"
                )
        self.check_kafka_security()
        for name in ("rate_limit_writes", "rate_limit_public", "rate_limit_bulk"):
            try:
                parse_many(getattr(self, name))
            except ValueError as err:
                raise ValueError(f"{name.upper()}: {err}") from err
        self.site_urls  # noqa: B018 - refuses a malformed ANFU_PUBLIC_URLS at start
        self.proxy_networks  # noqa: B018 - and a malformed ANFU_TRUSTED_PROXIES

    def check_kafka_security(self) -> None:
        """A known protocol; SASL with a SCRAM mechanism and both credentials (no client certificates: use SASL_SSL)."""
        if self.kafka_security_protocol not in KAFKA_PROTOCOLS:
            raise ValueError(f"KAFKA_SECURITY_PROTOCOL must be one of {KAFKA_PROTOCOLS}")
        if self.kafka_security_protocol.startswith("SASL_"):
            if self.kafka_sasl_mechanism not in SASL_MECHANISMS:
                raise ValueError(f"KAFKA_SASL_MECHANISM must be one of {SASL_MECHANISMS}")
            if not (self.kafka_sasl_username and self.kafka_sasl_password):
                raise ValueError("SASL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD")


#: setting name -> Config field: the name in lower case without the `ANFU_` prefix (settings with no field are read
#: by others: PROMETHEUS_MULTIPROC_DIR by prometheus-client)
_FIELDS = {
    name: name.lower().removeprefix("anfu_")
    for name in SETTINGS
    if name != "ANFU_SERVICE" and name.lower().removeprefix("anfu_") in Config.__dataclass_fields__
}
_PARSERS = {"bool": lambda text: text.lower() in ("1", "true", "yes"), "int": int, "float": float, "str": str}


def _typed(field: str, text: str):
    """A setting's text as the type of its Config field."""
    return _PARSERS[Config.__dataclass_fields__[field].type](text)
