"""Run a real worker entry point as a subprocess, configured through the environment as in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from services.common.config import Config

ROOT = Path(__file__).resolve().parents[2]


def worker_env(config: Config, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ANFU_CRASHPOINT"}
    env.update(
        ANFU_SERVICE=config.service,
        MONGODB_URI=config.mongodb_uri,
        MONGODB_DATABASE=config.database,
        KAFKA_BOOTSTRAP_SERVERS=config.kafka_bootstrap_servers,
        KAFKA_CONSUMER_GROUP=config.consumer_group,
        KAFKA_SESSION_TIMEOUT_MS=str(config.kafka_session_timeout_ms),
        OUTBOX_POLL_SECONDS="0.05",
        LOG_LEVEL="INFO",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def spawn(module: str, config: Config, log: Path, **extra: str) -> subprocess.Popen:
    """`python -m module` with stdout+stderr to `log`."""
    return subprocess.Popen(
        [sys.executable, "-m", module],
        env=worker_env(config, **extra),
        cwd=ROOT,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
