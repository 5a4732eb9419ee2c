"""Consumed events: the registry consumes none (it is the source of the records others project)."""

from __future__ import annotations

HANDLERS: dict = {}
