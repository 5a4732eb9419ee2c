"""Optimistic concurrency at the HTTP edge: a stored resource's ETag is its Store version (`"7"`); a PATCH or PUT
with `If-Match` changes it only while it is still that version (412 otherwise, and nothing is written).

`If-Match` is optional: a write without it works as before (last writer wins, each write whole in its
transaction); a client that must not overwrite a change it has not seen sends it. `If-Match: *` is any version.

Why not flask-smorest's `Blueprint.etag` (flask_smorest/etag.py): it hashes the dumped response, which here
depends on the caller (contacts shown to some only), so one version would have several tags; its `check_etag`
compares before the command's transaction, so two writers holding the same tag could both pass; and it makes
`If-Match` required (428). The Store already keeps a version per document and checks it in the transaction
that writes (`Store.load(..., expected)`), so the tag is that version.
"""

from __future__ import annotations

import re
from copy import deepcopy

from flask import request
from flask_smorest.utils import deepupdate

IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "optional: the ETag of the version read; if the record has changed since, 412 and nothing is "
    "written (without it the write applies to the current version)",
    "schema": {"type": "string"},
}
VERSION = re.compile(r"[0-9]{1,18}")  # a Store version (ASCII digits: "²" is a digit to str.isdigit)
ETAG = {"description": "the version of the record (send it back as If-Match)", "schema": {"type": "string"}}


def if_match() -> frozenset[int] | None:
    """The versions the request's `If-Match` names (strong tags; one that is no version matches nothing); None
    when there is none, or `*`."""
    header = request.if_match
    if not header or header.star_tag:
        return None
    return frozenset(int(tag) for tag in header.as_set() if VERSION.fullmatch(tag or ""))  # `""` parses as None


def tagged(body, version: int) -> tuple:
    """A view's answer with the record's ETag header."""
    return body, {"ETag": f'"{version}"'}


def etag(status: int = 200, write: bool = False):
    """Decorator (under the smorest ones): documents the ETag header of the `status` answer and, for a write, the
    optional `If-Match` header and its 412. The view answers with `tagged(...)`."""

    def decorator(view):
        doc = {"responses": {str(status): {"headers": {"ETag": ETAG}}}}
        if write:
            doc = {**doc, "parameters": [IF_MATCH], "responses": {**doc["responses"], "412": "PRECONDITION_FAILED"}}
        view._apidoc = deepcopy(getattr(view, "_apidoc", {}))
        view._apidoc["manual_doc"] = deepupdate(deepcopy(view._apidoc.get("manual_doc", {})), doc)
        return view

    return decorator
