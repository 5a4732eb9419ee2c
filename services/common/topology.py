"""Who consumes what, read from the one source of truth: each service's worker handler table.

The catalogue says what an event is and who produces it; which services consume it is whatever their
`worker.WORKER.handlers` handle. AsyncAPI, the dead-letter topics and the stack's topic creation all ask here.
Service workers are imported on first use (never at import time: they import the kit).
"""
from __future__ import annotations

import importlib
from functools import cache

from services.common.catalogue import CATALOGUE
from services.common.config import SERVICES


def dlq_topic(topic: str, service: str) -> str:
    """Dead-letter topic of one consumer service for one event topic."""
    return f"{topic}.{service}-dlq"


@cache
def consumers() -> dict[str, tuple[str, ...]]:
    """Event type -> the services whose worker handles it, in SERVICES order."""
    handled = {service: importlib.import_module(f"services.{service}.worker").WORKER.handlers for service in SERVICES}
    return {name: tuple(s for s in SERVICES if name in handled[s]) for name in CATALOGUE}


def all_topics() -> list[str]:
    """Every event topic and the dead-letter topic of each of its consumers."""
    topics = []
    for name, services in consumers().items():
        topics += [name, *(dlq_topic(name, service) for service in services)]
    return topics
