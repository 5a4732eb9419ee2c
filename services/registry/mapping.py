"""Domain dataclasses <-> JSON-ready documents (dates as ISO strings, enums as values, tuples as lists)."""
from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import StrEnum

from services.common.events import isotime


def to_plain(value):
    """A JSON-ready copy of a domain value."""
    if isinstance(value, datetime):
        return isotime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _parse(hint, value):
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _parse(next(a for a in typing.get_args(hint) if a is not type(None)), value)
    if origin is tuple:
        return tuple(_parse(typing.get_args(hint)[0], v) for v in value)
    if hint in (datetime, date):
        return value if isinstance(value, hint) else hint.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return from_plain(hint, value)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint(value)
    return value


def field_values(cls, values: dict) -> dict:
    """The values of `cls` fields found in `values`, as domain types (nested dataclasses, dates, enums)."""
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    return {name: _parse(hints[name], values[name]) for name in names if name in values}


def from_plain(cls, doc: dict):
    """Build the dataclass `cls` from a document or a loaded body; fields it does not declare are ignored."""
    return cls(**field_values(cls, doc))
