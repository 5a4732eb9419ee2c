"""Registry `GET /providers/{id}` under gunicorn, against a minimal Flask endpoint doing the same single
`find_one` on the same database under the same gunicorn settings (so the ratio is the platform's own cost:
auth, validation, serialisation, metrics, logs), and an empty endpoint for reference.

The load: wrk with 2 threads and 8 connections where it is installed, else 2 processes x 4 threads of Python
http.client (8 connections, a new one per request: gunicorn's sync workers close them), for `SECONDS` per
endpoint after a warm-up, in `ROUNDS` interleaved rounds (median). The load shares the machine with the servers and
the database; wrk takes much less of it, so its figures are steadier. Printed with each: the gunicorn workers'
CPU time per request (from `/proc`), the platform's own cost without the database's and the load's.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.stack import Stack, wait_for
from services.common.web.auth import issue_token
from services.common.web.serving import gunicorn_command
from services.platform import embedded
from services.registry.app import create_app
from services.registry.domain.codes import USCC_CHARS, uscc_check_char

ROOT = Path(__file__).resolve().parents[1]
SECONDS, WARM_UP, ROUNDS, PROCESSES, THREADS = 3.0, 0.5, 5, 2, 4
APPS = {
    "registry GET /providers/{id}": "services.registry.app:create_app()",
    "minimal find_one endpoint": "benchmarks.minimal:find_app()",
    "empty endpoint": "benchmarks.minimal:empty_app()",
}


def register(config) -> tuple[str, dict]:
    """A provider registered through the registry's own API; its id and a token that may read it."""
    first17 = "91330411" + "".join(random.choices(USCC_CHARS, k=9))
    uscc = first17 + uscc_check_char(first17)
    headers = {"Authorization": f"Bearer {issue_token(config, 'agency', uscc)}"}
    body = {
        "uscc": uscc,
        "name": "嘉兴安泰安全技术有限公司",
        "kind": "agency",
        "county": "330411",
        "town": "330411101",
        "categories": ["safety_evaluation", "safety_training"],
        "email": "office@antai.example",
        "qualifications": [
            {
                "category": "safety_evaluation",
                "certificate_no": "APJ-(浙)-001",
                "level": "乙级",
                "issuer": "浙江省应急管理厅",
                "valid_from": "2025-01-01",
                "valid_until": "2030-01-01",
            }
        ],
        "staff": {"count": 20, "safety_engineers": 4},
        "contacts": [{"name": "王工", "phone": "13800000000"}],
    }
    response = create_app(config).test_client().post("/providers", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return uscc, headers


def serve(app: str, config, logs: Path) -> tuple[subprocess.Popen, int]:
    """gunicorn with the production settings of `services.platform.stack` (2 workers)."""
    port = embedded.free_port()
    env = {
        **os.environ,
        "ANFU_SERVICE": "registry",
        "MONGODB_URI": config.mongodb_uri,
        "MONGODB_DATABASE": config.database,
        "KAFKA_BOOTSTRAP_SERVERS": config.kafka_bootstrap_servers,
        "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(dir=logs),
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", *gunicorn_command(f"127.0.0.1:{port}", app)],
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=open(logs / "gunicorn.log", "ab"),
        stderr=subprocess.STDOUT,
    )
    embedded.wait_port(port)
    return process, port


def get(port: int, path: str, headers: dict) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _load(args: tuple) -> tuple[int, int]:
    """One load process: THREADS threads requesting until the deadline; (ok, failed)."""
    port, path, headers, until = args
    counts = [[0, 0] for _ in range(THREADS)]

    def loop(count: list) -> None:
        while time.time() < until:
            count[0 if get(port, path, headers) == 200 else 1] += 1

    threads = [threading.Thread(target=loop, args=(c,)) for c in counts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


def cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time so far of gunicorn's workers (processes whose parent is `server`; Linux `/proc`, else 0)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has ended
            continue
        if int(fields[1]) == server.pid:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _python_load(port: int, path: str, headers: dict) -> tuple[int, int]:
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        results = pool.map(_load, [(port, path, headers, time.time() + SECONDS)] * PROCESSES)
    return sum(r[0] for r in results), sum(r[1] for r in results)


def _wrk_load(port: int, path: str, headers: dict) -> tuple[int, int]:
    """The same load from wrk (PROCESSES threads, as many connections): (ok, failed)."""
    command = ["wrk", "-t", str(PROCESSES), "-c", str(PROCESSES * THREADS), "-d", f"{SECONDS:g}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = int(failed.group(1)) if failed else 0
    return int(re.search(r"(\d+) requests in", out).group(1)) - failed, failed


#: wrk where installed (`apt-get install wrk`): it takes far less of the machine than the Python load
LOAD = (_wrk_load, "wrk") if shutil.which("wrk") else (_python_load, "Python http.client")


def measure(server: subprocess.Popen, port: int, path: str, headers: dict) -> tuple[float, float]:
    """Requests/s over one round, and the workers' CPU seconds per request in it."""
    _load((port, path, headers, time.time() + WARM_UP))
    cpu = cpu_seconds(server)
    ok, failed = LOAD[0](port, path, headers)
    if failed:
        raise RuntimeError(f"{failed} requests failed (see gunicorn.log)")
    return ok / SECONDS, (cpu_seconds(server) - cpu) / ok


def run(stack: Stack, size: int) -> None:
    """All three served at once; ROUNDS interleaved rounds; the median of each."""
    config = stack.config("registry", "http")
    uscc, headers = register(config)
    path, rates, cpu = f"/providers/{uscc}", {name: [] for name in APPS}, {name: [] for name in APPS}
    with tempfile.TemporaryDirectory() as tmp:
        served = {name: serve(app, config, Path(tmp)) for name, app in APPS.items()}
        try:
            for _, port in served.values():
                wait_for(lambda: get(port, path, headers) == 200, timeout=60)
            for _ in range(ROUNDS):
                for name, (process, port) in served.items():
                    rate, seconds = measure(process, port, path, headers)
                    rates[name].append(rate)
                    cpu[name].append(seconds * 1e6)
        finally:
            for process, _ in served.values():
                process.terminate()
                process.wait(30)
    median = {name: statistics.median(values) for name, values in rates.items()}
    print(f"load: {LOAD[1]}")
    for name, rate in median.items():
        print(
            f"{name:30} {rate:8.0f} requests/s  (rounds: {', '.join(f'{r:.0f}' for r in rates[name])}); "
            f"workers' CPU {statistics.median(cpu[name]):4.0f} µs per request"
        )
    registry, minimal = median["registry GET /providers/{id}"], median["minimal find_one endpoint"]
    print(f"registry GET / minimal find_one endpoint = {registry / minimal:.2f}  (target >= 0.8)")
