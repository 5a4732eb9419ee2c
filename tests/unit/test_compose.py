"""deploy/docker-compose.yml and the README configuration table, checked against the code (no Docker needed)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from services.common.settings import PORTS, SERVICES, SETTINGS
from services.common.web.serving import gunicorn_command

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
CONTAINERS = COMPOSE["services"]
REQUIRED = ("ANFU_SERVICE", "MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS", "JWT_ALGORITHM")


def ours() -> dict[str, dict]:
    """Every container built from deploy/Dockerfile."""
    return {name: c for name, c in CONTAINERS.items() if "build" in c}


def environment(container: dict) -> dict:
    env = container.get("environment") or {}
    assert isinstance(env, dict), "use the mapping form of environment"
    return env


def depends(container: dict) -> dict[str, str]:
    return {name: spec["condition"] for name, spec in container.get("depends_on", {}).items()}


def health_command(container: dict) -> str:
    test = container["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else test


def test_ports_are_8001_to_8005_in_service_order():
    assert [PORTS[s] for s in SERVICES] == list(range(8001, 8006))
    assert SERVICES == ("registry", "matching", "credit", "subsidy", "notify")


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_an_api_and_a_worker_from_the_one_image(service):
    api, worker = CONTAINERS[f"{service}-api"], CONTAINERS[f"{service}-worker"]
    for container in (api, worker):
        assert (DEPLOY / container["build"]["context"]).resolve() == ROOT
        assert container["build"]["dockerfile"] == "deploy/Dockerfile"
        assert environment(container)["ANFU_SERVICE"] == service
    assert api["command"] == gunicorn_command("0.0.0.0:8000", f"services.{service}.app:create_app()")
    assert api["ports"] == [f"{PORTS[service]}:8000"]
    assert worker["command"] == ["python", "-m", f"services.{service}.worker"]
    assert "ports" not in worker


def test_no_other_container_uses_our_image():
    expected = {f"{s}-{kind}" for s in SERVICES for kind in ("api", "worker")} | {"topics"}
    assert set(ours()) == expected


def test_every_environment_name_is_a_setting_and_the_important_ones_are_set():
    for name, container in ours().items():
        env = environment(container)
        assert set(env) <= set(SETTINGS), f"{name}: not in SETTINGS: {set(env) - set(SETTINGS)}"
        needed = REQUIRED if name != "topics" else ("KAFKA_BOOTSTRAP_SERVERS",)
        for key in needed:
            assert env.get(key) not in (None, ""), f"{name} must set {key}"
        assert env["KAFKA_IDEMPOTENT_PRODUCER"] == "true", "real Kafka: idempotent producer on"


def test_notifys_worker_sends_through_the_operators_mail_server_and_sms_gateway():
    """The worker sends (the dispatcher); compose refuses to start without a mail server, and the example says so."""
    env = environment(CONTAINERS["notify-worker"])
    assert env["SMTP_HOST"].startswith("${SMTP_HOST:?")
    notify_settings = {name for name in SETTINGS if name.startswith(("SMTP_", "SMS_"))}
    assert notify_settings <= set(env)
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    assert all(f"\n{name}=" in example for name in notify_settings)


def test_services_reach_the_compose_kafka_and_mongo_replica_set():
    advertised = CONTAINERS["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    repl_set = CONTAINERS["mongo"]["command"][CONTAINERS["mongo"]["command"].index("--replSet") + 1]
    for name, container in ours().items():
        env = environment(container)
        assert f"INTERNAL://{env['KAFKA_BOOTSTRAP_SERVERS']}" in advertised.split(","), name
        if name == "topics":
            continue
        uri = urlparse(env["MONGODB_URI"])
        assert uri.hostname == "mongo" and parse_qs(uri.query)["replicaSet"] == [repl_set], name


def test_kafka_runs_in_kraft_mode_with_a_healthcheck():
    kafka = CONTAINERS["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert set(kafka["environment"]["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "9092" in health_command(kafka)


def test_mongo_is_a_replica_set_initiated_by_the_compose_file():
    mongo = CONTAINERS["mongo"]
    assert mongo["image"].startswith("mongo:7")
    assert "--replSet" in mongo["command"]
    repl_set = mongo["command"][mongo["command"].index("--replSet") + 1]
    check = health_command(mongo)
    assert "rs.initiate" in check and f"_id: '{repl_set}'" in check and "host: 'mongo:27017'" in check
    volume = mongo["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"], "mongo data lives in a named volume"


def test_topics_are_created_once_before_any_service_starts():
    topics = CONTAINERS["topics"]
    assert topics["command"] == ["python", "-m", "services.platform.stack", "topics"]
    assert depends(topics) == {"kafka": "service_healthy"}
    assert topics.get("restart", "no") == "no"
    for name, container in ours().items():
        if name != "topics":
            assert depends(container) == {
                "kafka": "service_healthy",
                "mongo": "service_healthy",
                "kafka-setup": "service_completed_successfully",
                "topics": "service_completed_successfully",
            }, name


def test_every_long_running_container_has_a_healthcheck():
    for name, container in CONTAINERS.items():
        if name not in ("topics", "kafka-setup"):
            assert container.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for service in SERVICES:
        assert "127.0.0.1:8000/health/ready" in health_command(CONTAINERS[f"{service}-api"])
        worker = CONTAINERS[f"{service}-worker"]
        port = environment(worker)["WORKER_METRICS_PORT"]
        assert f"127.0.0.1:{port}/metrics" in health_command(worker)


def test_api_metrics_directory_is_a_fresh_tmpfs():
    for service in SERVICES:
        api = CONTAINERS[f"{service}-api"]
        assert environment(api)["PROMETHEUS_MULTIPROC_DIR"] in api["tmpfs"]


@pytest.mark.parametrize("module", [f"services.{s}.{m}" for s in SERVICES for m in ("app", "worker")])
def test_every_command_names_a_module_of_the_code(module):
    assert importlib.util.find_spec(module) is not None, f"{module} is started by compose but does not exist"


def readme_table() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- config-table -->(.*?)<!-- /config-table -->", text, re.S)
    assert match, "README.md needs <!-- config-table --> ... <!-- /config-table -->"
    rows = [line.strip() for line in match.group(1).splitlines() if line.strip().startswith("|")]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    return list(cells[2:])  # past the header and the --- line


def test_readme_configuration_table_lists_exactly_the_settings():
    rows = readme_table()
    names = [row[0].strip("`") for row in rows]
    assert len(names) == len(set(names)), "a setting is listed twice"
    assert set(names) == set(SETTINGS)
    for row in rows:
        default = SETTINGS[row[0].strip("`")][0]
        assert row[1] == (f"`{default}`" if default else "(empty)"), f"default of {row[0]}"
        assert row[2], f"{row[0]} has no meaning"


# --- Kafka: authenticated and authorized (issue 9) ---

KAFKA_ENV = CONTAINERS["kafka"]["environment"]


def listeners() -> dict[str, str]:
    """Listener name -> its address (host:port) in KAFKA_LISTENERS."""
    return dict(item.split("://") for item in KAFKA_ENV["KAFKA_LISTENERS"].split(","))


def protocols() -> dict[str, str]:
    return dict(item.split(":") for item in KAFKA_ENV["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))


def test_every_client_listener_requires_sasl_scram():
    controller = KAFKA_ENV["KAFKA_CONTROLLER_LISTENER_NAMES"]
    clients = set(listeners()) - {controller}
    assert clients == {"INTERNAL", "EXTERNAL"}
    assert {protocols()[name] for name in clients} <= {"SASL_PLAINTEXT", "SASL_SSL"}
    advertised = {item.split("://")[0] for item in KAFKA_ENV["KAFKA_ADVERTISED_LISTENERS"].split(",")}
    assert advertised == clients, "the controller listener is never advertised"
    assert KAFKA_ENV["KAFKA_SASL_ENABLED_MECHANISMS"] == "SCRAM-SHA-512"
    assert KAFKA_ENV["KAFKA_INTER_BROKER_LISTENER_NAME"] in clients
    assert KAFKA_ENV["KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL"] == "SCRAM-SHA-512"


def test_the_only_plaintext_listener_is_the_controller_on_the_containers_loopback():
    plaintext = {name for name, protocol in protocols().items() if protocol == "PLAINTEXT" and name in listeners()}
    assert plaintext == {KAFKA_ENV["KAFKA_CONTROLLER_LISTENER_NAMES"]}
    (name,) = plaintext
    assert listeners()[name].startswith("localhost:")
    assert KAFKA_ENV["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"1@{listeners()[name]}"


def test_no_plaintext_listener_is_published_to_the_host():
    published = {int(port.split(":")[-1]) for port in CONTAINERS["kafka"]["ports"]}
    by_port = {int(address.rsplit(":", 1)[1]): name for name, address in listeners().items()}
    assert published == {9094}
    assert all(protocols()[by_port[port]].startswith("SASL_") for port in published)


def test_the_authorizer_denies_whatever_is_not_granted():
    assert KAFKA_ENV["KAFKA_AUTHORIZER_CLASS_NAME"] == "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    assert KAFKA_ENV["KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"] == "false"
    assert set(KAFKA_ENV["KAFKA_SUPER_USERS"].split(";")) == {
        "User:admin",
        "User:ANONYMOUS",
    }  # ANONYMOUS: loopback controller only
    assert not [k for k, v in KAFKA_ENV.items() if k.startswith("KAFKA_") and "PASSWORD" in k], (
        "KAFKA_* variables become broker properties: keep secrets out of them"
    )
    assert "--command-config" in health_command(CONTAINERS["kafka"])


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_container_authenticates_as_its_own_principal(service):
    for container in (CONTAINERS[f"{service}-api"], CONTAINERS[f"{service}-worker"]):
        env = environment(container)
        assert env["KAFKA_SECURITY_PROTOCOL"] in ("SASL_PLAINTEXT", "SASL_SSL")
        assert env["KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
        assert env["KAFKA_SASL_USERNAME"] == service
        assert re.fullmatch(rf"\$\{{KAFKA_PASSWORD_{service.upper()}:\?[^}}]+\}}", env["KAFKA_SASL_PASSWORD"]), (
            "its own password, with no default"
        )
    setup = CONTAINERS["kafka-setup"]["environment"]
    assert setup[f"KAFKA_PASSWORD_{service.upper()}"] == env["KAFKA_SASL_PASSWORD"]


def test_setup_creates_a_principal_per_government_system_and_the_admin_creates_topics():
    setup = CONTAINERS["kafka-setup"]
    assert setup["image"] == CONTAINERS["kafka"]["image"] and setup["command"] == ["bash", "/opt/anfu/setup.sh"]
    assert depends(setup) == {"kafka": "service_healthy"}
    systems = setup["environment"]["ANFU_GOVERNMENT_SYSTEMS"].split()
    assert systems and all(s.startswith("gov-") for s in systems)
    for system in systems:
        assert setup["environment"][f"KAFKA_PASSWORD_{system.upper().replace('-', '_')}"].startswith("${")
    topics = environment(CONTAINERS["topics"])
    assert topics["KAFKA_SASL_USERNAME"] == "admin"
    assert topics["KAFKA_SASL_PASSWORD"] == CONTAINERS["kafka"]["environment"]["ANFU_ADMIN_PASSWORD"]
    for container in ("kafka", "kafka-setup"):
        assert "./kafka:/opt/anfu:ro" in CONTAINERS[container]["volumes"]
