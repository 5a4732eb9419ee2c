"""`make run`: the whole platform on one machine — embedded Kafka (Tansu) and MongoDB (SecantusDB), the
topics, a local SMTP sink (mail kept in .data/mail/), each service's API (gunicorn) and worker, and the front
door (Caddy, http://127.0.0.1:8000: the home page, the public site and every API on one address).
Ctrl-C stops everything it started.

    python -m services.platform.stack          # run everything
    python -m services.platform.stack topics   # only create the topics (used by docker compose)
    python -m services.platform.stack acls     # print the Kafka ACL functions (deploy/kafka/acls.sh is this output)

The embedded servers listen on 127.0.0.1 only: Tansu cannot authenticate here (see README, Docker Compose).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from services.common.config import Config
from services.common.events.bus import ensure_topics
from services.common.settings import FRONT_DOOR_PORT, PORTS, SERVICES
from services.platform import acls, embedded, frontdoor
from services.platform.topology import all_topics

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".data"
KAFKA_PORT, MONGO_PORT = 9092, 27017
SMTP_PORT = 8025  # the default of SMTP_HOST / SMTP_PORT: notify's e-mail lands in the sink below
FRONT_DOOR = f"http://127.0.0.1:{FRONT_DOOR_PORT}"
FRONT_DOOR_URLS = ",".join(f"{name}={FRONT_DOOR}" for name in ("home", *SERVICES))


class MailSink:
    """A local SMTP server (aiosmtpd) keeping each message as .data/mail/<time>-<n>.eml, for a newcomer to read."""

    def __init__(self, folder: Path, port: int = SMTP_PORT):
        self.folder, self.count = folder, 0
        folder.mkdir(parents=True, exist_ok=True)
        self.controller = Controller(self, hostname="127.0.0.1", port=port)
        self.controller.start()

    async def handle_DATA(self, _server, _session, envelope):
        self.count += 1
        (self.folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{self.count:04d}.eml").write_bytes(envelope.content)
        return "250 kept"

    def stop(self) -> None:
        self.controller.stop()


def create_topics() -> None:
    config = Config.from_env("registry")
    ensure_topics(config, all_topics())
    print(f"topics ready on {config.kafka_bootstrap_servers}: {len(all_topics())}")


def check_ports() -> None:
    wanted = {
        KAFKA_PORT: "Kafka",
        MONGO_PORT: "MongoDB",
        SMTP_PORT: "SMTP sink",
        FRONT_DOOR_PORT: "front door",
        **{p: f"{s} API" for s, p in PORTS.items()},
    }
    taken = [f"{port} ({what})" for port, what in wanted.items() if not embedded.port_free(port)]
    if taken:
        sys.exit(
            f"make run: port(s) already in use: {', '.join(taken)}. Stop whatever holds them "
            f"(another `make run`?) and try again."
        )


def service_env(service: str) -> dict[str, str]:
    metrics = DATA / "metrics" / service
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    return {
        **os.environ,
        "ANFU_SERVICE": service,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        "MONGODB_URI": f"mongodb://127.0.0.1:{MONGO_PORT}/?replicaSet=secantus",
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{KAFKA_PORT}",
        "SCHEDULE_SECONDS": os.environ.get("SCHEDULE_SECONDS", "60"),
        "ANFU_PUBLIC_URLS": os.environ.get("ANFU_PUBLIC_URLS", FRONT_DOOR_URLS),  # every link through the front door
    }


def spawn(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        env=env,
        cwd=ROOT,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def start_service(service: str, logs: Path) -> list[tuple[str, subprocess.Popen]]:
    env = service_env(service)
    api = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{PORTS[service]}",
        "--workers",
        "2",
        "--graceful-timeout",
        "10",
        f"services.{service}.app:create_app()",
    ]
    worker = [sys.executable, "-m", f"services.{service}.worker"]
    return [
        (f"{service}-api", spawn(api, env, logs / f"{service}-api.log")),
        (f"{service}-worker", spawn(worker, env, logs / f"{service}-worker.log")),
    ]


def wait_ready(service: str, processes: list, timeout: float = 120) -> None:
    url = f"http://127.0.0.1:{PORTS[service]}/health/ready"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dead = [name for name, p in processes if p.poll() is not None]
        if dead:
            raise RuntimeError(f"{', '.join(dead)} exited; see .data/logs/")
        if embedded.answers(url, timeout=5):
            return
        time.sleep(0.5)
    raise RuntimeError(f"{service} not ready after {timeout}s ({url})")


def stop_all(processes: list, servers: list) -> None:
    for _, process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for name, process in processes:
        try:
            process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            print(f"  {name} did not stop in time; killing it")
            os.killpg(process.pid, signal.SIGKILL)
    for server in reversed(servers):
        server.stop()


def run() -> None:
    check_ports()
    logs = DATA / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    servers, processes, status = [], [], 0
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        print("starting Kafka (Tansu, in memory) and MongoDB (SecantusDB, data in .data/mongodb) ...")
        servers.append(embedded.start_kafka(KAFKA_PORT, logs / "kafka.log"))
        servers.append(embedded.start_mongo(MONGO_PORT, DATA / "mongodb", logs / "mongodb.log"))
        servers.append(MailSink(DATA / "mail"))
        os.environ.update(KAFKA_BOOTSTRAP_SERVERS=f"127.0.0.1:{KAFKA_PORT}", KAFKA_SECURITY_PROTOCOL="PLAINTEXT")
        create_topics()
        for service in SERVICES:
            processes += start_service(service, logs)
        for service in SERVICES:
            wait_ready(service, processes)
        servers.append(frontdoor.start(DATA / "frontdoor", logs / "frontdoor.log"))
        print_urls()
        while all(p.poll() is None for _, p in processes):
            time.sleep(1)
        dead = [name for name, p in processes if p.poll() is not None]
        print(f"{', '.join(dead)} exited unexpectedly; see .data/logs/. Stopping everything.")
        status = 1
    except KeyboardInterrupt:
        print("\nstopping ...")
    except (RuntimeError, TimeoutError) as err:
        print(f"make run failed: {err}")
        status = 1
    finally:
        stop_all(processes, servers)
        print("stopped.")
    sys.exit(status)


def _interrupt(*_):
    raise KeyboardInterrupt


def print_urls() -> None:
    print("\nAnfu is running (logs in .data/logs/, Ctrl-C stops everything):")
    print(f"  front door {FRONT_DOOR}/   (home page, public site; every API under /api/<service>/docs)")
    for service in SERVICES:
        base = f"http://127.0.0.1:{PORTS[service]}"
        print(f"  {service:9} {base}/docs   (OpenAPI {base}/openapi.json, metrics {base}/metrics)")
    print(f"  Kafka     127.0.0.1:{KAFKA_PORT}\n  MongoDB   mongodb://127.0.0.1:{MONGO_PORT}/?replicaSet=secantus")
    print(f"  e-mail    SMTP 127.0.0.1:{SMTP_PORT}; every message notify sends is kept in .data/mail/")
    print("  token     make token ROLE=regulator ORG=330400\n")


def main(argv: list[str]) -> None:
    if argv[:1] == ["topics"]:
        create_topics()
    elif argv[:1] == ["acls"]:
        print(acls.script(), end="")
    elif not argv:
        run()
    else:
        sys.exit("usage: python -m services.platform.stack [topics|acls]")


if __name__ == "__main__":
    main(sys.argv[1:])
