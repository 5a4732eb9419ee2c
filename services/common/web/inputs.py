"""No 500 on any input: a JSON body is checked before webargs parses it, and what slips past still gets a 400.

An operation that documents a JSON body gets one (415 for another media type, 422 for none). A body must be UTF-8
JSON of bounded depth and array length whose strings are Unicode text (a lone surrogate
such as `\\ud800` cannot be stored in BSON nor written back as UTF-8). The checks run after authentication
(`auth.authenticate_first`), so an anonymous caller of a protected endpoint gets 401 before anything is read.
"""

from __future__ import annotations

import functools
import json
import logging

import marshmallow as ma
from bson.errors import BSONError
from flask import current_app, request

from services.common.errors import Invalid, problem
from services.common.web.auth import view_function

log = logging.getLogger(__name__)

MAX_DEPTH = 32  # objects and arrays nested in each other
MAX_ITEMS = 1000  # items of one array


class BadBody(ValueError):
    """The request body is not JSON the services can take."""


def check():
    """before_request: the body, then the query (`check_body`, `check_query`)."""
    return check_body() or check_query()


def check_body():
    """before_request: the JSON body the operation documents is there, UTF-8 JSON, not too deep or long, text."""
    data = request.get_data(cache=True) if request.is_json else b""
    if not data:
        return _missing() if _needs_body() else None
    try:
        inspect(parse(data))
    except BadBody as err:
        return problem(400, f"the JSON body cannot be used: {err}")
    return None


def check_query():
    """before_request: a query parameter given more than once where the operation takes one value is 422."""
    repeated = [name for name in request.args if len(request.args.getlist(name)) > 1]
    if not repeated:
        return
    lists = {
        name
        for schema in _documented("query")
        for name, field in _by_key(schema).items()
        if isinstance(field, ma.fields.List)
    }
    for name in repeated:
        if name not in lists:
            raise Invalid("given more than once; one value is taken", field=name, location="query")


def _needs_body() -> bool:
    """The view documents a required JSON body (`@blp.arguments(Schema)`)."""
    return any(p["required"] for p in _parameters() if p["in"] == "json")


def _parameters() -> tuple[dict, ...]:
    return _parameters_of(current_app.view_functions.get(request.endpoint or ""), request.method)


@functools.lru_cache(maxsize=4096)
def _parameters_of(view, method: str) -> tuple[dict, ...]:
    """The parameters a view documents for `method` (`@blp.arguments`), worked out once per view and method."""
    return tuple(getattr(view_function(view, method), "_apidoc", {}).get("arguments", {}).get("parameters", []))


def _documented(location: str) -> list[ma.Schema]:
    return [
        p["schema"]() if isinstance(p["schema"], type) else p["schema"] for p in _parameters() if p["in"] == location
    ]


def _by_key(schema: ma.Schema) -> dict:
    return {field.data_key or name: field for name, field in schema.fields.items()}


def _missing():
    if request.content_length or request.get_data(cache=True):
        return problem(415, f"the body must be application/json, not {request.mimetype or 'untyped'}")
    raise Invalid("a JSON body is required", field="body")


def parse(data: bytes):
    """The JSON value of a UTF-8 body."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise BadBody("it is not UTF-8") from err
    except RecursionError as err:
        raise BadBody(f"it is nested deeper than {MAX_DEPTH} levels") from err
    except ValueError as err:
        raise BadBody(f"it is not JSON ({err})") from err


def inspect(value) -> None:
    """Walk the value without recursion: depth, array lengths, and strings (keys too) that are Unicode text."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            _text(item)
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise BadBody(f"it is nested deeper than {MAX_DEPTH} levels")
            if isinstance(item, list) and len(item) > MAX_ITEMS:
                raise BadBody(f"an array has more than {MAX_ITEMS} items")
            children = [*item, *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)


def _text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise BadBody("a string holds a lone surrogate (not Unicode text)") from err


def unprocessable(err: Exception):
    """Error handler of the last resort for input that broke a library (deep recursion, text, BSON): 400."""
    log.warning("request refused: %s: %s", type(err).__name__, err)
    return problem(400, "the request cannot be processed as sent")


UNPROCESSABLE = (RecursionError, UnicodeError, BSONError)
