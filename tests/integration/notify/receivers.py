"""Real receivers for notify's deliveries: an aiosmtpd SMTP server and threaded HTTP servers (a webhook
receiver verifying each delivery with the `standardwebhooks` library, an SMS gateway)."""

from __future__ import annotations

import email
import json
import threading
import time
from email.message import Message
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from standardwebhooks import Webhook

from services.platform.embedded import free_port


class Mailbox:
    """An SMTP server on a free port; `messages` are the parsed e-mails received."""

    def __init__(self):
        self.messages: list[Message] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, _server, _session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    @property
    def port(self) -> int:
        return self.controller.port

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


class Receiver:
    """An HTTP server recording every POST; the first `fail_first` answer 500 with a long body, each waits `delay`.

    With a `secret`, a delivery that answers 2xx is first verified with the standardwebhooks library.
    """

    def __init__(self, fail_first: int = 0, delay: float = 0.0, secret: str | None = None):
        self.fail_first, self.delay, self.secret = fail_first, delay, [secret]
        self.requests: list[dict] = []
        self.verified: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                status, answer = receiver.answer(dict(self.headers.items()), body)
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def answer(self, headers: dict, body: str) -> tuple[int, bytes]:
        if self.delay:
            time.sleep(self.delay)  # a slow receiver, on purpose
        with self.lock:
            self.requests.append(
                {"headers": {k.lower(): v for k, v in headers.items()}, "body": body, "at": time.monotonic()}
            )
            if self.fail_first > 0:
                self.fail_first -= 1
                return 500, b"x" * 5000
        if self.secret[0]:
            try:
                self.verified.append(Webhook(self.secret[0]).verify(body, headers))
            except Exception as err:
                return 400, str(err).encode()
        return 204, b""

    def ids(self) -> list[str]:
        return [r["headers"]["webhook-id"] for r in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def body_of(request: dict) -> dict:
    return json.loads(request["body"])
