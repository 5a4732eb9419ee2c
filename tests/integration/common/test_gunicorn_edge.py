"""Issue 22 item 4: what gunicorn refuses by itself (before the app sees the request) is answered as problem JSON
and logged as one JSON line, without a traceback; against a real gunicorn serving registry as make run does."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid

import pytest

from services.common.web.serving import gunicorn_command
from services.platform import embedded
from tests.support.configs import service_config
from tests.support.processes import ROOT, worker_env
from tests.support.wait import wait_until

MANY_FIELDS = b"".join(b"X-Field-%d: 1\r\n" % n for n in range(120))  # gunicorn's limit: 100 header fields
REFUSED = {
    "a request line over the limit": (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    "too many header fields": (b"GET /health/live HTTP/1.1\r\nHost: x\r\n" + MANY_FIELDS + b"\r\n", 431),
    "a header over the size limit": (b"GET /health/live HTTP/1.1\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431),
    "not a request line": (b"HELLO\r\n\r\n", 400),
    "an unknown HTTP version": (b"GET /health/live HTTP/7.3\r\nHost: x\r\n\r\n", 400),
    "a transfer coding it does not know": (b"POST /providers HTTP/1.1\r\nTransfer-Encoding: zap\r\n\r\n", 501),
}


@pytest.fixture(scope="module")
def gunicorn(kafka_bootstrap, mongo_uri, tmp_path_factory):
    """Registry's API under gunicorn as make run and compose start it: (port, log file)."""
    config = service_config("registry", mongo_uri, kafka_bootstrap, f"test_edge_{uuid.uuid4().hex[:8]}")
    port, log = embedded.free_port(), tmp_path_factory.mktemp("gunicorn") / "api.log"
    command = [sys.executable, "-m", *gunicorn_command(f"127.0.0.1:{port}", "services.registry.app:create_app()")]
    process = subprocess.Popen(
        command, env=worker_env(config), cwd=ROOT, stdout=open(log, "ab"), stderr=subprocess.STDOUT
    )
    try:
        wait_until(lambda: embedded.answers(f"http://127.0.0.1:{port}/health/live", timeout=2), 60)
        yield port, log
    finally:
        process.terminate()
        process.wait(30)


def exchange(port: int, request: bytes) -> tuple[int, dict, bytes]:
    """Send raw bytes; the status, headers and body of the answer (gunicorn closes the connection after it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *fields = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (f.partition(":") for f in fields)}
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refusal_is_problem_json_and_one_json_log_line(gunicorn, case):
    port, log = gunicorn
    request, expected = REFUSED[case]
    logged_before = log.read_bytes()

    status, headers, body = exchange(port, request)

    assert status == expected
    assert headers["content-type"] == "application/problem+json"
    assert int(headers["content-length"]) == len(body)
    problem = json.loads(body)
    assert problem["status"] == expected and problem["type"] == "about:blank"
    assert problem["title"] and problem["detail"]

    def refusals() -> list[dict]:
        new = log.read_bytes()[len(logged_before) :].decode().splitlines()
        lines = [json.loads(line) for line in new]  # every line is JSON: no traceback, no plain text
        return [line for line in lines if line["message"] == "request refused"]

    [refusal] = wait_until(refusals, 10)
    assert (refusal["level"], refusal["status"], refusal["service"]) == ("WARNING", expected, "registry")
    assert refusal["reason"] and refusal["client"] == "127.0.0.1"


def test_requests_within_the_limits_reach_the_app(gunicorn):
    port, _ = gunicorn
    status, headers, body = exchange(port, b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
    assert (status, headers["content-type"], json.loads(body)) == (200, "application/json", {"status": "ok"})
    status, headers, body = exchange(port, b"GET /nowhere/" + b"9" * 3000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 404 and headers["content-type"] == "application/problem+json"  # the app's own problem
