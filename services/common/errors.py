"""Domain errors, and RFC 7807 problem details (application/problem+json) for the HTTP edge.

The domain raises `DomainError` subclasses: plain facts (not found, conflict, forbidden, invalid) with no
HTTP in them. The edge (`web.py`) maps each class to a status and renders it, like every other HTTP
error, as problem JSON. A service refines these by subclassing (`class Refused(Conflict)`).
"""

from __future__ import annotations

import marshmallow as ma
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_JSON = "application/problem+json"


class DomainError(Exception):
    """A rule of the domain refused a command; `extensions` are extra facts for the caller (e.g. reasons)."""

    def __init__(self, detail: str, **extensions):
        super().__init__(detail)
        self.detail, self.extensions = detail, extensions


class NotFound(DomainError):
    """The thing asked for does not exist (for this caller)."""


class Conflict(DomainError):
    """Not allowed in the current state: an illegal state change, a business refusal or a duplicate."""


class Forbidden(DomainError):
    """The caller may not do this (role or organisation)."""


class PreconditionFailed(DomainError):
    """The caller's `If-Match` names a version the record no longer has (someone changed it meanwhile)."""


class Unauthorized(DomainError):
    """The caller is not authenticated."""


class Invalid(DomainError):
    """Input that parses but breaks a rule; `field` names the culprit."""

    def __init__(self, detail: str, field: str | None = None, location: str = "json", **extensions):
        if field:
            extensions.setdefault("errors", [{"field": field, "location": location, "messages": [detail]}])
        super().__init__(detail, **extensions)


def problem(status: int, detail: str | None = None, **extensions) -> tuple[dict, int, dict]:
    """A problem response body, status and headers."""
    body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = detail
    body.update(extensions)
    return body, status, {"Content-Type": PROBLEM_JSON}


def field_errors(messages: dict, location: str | None = None, prefix: str = "") -> list[dict]:
    """Flatten webargs/marshmallow messages into [{field, location, messages}]."""
    found = []
    for key, value in messages.items():
        if location is None and key in ("json", "query", "path", "headers", "form", "files"):
            found += field_errors(value, key) if isinstance(value, dict) else []
            continue
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            found += field_errors(value, location or "json", f"{path}.")
        else:
            found.append({"field": path, "location": location or "json", "messages": list(value)})
    return found


class FieldErrorSchema(ma.Schema):
    field = ma.fields.String()
    location = ma.fields.String()
    messages = ma.fields.List(ma.fields.String())


class ProblemSchema(ma.Schema):
    """RFC 7807 problem details; extension members (e.g. `reasons`, `state`) may follow."""

    class Meta:
        unknown = ma.INCLUDE  # documented as additionalProperties: true

    type = ma.fields.String(metadata={"example": "about:blank"})
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    errors = ma.fields.List(ma.fields.Nested(FieldErrorSchema), metadata={"description": "field errors (422)"})
