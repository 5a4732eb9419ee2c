"""SecantusDB wedges when an index is created on a collection that another connection is writing for the first time.

Standalone: needs only the standard library, pymongo and secantusdb (py-spy, if installed, shows where the server
spins). It starts SecantusDB as a one-node replica set, the way `python -m secantus` is usually started, then
repeats one call pattern on a fresh collection each time until the server stops answering:

  txn     client A starts a transaction and inserts the first document of collection c<n>; client B then calls
          createIndexes on c<n>; A goes on with its transaction (default: wedges on the first try)
  upsert  A upserts the first document of c<n> (outside a transaction) while B calls createIndexes on c<n>
          (what `limits`' MongoDB storage does when one thread counts while another makes its TTL index)
  insert  as upsert, with a plain insert

    python repro.py [--pattern txn|upsert|insert] [--iterations 200] [--timeout 10] [--native]
    python repro.py --with-suggested-fix ...   # the server runs with the fix suggested upstream: no wedge

Exit status: 0 after the given number of clean iterations, 1 when the server wedged (after printing the py-spy dump
of the server and its CPU use), 2 when the server could not be started.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import pymongo


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(storage: str, with_fix: bool) -> tuple[subprocess.Popen, str]:
    """SecantusDB on 127.0.0.1 (a one-node replica set named `secantus`), its data under `storage`."""
    port = free_port()
    server = [os.path.abspath(__file__), "--serve-with-fix"] if with_fix else ["-m", "secantus"]
    process = subprocess.Popen(
        [sys.executable, *server, "--host", "127.0.0.1", "--port", str(port), "--storage-path", storage,
         "--log-level", "WARNING"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"mongodb://127.0.0.1:{port}/?replicaSet=secantus"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"SecantusDB did not listen on port {port} within 30 s")


def serve_with_fix(argv: list[str]) -> int:
    """The server, its `Storage.create_collection` as suggested upstream: the catalogue write in an explicit WiredTiger
    transaction (a conflict fails at once instead of spinning), retried after the storage lock is released."""
    from secantus import cli, storage

    create_collection = storage.Storage.create_collection

    def in_a_transaction(self, db, coll, options=None):
        with self._lock, self._batch_transaction():
            return create_collection(self, db, coll, options)

    storage.Storage.create_collection = storage._retry_write_conflicts(in_a_transaction)
    return cli.main(argv)


class Call(threading.Thread):
    """A client call on its own thread: done, or still waiting for the server."""

    def __init__(self, name: str, target):
        super().__init__(name=name, daemon=True)
        self.target_, self.error = target, None

    def run(self) -> None:
        try:
            self.target_()
        except Exception as err:  # noqa: BLE001 - reported, not raised: the server may be killed under it
            self.error = err


def txn_then_index(a: pymongo.MongoClient, b: pymongo.MongoClient, coll: str) -> list[Call]:
    db_a, db_b = a["wedge"], b["wedge"]
    first_write_done = threading.Event()

    def transaction():
        with a.start_session() as session, session.start_transaction():
            db_a[coll].insert_one({"n": 1}, session=session)  # the collection's first document
            first_write_done.set()
            time.sleep(0.2)  # B's createIndexes reaches the server meanwhile
            db_a["others"].insert_one({"n": 2}, session=session)  # the transaction's next statement

    def index():
        first_write_done.wait(10)
        db_b[coll].create_index("n")

    return [Call("A transaction", transaction), Call("B createIndexes", index)]


def write_and_index(kind: str):
    def pattern(a: pymongo.MongoClient, b: pymongo.MongoClient, coll: str) -> list[Call]:
        db_a, db_b = a["wedge"], b["wedge"]
        start = threading.Barrier(2, timeout=10)

        def write():
            start.wait()
            if kind == "upsert":
                db_a[coll].find_one_and_update({"_id": "key"}, {"$inc": {"count": 1}}, upsert=True)
            else:
                db_a[coll].insert_one({"n": 1})

        def index():
            start.wait()
            db_b[coll].create_index("expireAt", expireAfterSeconds=0)

        return [Call(f"A {kind}", write), Call("B createIndexes", index)]
    return pattern


PATTERNS = {"txn": txn_then_index, "upsert": write_and_index("upsert"), "insert": write_and_index("insert")}


def cpu_percent(pid: int, seconds: float = 2.0) -> float:
    """The process's CPU use over `seconds` (Linux /proc), in % of one core."""
    def ticks() -> int:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    try:
        before = ticks()
        time.sleep(seconds)
        return 100.0 * (ticks() - before) / os.sysconf("SC_CLK_TCK") / seconds
    except OSError:
        return float("nan")


def py_spy(pid: int, native: bool) -> None:
    tool = shutil.which("py-spy") or shutil.which("py-spy", path=os.path.dirname(sys.executable))
    if tool is None:
        print("(py-spy is not installed: pip install py-spy, then run again to see where the server spins)")
        return
    print(f"\n$ py-spy dump --pid {pid}{' --native' if native else ''}", flush=True)
    subprocess.run([tool, "dump", "--pid", str(pid), *(["--native"] if native else [])], check=False)


def versions() -> str:
    found = []
    for name in ("secantusdb", "pymongo"):
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} ?")
    try:
        import wiredtiger  # the binding SecantusDB's wheel ships
        found.append(wiredtiger.wiredtiger_version()[0].split(":")[0])
    except ImportError:
        pass
    return ", ".join(found) + f", Python {sys.version.split()[0]}"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve-with-fix":
        return serve_with_fix(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pattern", choices=sorted(PATTERNS), default="txn")
    parser.add_argument("--iterations", type=int, default=200, help="clean iterations before giving up (exit 0)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds a call may take before it counts as hung")
    parser.add_argument("--native", action="store_true", help="also show native frames (py-spy --native)")
    parser.add_argument("--with-suggested-fix", action="store_true", help="run the server with the suggested fix")
    args = parser.parse_args()

    print(f"{versions()}; pattern {args.pattern}{', suggested fix applied' if args.with_suggested_fix else ''}")
    storage = tempfile.mkdtemp(prefix="secantus-wedge-")
    try:
        server, uri = start_server(storage, args.with_suggested_fix)
    except SystemExit as err:
        print(err, file=sys.stderr)
        shutil.rmtree(storage, ignore_errors=True)
        return 2
    a, b = pymongo.MongoClient(uri), pymongo.MongoClient(uri)  # two clients: two server connections
    try:
        for client in (a, b):  # every connection in use, a few collections made: the wedge needs none of it
            for n in range(4):
                client["wedge"][f"warm{n}"].insert_one({"n": n})
        for iteration in range(args.iterations):
            calls = PATTERNS[args.pattern](a, b, f"c{iteration}")
            for call in calls:
                call.start()
            deadline = time.monotonic() + args.timeout
            for call in calls:
                call.join(max(0.0, deadline - time.monotonic()))
            hung = [call.name for call in calls if call.is_alive()]
            if hung:
                print(f"WEDGED at iteration {iteration}: {', '.join(hung)} still waiting after {args.timeout:g} s; "
                      f"the server uses {cpu_percent(server.pid):.0f} % of a core")
                print("Every later command waits too (the server's storage lock is held by a thread that spins in a "
                      "WiredTiger insert). py-spy of the server:")
                py_spy(server.pid, args.native)
                return 1
            errors = [f"{call.name}: {call.error}" for call in calls if call.error]
            if errors:
                print(f"iteration {iteration}: answered with an error (not a wedge): {'; '.join(errors)}")
        print(f"{args.iterations} iterations, no wedge")
        return 0
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # the server and anything it started
        server.wait()
        shutil.rmtree(storage, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
