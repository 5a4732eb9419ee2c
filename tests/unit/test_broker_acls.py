"""The Kafka ACL plan (services/acls.py) and deploy/kafka/acls.sh, checked against the catalogue and the
workers' handlers: a service writes only its own events and dead letters and reads only what it consumes; a
government system writes only the three external topics. The shell file is run (with `echo` as kafka-acls)."""
from __future__ import annotations

import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from services import acls
from services.acls import Grant
from services.common.catalogue import CATALOGUE
from services.common.config import SERVICES
from services.common.topology import all_topics, consumers

KAFKA_DIR = Path(__file__).resolve().parents[2] / "deploy" / "kafka"
EXTERNAL = {"violation-recorded", "violation-revoked", "inspection-completed"}


def of(grants, principal, operation, resource="topic") -> set[str]:
    return {g.name for g in grants if (g.principal, g.operation, g.resource) == (principal, operation, resource)}


def run_shell(function: str, *args: str) -> list[Grant]:
    """Source acls.sh, call a function with `echo` as the kafka-acls command, parse what it would run."""
    script = f". {shlex.quote(str(KAFKA_DIR / 'acls.sh'))}; {function} {' '.join(map(shlex.quote, args))} echo"
    out = subprocess.run(["bash", "-euc", script], capture_output=True, text=True, check=True).stdout
    grants = []
    for line in out.splitlines():
        words = line.split()
        assert words[:2] == ["--add", "--allow-principal"], line
        principal, operation = words[2].removeprefix("User:"), words[4]
        pairs = list(zip(words[5::2], words[6::2]))
        grants += [Grant(principal, operation, flag.removeprefix("--"), name) for flag, name in pairs]
    return grants


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_writes_its_own_events_and_dead_letters_only(service):
    own = {name for name, kind in CATALOGUE.items() if kind.producer == service}
    read = {name for name, readers in consumers().items() if service in readers}
    grants = acls.service_grants(service)
    assert of(grants, service, "Write") == own | {f"{t}.{service}-dlq" for t in read}
    assert of(grants, service, "Read") == read
    assert of(grants, service, "Read", "group") == ({service} if read else set())
    assert {g.principal for g in grants} <= {service}
    assert {g.operation for g in grants} <= {"Read", "Write"}


def test_no_service_may_write_what_another_produces():
    writers = defaultdict(set)
    for grant in acls.plan():
        if grant.operation == "Write":
            writers[grant.name].add(grant.principal)
    assert all(len(who) == 1 for who in writers.values()), writers
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
    assert (KAFKA_DIR / "acls.sh").read_text(encoding="utf-8") == acls.script(), \
        "regenerate: python -m services.stack acls > deploy/kafka/acls.sh"


def test_the_shell_file_grants_exactly_the_plan():
    assert sorted(run_shell("service_acls")) == sorted(acls.plan())
    assert sorted(run_shell("government_acls", "gov-tax")) == sorted(acls.government_grants("gov-tax"))


def test_the_stack_command_prints_the_acls():
    out = subprocess.run([sys.executable, "-m", "services.stack", "acls"],
                         capture_output=True, text=True, check=True, cwd=KAFKA_DIR.parents[1]).stdout
    assert out == acls.script()


@pytest.mark.parametrize("script", sorted(p.name for p in KAFKA_DIR.glob("*.sh")))
def test_the_kafka_scripts_are_valid_bash(script):
    subprocess.run(["bash", "-n", str(KAFKA_DIR / script)], check=True)


def test_the_admin_is_created_at_format_time_and_principals_by_the_admin():
    start = (KAFKA_DIR / "start.sh").read_text()
    lib = (KAFKA_DIR / "lib.sh").read_text()
    assert "kafka-storage.sh format --ignore-formatted" in start and '--add-scram "$MECHANISM=[name=$ADMIN' in start
    assert "kafka-configs.sh" in lib and "--entity-type users" in lib and "MECHANISM=SCRAM-SHA-512" in lib
    assert 'exec /etc/kafka/docker/run' in start
