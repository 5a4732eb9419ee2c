"""Errors at the HTTP edge: every API error is RFC 7807 problem JSON and documented as such; a domain error answers
the status of its class (`STATUS`); a database error 409 (duplicate key), 503 (unreachable or busy) or 500."""

from __future__ import annotations

import http
import logging

from apispec import BasePlugin
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from pymongo.errors import DuplicateKeyError, PyMongoError
from werkzeug.exceptions import HTTPException

from services.common.errors import (
    PROBLEM_JSON,
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    ProblemSchema,
    Unauthorized,
    field_errors,
    problem,
)
from services.common.storage.mongo import is_transient
from services.common.web import ratelimits

log = logging.getLogger(__name__)


class ProblemApi(Api):
    """flask-smorest Api whose errors are RFC 7807 problem details, and documented as such."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        extensions = {}
        if "messages" in data or "errors" in data:
            extensions["errors"] = field_errors(data.get("errors") or data["messages"])
        detail = data.get("message") or (error.description if error.code != 422 else "the request has invalid fields")
        body, status, headers = problem(error.code or 500, detail, **extensions)
        kept = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}  # e.g. Allow on 405
        return body, status, {**kept, **headers}

    def _register_responses(self):
        """A response component per status (`"FORBIDDEN"`...), errors as application/problem+json."""
        for status in http.HTTPStatus:
            self._register_response(status.name, status.phrase, status >= 400)
        self._register_response("DEFAULT_ERROR", "Default error response", True)

    def _register_response(self, name: str, description: str, error: bool) -> None:
        response = {"description": description, **({"schema": self.ERROR_SCHEMA} if error else {})}
        prepare_response(response, self.spec, PROBLEM_JSON if error else self.DEFAULT_RESPONSE_CONTENT_TYPE)
        self.spec.components.response(name, response, lazy=True)


ERROR_PAGE = {
    "description": "an error page in Chinese, in the public site's look (`site.error_page`)",
    "content": {"text/html": {}},
}


class ProblemDocs(BasePlugin):
    """Every operation's error bodies documented as problem JSON (a page's as pages), and its 429 where a rate
    limit applies."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                content = response.get("content", {}) if isinstance(response, dict) else {}
                if str(code)[0] in "45" and "application/json" in content:
                    content[PROBLEM_JSON] = content.pop("application/json")
            public = "security" not in operation
            if not path.startswith(ratelimits.UNLIMITED) and (public or method.upper() in ratelimits.WRITES):
                responses["429"] = "TOO_MANY_REQUESTS"
            ok = responses.get("200") or responses.get(200)
            page = isinstance(ok, dict) and "text/html" in ok.get("content", {})
            if page and "application/json" in ok["content"]:  # a list that is also a page: as the caller asks
                for code in [c for c in responses if str(c)[0] in "45" or c == "default"]:
                    responses[code] = _page_or_problem(responses[code])
            elif page:  # a page: its errors are pages
                responses.update({code: ERROR_PAGE for code in responses if str(code)[0] in "45" or code == "default"})


def _page_or_problem(response) -> dict:
    """An error response documented as problem JSON (a program) and as a page (a browser)."""
    if isinstance(response, str):  # a component ("NOT_FOUND"): problem JSON
        response = {
            "description": response.replace("_", " ").lower(),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return {**response, "content": {**response.get("content", {}), **ERROR_PAGE["content"]}}


#: the HTTP status of each domain error class (a subclass answers as its nearest listed ancestor)
STATUS = {
    NotFound: 404,
    Conflict: 409,
    Forbidden: 403,
    Unauthorized: 401,
    Invalid: 422,
    PreconditionFailed: 412,
    DomainError: 400,
}


def status_of(err: DomainError) -> int:
    return next(STATUS[cls] for cls in type(err).__mro__ if cls in STATUS)


def domain_error(err: DomainError):
    extensions = dict(err.extensions)
    headers = extensions.pop("headers", {})
    body, status, base = problem(status_of(err), err.detail, **extensions)
    return body, status, {**base, **headers}


def database_error(err: PyMongoError):
    if isinstance(err, DuplicateKeyError):
        return problem(409, "a record with the same unique key exists")
    if is_transient(err):
        log.warning("database unavailable: %s", err)
        return problem(503, "the database is unavailable or busy; retry shortly")
    log.exception("database error")
    return problem(500, "internal database error")
