"""The Kafka ACL plan (services/platform/acls.py) and deploy/kafka/acls.sh, checked against the catalogue and the
workers' handlers: a service writes only its own events and dead letters and reads only what it consumes; a
government system writes only the three external topics. acls.sh and the deploy/kafka scripts run here with
recording stand-ins for the Kafka tools (no Docker needed)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from services.common.events.catalogue import CATALOGUE
from services.common.settings import SERVICES
from services.platform import acls
from services.platform.acls import Grant
from services.platform.topology import all_topics, consumers

KAFKA_DIR = Path(__file__).resolve().parents[2] / "deploy" / "kafka"
EXTERNAL = {"violation-recorded", "violation-revoked", "inspection-completed"}


def compose_kafka_env() -> dict:
    return yaml.safe_load((KAFKA_DIR.parent / "docker-compose.yml").read_text())["services"]["kafka"]["environment"]


def of(grants, principal, operation, resource="topic") -> set[str]:
    return {g.name for g in grants if (g.principal, g.operation, g.resource) == (principal, operation, resource)}


def parse_acls(lines: list[str]) -> list[Grant]:
    """Grants from `--add --allow-principal User:P --operation OP --topic T ... --group G` argument lines."""
    grants = []
    for line in lines:
        words = line.split()
        assert words[:2] == ["--add", "--allow-principal"], line
        principal, operation = words[2].removeprefix("User:"), words[4]
        pairs = list(zip(words[5::2], words[6::2]))
        grants += [Grant(principal, operation, flag.removeprefix("--"), name) for flag, name in pairs]
    return grants


def run_shell(function: str, *args: str) -> list[Grant]:
    """Source acls.sh, call a function with `echo` as the kafka-acls command, parse what it would run."""
    script = f". {shlex.quote(str(KAFKA_DIR / 'acls.sh'))}; {function} {' '.join(map(shlex.quote, args))} echo"
    out = subprocess.run(["bash", "-euc", script], capture_output=True, text=True, check=True).stdout
    return parse_acls(out.splitlines())


@pytest.fixture
def fake_kafka(tmp_path):
    """deploy/kafka's scripts with kafka-acls.sh/kafka-configs.sh that only record their arguments."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    for tool in ("kafka-acls.sh", "kafka-configs.sh"):
        (bin_dir / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> {log}\n')
        (bin_dir / tool).chmod(0o755)
    env = {
        "PATH": "/usr/bin:/bin",
        "ANFU_DIR": str(KAFKA_DIR),
        "KAFKA_BIN": str(bin_dir),
        "ANFU_ADMIN_CONFIG": str(tmp_path / "admin.properties"),
        "ANFU_ADMIN_PASSWORD": "admin-pw-0123456789",
    }

    def run(script: str, *args: str, **extra: str) -> tuple[subprocess.CompletedProcess, dict, list[Grant]]:
        done = subprocess.run(
            ["bash", str(KAFKA_DIR / script), *args],
            env={**env, **extra},
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        calls = log.read_text().splitlines() if log.exists() else []
        users = {}
        for call in calls:
            if call.startswith("kafka-configs.sh"):
                words = call.split()
                users[words[words.index("--entity-name") + 1]] = words[words.index("--add-config") + 1]
        acl_lines = [c.split("--command-config ")[1].split(" ", 1)[1] for c in calls if c.startswith("kafka-acls.sh")]
        return done, users, parse_acls(acl_lines)

    return run


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_writes_its_own_events_and_dead_letters_only(service):
    own = {name for name, kind in CATALOGUE.items() if service in kind.producers}
    read = {name for name, readers in consumers().items() if service in readers}
    grants = acls.service_grants(service)
    assert of(grants, service, "Write") == own | {f"{t}.{service}-dlq" for t in read}
    assert of(grants, service, "Read") == read
    assert of(grants, service, "Read", "group") == ({service} if read else set())
    assert {g.principal for g in grants} <= {service}
    assert {g.operation for g in grants} <= {"Read", "Write"}


def test_only_the_declared_producers_may_write_a_topic():
    writers = defaultdict(set)
    for grant in acls.plan():
        if grant.operation == "Write":
            writers[grant.name].add(grant.principal)
    for topic, who in writers.items():
        expected = set(CATALOGUE[topic].producers) if topic in CATALOGUE else {topic.rsplit("-", 1)[0].split(".")[-1]}
        assert who == expected, topic
    assert writers["inspection-completed"] == {"matching", "credit"}  # credit publishes regulators' spot checks
    assert set(writers) <= set(all_topics())


def test_credit_reads_violations_but_matching_cannot_forge_a_rating():
    plan = acls.plan()
    assert "violation-recorded" in of(plan, "credit", "Read")
    assert "rating-changed" in of(plan, "matching", "Read") and "rating-changed" not in of(plan, "matching", "Write")


def test_a_government_system_writes_exactly_the_three_external_topics():
    grants = acls.government_grants("gov-enforcement")
    assert of(grants, "gov-enforcement", "Write") == EXTERNAL
    assert {(g.principal, g.operation, g.resource) for g in grants} == {("gov-enforcement", "Write", "topic")}


def test_the_committed_acl_file_is_what_the_code_generates():
    assert (KAFKA_DIR / "acls.sh").read_text(encoding="utf-8") == acls.script(), (
        "regenerate: python -m services.platform.stack acls > deploy/kafka/acls.sh"
    )


def test_the_shell_file_grants_exactly_the_plan():
    assert sorted(run_shell("service_acls")) == sorted(acls.plan())
    assert sorted(run_shell("government_acls", "gov-tax")) == sorted(acls.government_grants("gov-tax"))


def test_the_stack_command_prints_the_acls():
    out = subprocess.run(
        [sys.executable, "-m", "services.platform.stack", "acls"],
        capture_output=True,
        text=True,
        check=True,
        cwd=KAFKA_DIR.parents[1],
    ).stdout
    assert out == acls.script()


@pytest.mark.parametrize("script", sorted(p.name for p in KAFKA_DIR.glob("*.sh")))
def test_the_kafka_scripts_are_valid_bash(script):
    checked = subprocess.run(["bash", "-n", str(KAFKA_DIR / script)], capture_output=True, text=True)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_the_broker_starts_with_a_jaas_login_and_the_admin_created_at_format_time(tmp_path):
    """start.sh with a kafka-storage.sh that records its arguments and the format file, and `env` as the image's run."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    storage = bin_dir / "kafka-storage.sh"
    storage.write_text(
        f'#!/bin/sh\necho "$*" > {tmp_path}/format.args\n'
        f'while [ $# -gt 0 ]; do [ "$1" = --config ] && cat "$2" > {tmp_path}/format.props; shift; done\n'
    )
    storage.chmod(0o755)
    kafka = {k: v for k, v in compose_kafka_env().items() if v is not None}
    env = {
        **{k: str(v) for k, v in kafka.items()},
        "PATH": "/usr/bin:/bin",
        "TMPDIR": str(tmp_path),
        "ANFU_DIR": str(KAFKA_DIR),
        "KAFKA_BIN": str(bin_dir),
        "ANFU_ADMIN_CONFIG": str(tmp_path / "admin.properties"),
        "ANFU_ADMIN_PASSWORD": "admin-pw-0123456789",
        "KAFKA_DOCKER_RUN": "/usr/bin/env",
        "KAFKA_ADVERTISED_LISTENERS": kafka["KAFKA_ADVERTISED_LISTENERS"].replace(
            "${KAFKA_EXTERNAL_HOST:-localhost}", "gw.example"
        ),
    }
    done = subprocess.run(["bash", str(KAFKA_DIR / "start.sh")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    args = (tmp_path / "format.args").read_text()
    assert args.startswith(f"format --ignore-formatted --cluster-id {kafka['CLUSTER_ID']} --config ")
    assert args.rstrip().endswith("--add-scram SCRAM-SHA-512=[name=admin,password=admin-pw-0123456789]")
    props = dict(line.split("=", 1) for line in (tmp_path / "format.props").read_text().splitlines())
    assert props["listeners"] == kafka["KAFKA_LISTENERS"] and props["inter.broker.listener.name"] == "INTERNAL"
    assert props["advertised.listeners"] == "INTERNAL://kafka:9092,EXTERNAL://gw.example:9094"
    exported = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)  # what run receives
    jaas = exported["KAFKA_OPTS"].split("-Djava.security.auth.login.config=")[1].split()[0]
    assert 'ScramLoginModule required\n  username="admin" password="admin-pw-0123456789";' in Path(jaas).read_text()
    assert Path(jaas).stat().st_mode & 0o077 == 0, "the JAAS file holds the admin password: owner only"
    assert not (tmp_path / "anfu-format.properties").exists()


def test_setup_creates_every_principal_with_its_password_and_applies_the_plan(fake_kafka, tmp_path):
    passwords = {f"KAFKA_PASSWORD_{s.upper()}": f"pw-{s}-0123456789" for s in SERVICES}
    done, users, grants = fake_kafka(
        "setup.sh",
        ANFU_GOVERNMENT_SYSTEMS="gov-enforcement gov-tax",
        KAFKA_PASSWORD_GOV_ENFORCEMENT="pw-enf-0123456789",
        KAFKA_PASSWORD_GOV_TAX="pw-tax-0123456789",
        **passwords,
    )
    assert done.returncode == 0, done.stderr
    expected = {s: f"pw-{s}-0123456789" for s in SERVICES} | {
        "gov-enforcement": "pw-enf-0123456789",
        "gov-tax": "pw-tax-0123456789",
    }
    assert users == {name: f"SCRAM-SHA-512=[iterations=8192,password={pw}]" for name, pw in expected.items()}
    assert sorted(grants) == sorted(
        acls.plan() + acls.government_grants("gov-enforcement") + acls.government_grants("gov-tax")
    )
    admin = tmp_path / "admin.properties"
    assert 'username="admin" password="admin-pw-0123456789"' in admin.read_text()
    assert admin.stat().st_mode & 0o077 == 0, "the admin's client properties are readable by their owner only"


def test_setup_stops_at_a_missing_password_or_a_misnamed_government_system(fake_kafka):
    passwords = {f"KAFKA_PASSWORD_{s.upper()}": "pw-0123456789" for s in SERVICES if s != "credit"}
    done, _, grants = fake_kafka("setup.sh", **passwords)
    assert done.returncode != 0 and "KAFKA_PASSWORD_CREDIT" in done.stderr and grants == []
    passwords["KAFKA_PASSWORD_CREDIT"] = "pw-0123456789"
    done, users, _ = fake_kafka("setup.sh", ANFU_GOVERNMENT_SYSTEMS="tax-bureau", **passwords)
    assert done.returncode != 0 and "gov-<system>" in done.stderr and "tax-bureau" not in users


def test_an_operator_adds_a_government_system_that_writes_the_external_topics_only(fake_kafka):
    done, users, grants = fake_kafka("add-government-system.sh", "gov-tax", KAFKA_PRINCIPAL_PASSWORD="short")
    assert done.returncode != 0 and users == {}
    done, users, grants = fake_kafka(
        "add-government-system.sh", "gov-tax", KAFKA_PRINCIPAL_PASSWORD="a-long-enough-password"
    )
    assert done.returncode == 0, done.stderr
    assert users == {"gov-tax": "SCRAM-SHA-512=[iterations=8192,password=a-long-enough-password]"}
    assert sorted(grants) == sorted(acls.government_grants("gov-tax"))
    assert sorted(done.stdout.split(": ")[1].split()) == sorted(EXTERNAL)
    done, users, _ = fake_kafka("add-government-system.sh", "tax", KAFKA_PRINCIPAL_PASSWORD="a-long-enough-password")
    assert done.returncode != 0 and "tax" not in users
