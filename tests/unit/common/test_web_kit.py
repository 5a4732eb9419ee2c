"""The kit's Flask: responses written by orjson (`web.FastJSON`) are the JSON Flask's own provider writes;
`ServiceFlask` still tells a coroutine view from a plain one."""

from __future__ import annotations

import dataclasses
import decimal
import ipaddress
import json
import uuid
from datetime import UTC, date, datetime
from enum import StrEnum

import pytest
from flask import Flask
from flask.json.provider import DefaultJSONProvider

from services.common.config import Config
from services.common.web.app import FastJSON, ServiceFlask


class Kind(StrEnum):
    AGENCY = "agency"


@dataclasses.dataclass
class Staff:
    count: int
    since: date


VALUES = [
    {"name": "嘉兴安泰安全技术有限公司", "z": 1, "a": [1, 2.5, None, True], "nested": {"b": "—", "a": ""}},
    {"day": date(2026, 11, 29), "at": datetime(2026, 11, 29, 2, 3, 4, tzinfo=UTC)},
    {"fen": decimal.Decimal("12.30"), "id": uuid.UUID("12345678-1234-5678-1234-567812345678"), "kind": Kind.AGENCY},
    {"staff": Staff(20, date(2025, 1, 1)), 404: "NOT_FOUND", "tuple": (1, "二")},
    [{"emoji": "🙂", "escape": '"\\\n\t'}],
]


@pytest.mark.parametrize("value", VALUES)
def test_a_response_is_the_json_flasks_provider_writes(value):
    fast, plain = Flask("fast"), Flask("plain")
    fast.json, plain.json = FastJSON(fast), DefaultJSONProvider(plain)
    plain.json.ensure_ascii, plain.json.sort_keys = False, False
    ours, flasks = fast.json.response(value), plain.json.response(value)
    assert ours.mimetype == flasks.mimetype == "application/json"
    assert json.loads(ours.get_data()) == json.loads(flasks.get_data())
    assert list(json.loads(ours.get_data())) == list(json.loads(flasks.get_data()))  # keys in the order given


def test_a_value_neither_writes_is_refused():
    with pytest.raises(TypeError):
        FastJSON(Flask("fast")).response({"set": {1, 2}})


class View:
    def get(self):
        return "plain"

    async def post(self):
        return "coroutine"


def test_plain_functions_are_called_as_they_are_and_a_coroutine_is_not():
    app = ServiceFlask("kit")
    for _ in range(2):  # the second time from what it remembers; a method is bound anew each time
        plain = View().get
        assert app.ensure_sync(plain) is plain
        coroutine = View().post
        try:
            wrapped = app.ensure_sync(coroutine)
        except RuntimeError:  # Flask runs a coroutine only with its "async" extra installed
            wrapped = None
        assert wrapped is not coroutine


def test_only_a_trusted_proxy_names_the_client_and_the_prefix():
    from werkzeug.test import Client
    from werkzeug.wrappers import Request, Response

    from services.common.web.proxies import TrustedProxies

    @Request.application
    def who(request):
        return Response(f"{request.remote_addr} {request.script_root}")

    client = Client(TrustedProxies(who, Config(service="credit", trusted_proxies="10.0.0.0/8").proxy_networks))
    forwarded = {"X-Forwarded-For": "203.0.113.9, 198.51.100.4", "X-Forwarded-Prefix": "/api/credit"}
    assert client.get("/", headers=forwarded, environ_base={"REMOTE_ADDR": "10.1.2.3"}).get_data(as_text=True) == (
        "198.51.100.4 /api/credit"  # the address the proxy itself appended
    )
    assert client.get("/", headers=forwarded, environ_base={"REMOTE_ADDR": "192.0.2.1"}).get_data(as_text=True) == (
        "192.0.2.1 "  # anyone else's headers are not believed
    )
    assert Config(service="credit").proxy_networks == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("::1"),
    )
    with pytest.raises(ValueError, match="ANFU_TRUSTED_PROXIES"):
        Config(service="credit", trusted_proxies="10.0.0.0/8,frontdoor").check()
