"""Who consumes what, read from the one source of truth: each service's worker handler table.

The catalogue says what an event is and who produces it; which services consume it is whatever their
`worker.WORKER.handlers` handle. AsyncAPI, the dead-letter topics and the stack's topic creation all ask here.
Service workers are imported on first use (never at import time: they import the kit).
"""

from __future__ import annotations

import importlib
import sys
from functools import cache
from pathlib import Path

from services.common.events.bus import dlq_topic
from services.common.events.catalogue import CATALOGUE
from services.common.settings import PORTS, SERVICES

README = Path(__file__).resolve().parents[2] / "README.md"
DIAGRAM_START, DIAGRAM_END = "<!-- events-diagram -->", "<!-- /events-diagram -->"


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


def diagram() -> str:
    """The README's mermaid flowchart of who sends what to whom, drawn from the catalogue and the workers."""
    edges: dict[tuple[str, str], list[str]] = {}
    for name, services in consumers().items():
        event_type = CATALOGUE[name]
        senders = [*event_type.producers] + (["gov"] if event_type.external else [])
        for sender in senders:
            for service in services:
                if service != sender:
                    edges.setdefault((sender, service), []).append(name)
    nodes = ['    gov["government systems<br/>(执法系统 etc.)"]'] + [f'    {s}["{s} :{PORTS[s]}"]' for s in SERVICES]
    arrows = [f'    {a} -->|"{" / ".join(names)}"| {b}' for (a, b), names in sorted(edges.items())]
    return "\n".join(["```mermaid", "flowchart LR", *nodes, "", *arrows, "```"])


def _readme_with_diagram(text: str) -> str:
    head, rest = text.split(DIAGRAM_START, 1)
    _, tail = rest.split(DIAGRAM_END, 1)
    return f"{head}{DIAGRAM_START}\n{diagram()}\n{DIAGRAM_END}{tail}"


def main(argv: list[str]) -> int:
    """`python -m services.platform.topology --write|--check`: the README diagram (make asyncapi writes it)."""
    current = README.read_text(encoding="utf-8")
    wanted = _readme_with_diagram(current)
    if argv[:1] == ["--write"]:
        README.write_text(wanted, encoding="utf-8")
    elif current != wanted:
        print("README.md's event diagram is out of date: run `make asyncapi`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
