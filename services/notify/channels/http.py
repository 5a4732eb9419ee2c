"""An HTTP POST that connects to the address it checked (no DNS rebinding between check and connect), with
timeouts, keeping only the first KiB of the answer. In production only https to public addresses."""

from __future__ import annotations

import http.client
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from services.common.errors import Invalid

from ..domain.urls import refusal

KEPT = 1024


class Refused(Exception):
    """The URL may not be called (scheme or address)."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def resolve(host: str, port: int) -> list[str]:
    try:
        return list(dict.fromkeys(info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)))
    except socket.gaierror:
        return []


def _port(url: str) -> int:
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def check_url(url: str, production: bool) -> None:
    """For the API: refuse a webhook URL as invalid input (422)."""
    reason = refusal(
        url, resolve(urlsplit(url).hostname or "", _port(url)) if urlsplit(url).hostname else [], production
    )
    if reason:
        raise Invalid(reason, field="url")


def post(url: str, body: bytes, headers: dict, timeout: float, production: bool) -> Answer:
    """POST `body`; raise Refused, or OSError / http.client errors on network failures."""
    parts = urlsplit(url)
    addresses = resolve(parts.hostname or "", _port(url))
    reason = refusal(url, addresses, production)
    if reason:
        raise Refused(reason)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, _port(url), timeout=timeout)
    pinned = addresses[0]
    connection._create_connection = lambda address, *args, **kw: socket.create_connection(
        (pinned, address[1]), *args, **kw
    )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers})
        response = connection.getresponse()
        return Answer(response.status, response.read(KEPT).decode("utf-8", "replace"))
    finally:
        connection.close()
