"""The demo's HTTP client: each service by its base URL, development tokens (HS256, as `make token` signs them;
bulk credentials, so its writes count against RATE_LIMIT_BULK),
problem JSON turned into errors that say what was refused, and polling with a deadline."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from services.common.config import Config
from services.common.web.auth import issue_token


class DemoError(RuntimeError):
    """A call answered other than the demo expects (the problem detail is in the message)."""


class Api:
    def __init__(self, urls: dict[str, str], patience: float = 90, timeout: float = 60) -> None:
        """`patience`: how long to wait for the services to learn from each other's events (a bigger city
        queues more events); `timeout`: of one request."""
        self.urls = {name: url.rstrip("/") for name, url in urls.items()}
        self.patience, self.timeout = patience, timeout
        self.config = Config.from_env("registry")
        self.tokens: dict[tuple, str] = {}
        self.local = threading.local()

    def headers(self, role: str | None, org: str | None, *person: str) -> dict:
        """The bearer token of `role` for `org` (`person`: another official of it, a subject of his own)."""
        if role is None:
            return {}
        if (role, org, *person) not in self.tokens:
            subject = ":".join(("demo", role, org or "-", *person))
            self.tokens[role, org, *person] = issue_token(self.config, role, org, subject=subject, bulk=True)
        return {"Authorization": f"Bearer {self.tokens[role, org, *person]}"}

    def send(self, service: str, method: str, path: str, as_: tuple | None = None, **kw) -> requests.Response:
        """One request; `as_` = (role, org[, person]) of the token, or None for a public call. A 503 (a transaction that
        met a concurrent one, rolled back) is sent again after a short, growing, jittered pause, up to 30 s; a 429
        (the service's rate limit) after the `Retry-After` it names, for as long as `patience`."""
        session = getattr(self.local, "session", None) or self._session()
        role, org, *person = as_ or (None, None)
        deadline, limited = time.monotonic() + 30, time.monotonic() + self.patience
        for attempt in range(100_000):
            response = session.request(
                method, self.urls[service] + path, headers=self.headers(role, org, *person), timeout=self.timeout, **kw
            )
            if response.status_code == 429 and time.monotonic() < limited:
                time.sleep(min(float(response.headers.get("Retry-After") or 1), 60) * random.uniform(1.0, 1.2))
                continue
            if response.status_code != 503 or time.monotonic() > deadline:
                return response
            time.sleep(min(0.05 * 2**attempt, 1.0) * random.uniform(0.5, 1.5))
        return response

    def ok(self, service: str, method: str, path: str, as_=None, expect: tuple[int, ...] = (200, 201, 202), **kw):
        """The JSON body of a call that must answer one of `expect`."""
        response = self.send(service, method, path, as_, **kw)
        if response.status_code not in expect:
            raise DemoError(f"{method.upper()} {service}{path} as {as_}: {response.status_code} {_detail(response)}")
        return response.json() if response.content else None

    def count(self, service: str, path: str, as_=None, **params) -> int:
        """How many items a paginated listing holds."""
        total, cursor = 0, None
        while True:
            page = self.ok(service, "get", path, as_, params={**params, "limit": 200, "cursor": cursor})
            total += len(page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                return total

    def wait(self, what: str, check, interval: float = 0.2):
        """`wait_for` with this client's patience."""
        return wait_for(what, check, self.patience, interval)

    def _session(self) -> requests.Session:
        self.local.session = requests.Session()
        return self.local.session


def _detail(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    return str({k: body[k] for k in ("title", "detail", "reasons", "errors") if k in body} or body)[:600]


def wait_for(what: str, check, timeout: float = 60, interval: float = 0.2):
    """The first truthy value of `check()`; DemoError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise DemoError(f"gave up waiting after {timeout:.0f}s: {what}")
        time.sleep(interval)


def parallel(work, items, workers: int = 4) -> list:
    """`work(item)` for every item on a few threads (the services serve requests concurrently); results in the
    items' order; the first error is raised."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, items))
