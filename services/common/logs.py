"""JSON log lines carrying the service, the request id and the event id being handled."""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar

from pythonjsonlogger.orjson import OrjsonFormatter

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
event_id: ContextVar[str | None] = ContextVar("event_id", default=None)


class _ContextFilter(logging.Filter):
    """Puts the service, the request id and the event id on each record."""

    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.request_id = request_id.get()
        record.event_id = event_id.get()
        return True


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the time (so pytest's capture holds test logs)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def json_lines(handler: logging.Handler, service: str) -> logging.Handler:
    """Make `handler` write our JSON lines (time, level, logger, message, service, ids, and any `extra`)."""
    handler.setFormatter(
        OrjsonFormatter("%(levelname)s %(name)s %(message)s", timestamp="time", rename_fields={"levelname": "level"})
    )
    handler.addFilter(_ContextFilter(service))
    return handler


def setup(service: str, level: str = "INFO") -> None:
    """Send JSON lines to stderr (idempotent)."""
    root = logging.getLogger()
    if any(getattr(h, "_anfu", False) for h in root.handlers):
        return
    handler = json_lines(_StderrHandler(), service)
    handler._anfu = True
    root.addHandler(handler)
    root.setLevel(level)
    # a line carries none of these, so no record looks for them (the logging HOWTO's "Optimization")
    logging._srcfile = None  # the caller's file and line
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging.getLogger("kafka").setLevel(logging.WARNING)
