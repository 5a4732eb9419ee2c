"""Cursor pagination: `?limit=&cursor=`; answers `{items, next_cursor}` (null on the last page).

Sorted by one field with `_id` as tie-breaker; the cursor is the opaque position of the last item.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from functools import cache

import bson
import marshmallow as ma
from bson import ObjectId
from bson.errors import BSONError
from marshmallow import validate

from services.common.errors import Invalid


class PageArgs(ma.Schema):
    """Query arguments every listing accepts; extend it for filters."""

    limit = ma.fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = ma.fields.String(load_default=None, metadata={"description": "next_cursor of the previous page"})


@cache
def page_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The response schema of a page of `item_schema` (one class per item schema, for OpenAPI)."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return type(
        name,
        (ma.Schema,),
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "next_cursor": ma.fields.String(allow_none=True, required=True),
        },
    )


def _plain(value):
    """A cursor component as JSON: datetimes and ObjectIds are tagged so they come back as themselves."""
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, ObjectId):
        return {"oid": str(value)}
    return value


def _restore(value):
    if isinstance(value, dict) and set(value) == {"datetime"} and isinstance(value["datetime"], str):
        return datetime.fromisoformat(value["datetime"])
    if isinstance(value, dict) and set(value) == {"oid"} and ObjectId.is_valid(value["oid"]):
        return ObjectId(value["oid"])
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    raise ValueError("not a cursor value")  # e.g. a query operator smuggled into the cursor


def _encode(value, ident) -> str:
    return base64.urlsafe_b64encode(json.dumps([_plain(value), _plain(ident)]).encode()).decode()


def _decode(cursor: str) -> tuple:
    try:
        value, ident = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        position = _restore(value), _restore(ident)
        bson.encode({"position": position})  # storable: a lone surrogate, an int over 8 bytes, a date without UTC
        return position
    except (ValueError, TypeError, RecursionError, OverflowError, BSONError) as err:  # RecursionError: nested
        raise Invalid("malformed cursor", field="cursor", location="query") from err


def paginate(
    collection, query: dict, limit: int = 50, cursor: str | None = None, sort: str = "_id", descending: bool = False
) -> dict:
    """One page of documents matching `query`, sorted by `sort` (string, number, datetime field) then `_id`."""
    direction = -1 if descending else 1
    op = "$lt" if descending else "$gt"
    if cursor:
        value, ident = _decode(cursor)
        after = (
            {"_id": {op: ident}} if sort == "_id" else {"$or": [{sort: {op: value}}, {sort: value, "_id": {op: ident}}]}
        )
        query = {"$and": [query, after]}
    order = [("_id", direction)] if sort == "_id" else [(sort, direction), ("_id", direction)]
    docs = list(collection.find(query).sort(order).limit(limit + 1))
    more = len(docs) > limit
    docs = docs[:limit]
    last = docs[-1] if docs else None
    next_cursor = _encode(last.get(sort) if sort != "_id" else last["_id"], last["_id"]) if more else None
    return {"items": docs, "next_cursor": next_cursor}
