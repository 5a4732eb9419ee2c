"""Optimistic concurrency is documented on every PATCH and PUT of every service (an optional If-Match, its 412,
the ETag of the answer), and If-Match names versions of the Store."""

from __future__ import annotations

import importlib

import pytest
from flask import Flask

from services.common.config import Config
from services.common.settings import SERVICES
from services.common.web.etag import if_match

CONFIG = Config(service="registry", mongodb_uri="mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=100")


def _spec(service: str) -> dict:
    app = importlib.import_module(f"services.{service}.app").create_app(CONFIG)
    with app.app_context():
        return app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()


SPECS = {service: _spec(service) for service in SERVICES}
WRITES = [
    (service, path, method)
    for service, spec in SPECS.items()
    for path, operations in spec["paths"].items()
    for method in operations
    if method in ("patch", "put")
]


def test_the_stored_resources_written_whole_or_in_part():
    assert sorted((s, p) for s, p, _ in WRITES) == [
        ("notify", "/notify/preferences"),
        ("registry", "/enterprises/{enterprise_id}"),
        ("registry", "/experts/{expert_id}"),
        ("registry", "/providers/{provider_id}"),
        ("subsidy", "/programmes/{programme_id}"),
    ]


@pytest.mark.parametrize("service, path, method", WRITES)
def test_every_patch_and_put_documents_an_optional_if_match_its_412_and_the_etag(service, path, method):
    operations = SPECS[service]["paths"][path]
    write = operations[method]
    [header] = [p for p in write["parameters"] if p.get("in") == "header"]
    assert (header["name"], header["required"]) == ("If-Match", False)
    assert write["responses"]["412"] == {"$ref": "#/components/responses/PRECONDITION_FAILED"}
    assert "ETag" in write["responses"]["200"]["headers"]
    assert "ETag" in operations["get"]["responses"]["200"]["headers"]  # where a client reads the tag


@pytest.mark.parametrize(
    "header, versions",
    [
        (None, None),
        ("*", None),
        ('"3"', {3}),
        ('"3", "4"', {3, 4}),
        ('W/"3"', set()),  # a weak tag never matches (If-Match compares strongly)
        ('"abc"', set()),
        ('"99999999999999999999"', set()),
        ('"²"', set()),  # a digit to str.isdigit, no number to int()
        ('"١٢"', set()),
        ('""', set()),  # werkzeug parses an empty tag as None
    ],
)
def test_if_match_names_store_versions(header, versions):
    with Flask(__name__).test_request_context(headers={"If-Match": header} if header else {}):
        found = if_match()
    assert found == (None if versions is None else frozenset(versions))
