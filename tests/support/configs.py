"""The config of a service under test: a database and a consumer group of its own, and the timings tests use."""

from __future__ import annotations

from services.common.config import Config
from tests.support.kafka import SESSION_TIMEOUT_MS


def service_config(service: str, mongodb_uri: str, kafka_bootstrap: str, name: str, /, **overrides) -> Config:
    """`name` (e.g. test_<tag>) makes the database `<name>_<service>` and the consumer group `<name>-<service>`:
    unique across the tests sharing the broker and the database server."""
    values = dict(
        service=service,
        mongodb_uri=mongodb_uri,
        mongodb_database=f"{name}_{service}",
        kafka_bootstrap_servers=kafka_bootstrap,
        kafka_consumer_group=f"{name}-{service}",
        kafka_session_timeout_ms=SESSION_TIMEOUT_MS,
        outbox_poll_seconds=0.05,
        schedule_seconds=3600,
    )
    return Config(**{**values, **overrides})
