"""Request bodies from an app's OpenAPI document: the write operations, a schema-shaped base body with every
property (optional ones too), the integer fields with their documented bounds, and a body with one field set."""

from __future__ import annotations

import copy
import re
from datetime import timedelta

from services.common.clock import isotime, jiaxing_day, utcnow

#: values a string with a pattern may take (the first that matches is used)
PATTERNED = ("https://example.cn/hook", "330482", "C3311", "3311", "2026-01", "91330400MA2B3C4D5E")


def spec_of(app) -> dict:
    with app.app_context():
        return app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()


def write_operations(spec: dict) -> list[tuple[str, str, dict]]:
    """(method, path, body schema) of every operation that takes a JSON body."""
    return [
        (method, path, operation["requestBody"]["content"]["application/json"]["schema"])
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method in ("post", "put", "patch")
        and "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


def resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def base(schema: dict, spec: dict):
    """A value of the schema's shape: every property, the smallest number, the first choice, today's day."""
    schema = resolve(schema, spec)
    kind = schema.get("type")
    if "properties" in schema:
        return {name: base(value, spec) for name, value in schema["properties"].items()}
    if kind == "array":
        return [base(schema.get("items", {}), spec)]
    if kind in ("integer", "number"):
        return schema.get("minimum", 0)
    if kind == "boolean":
        return True
    if kind == "object":
        return {}
    return _text(schema)


def _text(schema: dict) -> str:
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("format") == "date":
        return jiaxing_day(utcnow()).isoformat()
    if schema.get("format") == "date-time":
        return isotime(utcnow() + timedelta(days=7))
    if "pattern" in schema:
        return next((v for v in PATTERNED if re.search(schema["pattern"], v)), "x")
    return "测试"[: schema.get("maxLength", 2)] or "x"


def numbers(schema: dict, spec: dict, at: tuple = ()) -> list[tuple[tuple, int, int]]:
    """(path, minimum, maximum) of every integer in the schema (a list's items at index 0)."""
    schema = resolve(schema, spec)
    if "properties" in schema:
        return [n for name, value in schema["properties"].items() for n in numbers(value, spec, (*at, name))]
    if schema.get("type") == "array":
        return numbers(schema.get("items", {}), spec, (*at, 0))
    if schema.get("type") in ("integer", "number"):
        assert "minimum" in schema and "maximum" in schema, f"{'.'.join(map(str, at))} documents no bounds"
        return [(at, schema["minimum"], schema["maximum"])]
    return []


def put(body, path: tuple, value):
    """A copy of `body` with the field at `path` set to `value` (missing objects and list items made)."""
    body = copy.deepcopy(body)
    inner = body
    for step, following in zip(path, path[1:]):
        if isinstance(inner, list):
            inner.extend({} for _ in range(step + 1 - len(inner)))
        elif not isinstance(inner.get(step), (dict, list)):
            inner[step] = [] if isinstance(following, int) else {}
        inner = inner[step]
    if isinstance(inner, list):
        inner.extend(None for _ in range(path[-1] + 1 - len(inner)))
    inner[path[-1]] = value
    return body
