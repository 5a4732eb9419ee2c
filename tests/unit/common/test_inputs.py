"""Issue 11, item 5: bodies that broke the services (deep nesting, huge arrays, lone surrogates, odd encodings)."""

from __future__ import annotations

import json

import pytest

from services.common.web.inputs import MAX_DEPTH, MAX_ITEMS, BadBody, inspect, parse


def check(data: bytes) -> None:
    inspect(parse(data))


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"[" * 50_000, "nested deeper"),
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nested deeper"),
        (json.dumps({"a": [{"b": [[[[]]]]}] * 2}).replace("[]", "[" * 40 + "]" * 40).encode(), "nested deeper"),
        (json.dumps({"items": list(range(MAX_ITEMS + 1))}).encode(), "more than"),
        (b'{"name": "\\ud800"}', "lone surrogate"),
        (b'{"\\udfff": 1}', "lone surrogate"),
        ('{"name": "安服"}'.encode("utf-16"), "not UTF-8"),
        (b'{"name": "\xff\xfe"}', "not UTF-8"),
        (b'{"name": ', "not JSON"),
        (b"NaN-ish", "not JSON"),
    ],
)
def test_bodies_that_cannot_be_used_are_refused_with_the_reason(data, reason):
    with pytest.raises(BadBody, match=reason):
        check(data)


@pytest.mark.parametrize(
    "data",
    [
        b'{"name": "\\ud83d\\ude00 \xe5\xae\x89\xe6\x9c\x8d", "n": [1, 2, {"x": null}]}',  # a surrogate pair is text
        b"[" * MAX_DEPTH + b"]" * MAX_DEPTH,
        json.dumps(list(range(MAX_ITEMS))).encode(),
        b'"just text"',
    ],
)
def test_ordinary_bodies_pass(data):
    value = parse(data)
    inspect(value)  # raises BadBody on what the cases above refuse
    assert value == json.loads(data)
