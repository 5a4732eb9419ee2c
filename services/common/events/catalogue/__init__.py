"""The event catalogue: every event type Anfu knows, with its data schema and version.

One module per producing domain declares its ``EVENT_TYPES``; this package joins them.
``docs/asyncapi.yaml`` is generated from here (``python -m services.platform.asyncapi``).
"""

from __future__ import annotations

from services.common.events.envelope import EventType

from . import credit, due_process, experts, matching, notify, practitioners, registry, subsidy

CATALOGUE: dict[str, EventType] = {
    t.name: t
    for module in (registry, practitioners, matching, experts, credit, due_process, subsidy, notify)
    for t in module.EVENT_TYPES
}


def event_type(name: str) -> EventType:
    """The catalogue entry for an event type name (KeyError if unknown)."""
    return CATALOGUE[name]
