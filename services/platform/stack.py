"""`make run`: the whole platform on one machine — embedded Kafka (Tansu) and MongoDB (SecantusDB), the
topics, a local SMTP sink (mail kept in .data/mail/), each service's API (gunicorn) and worker, and the front
door (Caddy, http://127.0.0.1:8000: the home page, the public site and every API on one address). A watchdog
restarts the database or the broker when it stops answering (`watchdog.py`). Ctrl-C, SIGTERM (to the stack or
its whole process group) and SIGHUP stop everything it started (`supervision.py`).

    python -m services.platform.stack          # run everything
    python -m services.platform.stack topics   # only create the topics (used by docker compose)
    python -m services.platform.stack acls     # print the Kafka ACL functions (deploy/kafka/acls.sh is this output)

Ports, the data folder and the watchdog's timings are the ANFU_STACK_* settings. The embedded servers listen on
127.0.0.1 only: Tansu cannot authenticate here (see README, Docker Compose).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from services.common.config import Config
from services.common.events.bus import ensure_topics
from services.common.settings import SERVICES, env
from services.common.web.serving import gunicorn_command
from services.platform import acls, embedded, frontdoor
from services.platform.supervision import Child, Stopping, Supervisor, stop_children
from services.platform.topology import all_topics
from services.platform.watchdog import Watchdog, Watched

ROOT = Path(__file__).resolve().parents[2]
DEAD_BROKER_GRACE = 5  # seconds a worker may take to stop when its broker is gone (it has nothing left to drain)


@dataclass(frozen=True)
class Layout:
    """Where the stack keeps its data and which ports it takes (the ANFU_STACK_* settings)."""

    data: Path
    kafka_port: int
    mongo_port: int
    smtp_port: int
    front_door_port: int
    api_ports: dict[str, int]

    @classmethod
    def from_env(cls) -> Layout:
        first = int(env("ANFU_STACK_API_PORT"))
        return cls(
            data=ROOT / env("ANFU_STACK_DATA"),  # an absolute setting stays as it is
            kafka_port=int(env("ANFU_STACK_KAFKA_PORT")),
            mongo_port=int(env("ANFU_STACK_MONGODB_PORT")),
            smtp_port=int(env("ANFU_STACK_SMTP_PORT")),
            front_door_port=int(env("ANFU_STACK_FRONT_DOOR_PORT")),
            api_ports={service: first + n for n, service in enumerate(SERVICES)},
        )

    @property
    def kafka(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def mongodb(self) -> str:
        return f"mongodb://127.0.0.1:{self.mongo_port}/?replicaSet=secantus"

    def api(self, service: str) -> str:
        return f"http://127.0.0.1:{self.api_ports[service]}"

    @property
    def front_door(self) -> str:
        return f"http://127.0.0.1:{self.front_door_port}"

    def ports(self) -> dict[int, str]:
        named = {self.kafka_port: "Kafka", self.mongo_port: "MongoDB", self.smtp_port: "SMTP sink"}
        named[self.front_door_port] = "front door"
        return {**named, **{port: f"{service} API" for service, port in self.api_ports.items()}}


def create_topics(config: Config) -> str:
    """Every topic and dead-letter topic (idempotent); what was done, for people."""
    ensure_topics(config, all_topics())
    return f"topics ready on {config.kafka_bootstrap_servers}: {len(all_topics())}"


def check_ports(layout: Layout) -> None:
    taken = [f"{port} ({what})" for port, what in layout.ports().items() if not embedded.port_free(port)]
    if taken:
        sys.exit(
            f"make run: port(s) already in use: {', '.join(taken)}. Stop whatever holds them "
            f"(another `make run`?) and try again."
        )


def service_env(service: str, layout: Layout) -> dict[str, str]:
    metrics = layout.data / "metrics" / service
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    public = ",".join(f"{name}={layout.front_door}" for name in ("home", *SERVICES))  # every link through it
    defaults = {"ANFU_PUBLIC_URLS": public, "SCHEDULE_SECONDS": "60", "SMTP_PORT": str(layout.smtp_port)}
    return {
        **defaults,
        **os.environ,
        "ANFU_SERVICE": service,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        "MONGODB_URI": layout.mongodb,
        "KAFKA_BOOTSTRAP_SERVERS": layout.kafka,
        "KAFKA_SECURITY_PROTOCOL": "PLAINTEXT",
    }


def start_service(service: str, layout: Layout) -> list[Child]:
    env_, logs = service_env(service, layout), layout.data / "logs"
    app = f"services.{service}.app:create_app()"
    api = [sys.executable, "-m", *gunicorn_command(f"127.0.0.1:{layout.api_ports[service]}", app)]
    worker = [sys.executable, "-m", f"services.{service}.worker"]
    return [
        Child(f"{service}-api", api, env_, logs / f"{service}-api.log", ROOT).start(),
        Child(f"{service}-worker", worker, env_, logs / f"{service}-worker.log", ROOT).start(),
    ]


def wait_ready(layout: Layout, children: list[Child], supervisor: Supervisor, timeout: float = 120) -> None:
    waiting, deadline = list(SERVICES), time.monotonic() + timeout
    while waiting:
        supervisor.check()
        dead = [child.name for child in children if not child.alive()]
        if dead:
            raise RuntimeError(f"{', '.join(dead)} exited; see {layout.data / 'logs'}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"not ready after {timeout:.0f} s: {', '.join(waiting)}")
        waiting = [s for s in waiting if not embedded.answers(f"{layout.api(s)}/health/ready", timeout=5)]
        supervisor.wait(0.5 if waiting else 0)


def run() -> None:
    layout = Layout.from_env()
    check_ports(layout)
    (layout.data / "logs").mkdir(parents=True, exist_ok=True)
    supervisor = Supervisor(layout.data / "logs")
    servers, children, status = [], [], 0
    try:
        watchdog = start(layout, supervisor, servers, children)
        status = supervise(children, watchdog, supervisor)
    except Stopping:
        pass
    except (RuntimeError, TimeoutError, OSError) as err:
        supervisor.say(f"make run failed: {err}", logging.ERROR)
        status = 1
    finally:
        if supervisor.signal:
            supervisor.say(f"\n{supervisor.signal}: stopping ...")
        stop_children(children, supervisor.say)
        for server in servers:  # all at once (SecantusDB takes 2 s), after the services that use them
            server.terminate()
        for server in servers:
            server.stop()
        supervisor.say("stopped.")
        supervisor.flush()
    sys.exit(status)


def start(layout: Layout, supervisor: Supervisor, servers: list, children: list[Child]) -> Watchdog:
    """Servers, topics, every service; the watchdog over the servers once all services are ready. What is
    started is added to `servers` and `children` at once, so that whatever happens, it is stopped."""
    logs, say = layout.data / "logs", supervisor.say
    say(f"starting Kafka (Tansu, in memory) and MongoDB (SecantusDB, data in {layout.data / 'mongodb'}) ...")
    kafka = embedded.start_kafka(layout.kafka_port, logs / "kafka.log")
    servers.append(kafka)
    mongo = embedded.start_mongo(layout.mongo_port, layout.data / "mongodb", logs / "mongodb.log", sync=True)
    servers.append(mongo)  # sync: the watchdog may have to kill it; what it acknowledged must still be there
    servers.append(embedded.MailSink(layout.data / "mail", layout.smtp_port))
    broker = Config.from_env("registry", kafka_bootstrap_servers=layout.kafka, kafka_security_protocol="PLAINTEXT")
    say(create_topics(broker))
    for service in SERVICES:
        supervisor.check()
        children += start_service(service, layout)
    wait_ready(layout, children, supervisor)
    upstreams = {service: f"127.0.0.1:{port}" for service, port in layout.api_ports.items()}
    servers.append(
        frontdoor.start(layout.data / "frontdoor", logs / "frontdoor.log", layout.front_door_port, upstreams)
    )
    print_urls(layout, say)
    workers = [child for child in children if child.name.endswith("-worker")]

    def new_broker() -> None:
        """An empty cluster: the topics again, then the workers (stopped before it started: a consumer group
        cannot move to a new cluster). Each group starts from the beginning of what the relays publish again,
        and each inbox drops what was already applied."""
        say(create_topics(broker))
        for worker in workers:
            worker.start()

    watched = [
        Watched(kafka, "Kafka (Tansu, in memory)", lambda: stop_children(workers, say, DEAD_BROKER_GRACE), new_broker),
        Watched(mongo, f"MongoDB ({layout.mongodb})"),
    ]
    probe, unresponsive = float(env("ANFU_STACK_PROBE_SECONDS")), float(env("ANFU_STACK_UNRESPONSIVE_SECONDS"))
    return Watchdog(watched, probe, unresponsive, supervisor)


def supervise(children: list[Child], watchdog: Watchdog, supervisor: Supervisor) -> int:
    """Until told to stop: the watchdog's rounds; a service process that exits stops everything (status 1)."""
    while not supervisor.wait(0.5):
        dead = [child.name for child in children if not child.alive()]
        if dead:
            supervisor.say(f"{', '.join(dead)} exited unexpectedly; see the logs. Stopping everything.", logging.ERROR)
            return 1
        watchdog.check()
    return 0


def print_urls(layout: Layout, say) -> None:
    lines = [f"\nAnfu is running (logs in {layout.data / 'logs'}, Ctrl-C stops everything):"]
    lines.append(f"  front door {layout.front_door}/   (home page, public site; every API under /api/<service>/docs)")
    for service in SERVICES:
        base = layout.api(service)
        lines.append(f"  {service:9} {base}/docs   (OpenAPI {base}/openapi.json, metrics {base}/metrics)")
    lines.append(f"  Kafka     {layout.kafka}\n  MongoDB   {layout.mongodb}")
    lines.append(f"  e-mail    SMTP 127.0.0.1:{layout.smtp_port}; every message notify sends: {layout.data / 'mail'}/")
    lines.append("  token     make token ROLE=regulator ORG=330400\n")
    say("\n".join(lines))


def main(argv: list[str]) -> None:
    if argv[:1] == ["topics"]:
        print(create_topics(Config.from_env("registry")))
    elif argv[:1] == ["acls"]:
        print(acls.script(), end="")
    elif not argv:
        run()
    else:
        sys.exit("usage: python -m services.platform.stack [topics|acls]")


if __name__ == "__main__":
    main(sys.argv[1:])
