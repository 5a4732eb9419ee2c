"""Domain dataclasses <-> JSON-ready documents: dates as ISO strings, enums as their values, tuples as lists.

`to_plain`/`from_plain` keep field names; `to_doc`/`from_doc` are the stored form, where a record's `id`
(and a nested record's) is MongoDB's `_id`.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date, datetime
from enum import StrEnum

from services.common.clock import isotime

ID = "id"


def to_plain(value, id_key: str = ID):
    """A JSON-ready copy of a domain value (a dataclass's `id` field is named `id_key`)."""
    if isinstance(value, datetime):
        return isotime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_plain(v, id_key) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v, id_key) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return {_key(f.name, id_key): to_plain(getattr(value, f.name), id_key) for f in dataclasses.fields(value)}
    return value


def to_doc(obj) -> dict:
    """A domain dataclass as a stored document (its id, and nested records' ids, become _id)."""
    return to_plain(obj, "_id")


def field_values(cls, values: dict, id_key: str = ID) -> dict:
    """The values of `cls` fields found in `values`, as domain types (nested dataclasses, dates, enums)."""
    found = {}
    for name, key, parse in _fields(cls, id_key):
        if key in values:
            value = values[key]
            found[name] = value if parse is None or value is None else parse(value)
    return found


def from_plain(cls, doc: dict, id_key: str = ID):
    """Build the dataclass `cls` from a document or a loaded body; fields it does not declare are ignored."""
    return cls(**field_values(cls, doc, id_key))


def from_doc(cls, doc: dict, **override):
    """The dataclass `cls` from its stored document (`_id` is its id); `override` replaces field values."""
    return cls(**{**field_values(cls, doc, "_id"), **override})


def _key(name: str, id_key: str) -> str:
    return id_key if name == ID else name


@functools.cache
def _fields(cls, id_key: str) -> tuple[tuple[str, str, typing.Callable | None], ...]:
    """Each field of `cls`: its name, its key in a document and how to parse a value that is not None (None:
    taken as it is). Worked out once per class."""
    names = {f.name for f in dataclasses.fields(cls)}
    return tuple(
        (name, _key(name, id_key), _parser(hint, id_key))
        for name, hint in typing.get_type_hints(cls).items()
        if name in names
    )


@functools.cache
def _parser(hint, id_key: str) -> typing.Callable | None:
    """How to turn a stored value, not None, into `hint`; None when it is taken as it is."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _parser(next(a for a in typing.get_args(hint) if a is not type(None)), id_key)
    if origin in (tuple, list):
        item = _parser(typing.get_args(hint)[0], id_key)
        if item is None:
            return origin
        return lambda value: origin(None if v is None else item(v) for v in value)
    if hint in (datetime, date):
        return lambda value: value if isinstance(value, hint) else hint.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return lambda value: from_plain(hint, value, id_key)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint
    return None
