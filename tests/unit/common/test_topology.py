"""Who consumes what has one source (the workers' handler tables); AsyncAPI and the dead-letter topics follow it."""

from __future__ import annotations

import importlib

import pytest

from services.common.events.catalogue import CATALOGUE
from services.common.messaging.worker import Worker
from services.common.settings import SERVICES
from services.platform import topology
from services.platform.asyncapi import document
from services.platform.topology import all_topics, consumers, dlq_topic


def _handled(service: str) -> set[str]:
    return set(importlib.import_module(f"services.{service}.worker").WORKER.handlers)


@pytest.mark.parametrize("service", SERVICES)
def test_every_handled_event_names_its_consumer_and_nothing_else_does(service):
    named = {name for name, found in consumers().items() if service in found}
    assert named == _handled(service)


def test_asyncapi_lists_exactly_the_real_receivers():
    doc = document()
    for name in CATALOGUE:
        assert doc["components"]["messages"][name]["x-consumers"] == list(consumers()[name])
        receivers = {
            op.split("-receives-")[0]
            for op, spec in doc["operations"].items()
            if spec["action"] == "receive" and op.endswith(f"-receives-{name}")
        }
        assert receivers == set(consumers()[name])


def test_dead_letter_topics_exist_only_for_real_consumers():
    dead = {t for t in all_topics() if t.endswith("-dlq")}
    expected = {dlq_topic(name, s) for name, found in consumers().items() for s in found}
    assert dead == expected
    assert "expert-registered.credit-dlq" not in dead  # credit never handled expert events


def test_a_worker_cannot_handle_an_event_type_the_catalogue_does_not_know():
    with pytest.raises(ValueError, match="catalogue does not know"):
        Worker("credit", handlers={"no-such-event": []})


def test_the_readme_diagram_is_drawn_from_the_workers():
    assert topology.main([]) == 0, "run `make asyncapi`"
    for line in topology.diagram().splitlines():
        if "-->" in line:
            receiver = line.rsplit("| ", 1)[1]
            events = line.split('|"', 1)[1].split('"|', 1)[0].split(" / ")
            assert set(events) <= _handled(receiver), line
