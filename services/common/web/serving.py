"""gunicorn's part of the HTTP edge, loaded as its config module: `gunicorn -c python:services.common.web.serving`.

What gunicorn answers by itself, before the app sees a request (a request line or headers over its limits, a
request it cannot parse), is problem JSON like every API error, and each refusal is one JSON log line (status,
client, reason) without a traceback. gunicorn's own log lines are JSON lines like the services' (its default
format wants the process id, which `logs.setup` keeps records from carrying: every line failed to format).
"""

from __future__ import annotations

import os

import orjson
from gunicorn import util
from gunicorn.glogging import Logger
from gunicorn.http import errors
from gunicorn.workers.sync import SyncWorker

from services.common import logs
from services.common.errors import PROBLEM_JSON, problem

#: gunicorn's refusals of a request it read: the status of the first class that matches (gunicorn's own choice).
#: A response header the app wrote wrong (`InvalidResponseHeader…`) is the app's fault: 500, not a refusal.
REFUSALS = (
    (errors.LimitRequestLine, 414),
    (errors.LimitRequestHeaders, 431),
    (errors.ExpectationFailed, 417),
    (errors.UnsupportedTransferCoding, 501),
    (errors.ForbiddenProxyRequest, 403),
    (errors.ConfigurationProblem, 500),
    (errors.ParseException, 400),
)
CONFIG = "python:services.common.web.serving"
APP_FAULTS = (errors.InvalidResponseHeader, errors.InvalidResponseHeaderName)
DETAIL_LIMIT = 300  # gunicorn's reason may quote the request line: enough to recognise it


def gunicorn_command(bind: str, app: str) -> list[str]:
    """How every API is served (make run, compose, the image): gunicorn with this module as its config, 2 workers;
    `app` is e.g. `services.registry.app:create_app()`."""
    return ["gunicorn", "-c", CONFIG, "--bind", bind, "--workers", "2", app]


def refusal_status(exc: BaseException) -> int | None:
    """The status gunicorn refuses a request with for `exc`, or None if `exc` is not the client's doing."""
    if isinstance(exc, APP_FAULTS):
        return None
    return next((status for cls, status in REFUSALS if isinstance(exc, cls)), None)


def problem_response(status: int, detail: str) -> bytes:
    """A whole HTTP/1.1 response carrying a problem JSON body; the connection closes after it."""
    content = problem(status, detail)[0]
    body = orjson.dumps(content)
    head = (
        f"HTTP/1.1 {status} {content['title']}\r\nConnection: close\r\n"
        f"Content-Type: {PROBLEM_JSON}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class ProblemWorker(SyncWorker):
    """gunicorn's sync worker, answering what it refuses (and its own 500s) as problem JSON instead of HTML."""

    def handle_error(self, req, client, addr, exc):
        status = refusal_status(exc)
        if status is None:
            self.log.exception("error handling a request")  # a bug: its traceback, inside the one JSON line
            status, detail = 500, "internal error"
        else:
            detail = str(exc)[:DETAIL_LIMIT]
            client_address = (addr or ("",))[0]
            self.log.warning("request refused", extra={"status": status, "client": client_address, "reason": detail})
        try:
            util.write_nonblock(client, problem_response(status, detail))
        except OSError:
            self.log.debug("the client left before its refusal was sent")


class JsonLogger(Logger):
    """gunicorn's logger, its error and access lines written as the services' JSON lines."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in (*self.error_log.handlers, *self.access_log.handlers):
            if getattr(handler, "_gunicorn", False):
                handler.filters.clear()
                logs.json_lines(handler, os.environ.get("ANFU_SERVICE", "gunicorn"))


# gunicorn's settings (the names of this module it knows)
worker_class = ProblemWorker
logger_class = JsonLogger
graceful_timeout = 10  # seconds a stopping worker may finish its request (docker stops with SIGKILL after 10)
control_socket_disable = True  # one path ($HOME/.gunicorn/gunicorn.ctl) for every gunicorn here: unused, and shared
