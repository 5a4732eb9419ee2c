"""Prometheus metrics of the kit. With PROMETHEUS_MULTIPROC_DIR set, gunicorn workers and the service's
worker process share one directory and /metrics aggregates them."""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

HTTP_REQUESTS = Counter("anfu_http_requests_total", "HTTP requests", ["service", "method", "endpoint", "status"])
HTTP_LATENCY = Histogram("anfu_http_request_seconds", "HTTP request latency", ["service", "method", "endpoint"])
EVENTS_PUBLISHED = Counter("anfu_events_published_total", "Events the outbox relay published", ["service", "type"])
EVENTS_CONSUMED = Counter(
    "anfu_events_consumed_total", "Events consumed, by outcome (handled, duplicate)", ["service", "type", "outcome"]
)
EVENTS_DEAD_LETTERED = Counter(
    "anfu_events_dead_lettered_total", "Messages sent to a dead-letter topic", ["service", "topic"]
)
OUTBOX_BACKLOG = Gauge(
    "anfu_outbox_backlog", "Events in the outbox not yet published", ["service"], multiprocess_mode="livemax"
)
CONSUMER_LAG = Gauge(
    "anfu_consumer_lag",
    "Messages behind the partition's high watermark",
    ["service", "topic", "partition"],
    multiprocess_mode="livemax",
)


def exposition() -> tuple[bytes, str]:
    """The metrics page: aggregated across processes when multi-process mode is on."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
