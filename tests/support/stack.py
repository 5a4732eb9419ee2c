"""Where tests find Kafka and MongoDB: an explicit URL, else testcontainers when a Docker engine answers,
else the embedded servers (Tansu, SecantusDB). Never a fake."""

from __future__ import annotations

import os
import time
from pathlib import Path

from services.platform import embedded


def docker_available() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
        return True
    except Exception:
        return False


def kafka(tmp: Path, stack: list) -> str:
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    if docker_available():
        from testcontainers.kafka import KafkaContainer

        container = KafkaContainer("apache/kafka:3.8.1").with_kraft()
        container.start()
        stack.append(container.stop)
        return container.get_bootstrap_server()
    server = embedded.start_kafka(embedded.free_port(), tmp / "kafka.log")
    stack.append(server.stop)
    return server.url


def mongo(tmp: Path, stack: list) -> str:
    if os.environ.get("MONGODB_URI"):
        return os.environ["MONGODB_URI"]
    if docker_available():
        return _mongo_container(stack)
    server = embedded.start_mongo(embedded.free_port(), tmp / "mongo", tmp / "mongo.log")
    stack.append(server.stop)
    return server.url


def _mongo_container(stack: list) -> str:
    """mongo as a one-node replica set (transactions need one)."""
    from testcontainers.core.container import DockerContainer

    container = DockerContainer("mongo:7").with_command("--replSet rs0 --bind_ip_all").with_exposed_ports(27017)
    container.start()
    stack.append(container.stop)
    host, port = container.get_container_host_ip(), container.get_exposed_port(27017)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        code, _ = container.exec(
            [
                "mongosh",
                "--quiet",
                "--eval",
                "try { rs.status().ok } catch (e) { rs.initiate("
                f"{{_id:'rs0',members:[{{_id:0,host:'{host}:{port}'}}]}}).ok }}",
            ]
        )
        if code == 0:
            break
        time.sleep(1)
    return f"mongodb://{host}:{port}/?replicaSet=rs0"
