"""SecantusDB that reports the wedge's pattern instead of wedging: a diagnostic server for test runs.

    python docs/secantusdb-wedge/watch.py --host 127.0.0.1 --port 27555 --storage-path /tmp/watched \
        --log-level WARNING    # the same arguments as `python -m secantus`
    MONGODB_URI="mongodb://127.0.0.1:27555/?replicaSet=secantus" .venv/bin/python -m pytest tests/...
    grep -E "CONFLICT|STUCK" /tmp/secantus-watch.log            # (WATCH_LOG=... to log elsewhere)

- `Storage.create_collection` writes the catalogue row in an explicit WiredTiger transaction (the fix suggested
  upstream: a conflict fails at once there, instead of spinning); when another open transaction holds the row, it
  logs CONFLICT with the transactions that wrote that collection and the commands running on that database, and
  tries again once the storage lock is released (so the run goes on).
- Every 0.5 s it looks for a thread that stays on one line of SecantusDB's storage or of the WiredTiger binding
  (not a lock wait) for 1.5 s and logs STUCK with its stack: any other autocommit write spinning the same way.
Imports SecantusDB's internals (0.7.0b3): a diagnostic, not a fix.
"""
from __future__ import annotations

import linecache
import os
import sys
import threading
import time
import traceback

import wiredtiger
from secantus import cli, server, storage

LOG = open(os.environ.get("WATCH_LOG", "/tmp/secantus-watch.log"), "a", buffering=1)
T0 = time.time()
WRITES = {"insert", "update", "delete", "findAndModify", "findandmodify"}
running: dict[int, tuple] = {}  # thread -> (command, db, collection, in a transaction, since)
transactions: dict[tuple, dict] = {}  # (lsid, txnNumber) -> {"colls", "since", "statements"}
mutex = threading.Lock()


def log(message: str) -> None:
    LOG.write(f"{time.time() - T0:9.3f} {message}\n")


def watch_commands(dispatch):
    def watched(doc, ctx):
        name = next(iter(doc), "?")
        coll = doc.get(name) if isinstance(doc.get(name), str) else None
        lsid = doc.get("lsid", {}).get("id") if isinstance(doc.get("lsid"), dict) else None
        txn = (bytes(lsid) if lsid is not None else None, doc.get("txnNumber")) if doc.get("autocommit") is False \
            else None
        me = threading.get_ident()
        with mutex:
            running[me] = (name, ctx.db_name, coll, txn is not None, time.time() - T0)
            if txn is not None and name in WRITES:
                entry = transactions.setdefault(txn, {"colls": set(), "since": time.time() - T0, "statements": []})
                entry["colls"].add((ctx.db_name, coll))
                entry["statements"].append(f"{name} {coll}")
        try:
            return dispatch(doc, ctx)
        finally:
            with mutex:
                running.pop(me, None)
                if txn is not None and name in ("commitTransaction", "abortTransaction"):
                    transactions.pop(txn, None)
    return watched


def watch_create_collection(create_collection):
    """`create_collection` with its catalogue write in an explicit WiredTiger transaction (the fix suggested upstream):
    a conflict fails at once; it is logged, and retried once the storage lock is released."""
    def watched(self, db, coll, options=None):
        started, reported = time.time(), False
        while True:
            try:
                with self._lock, self._batch_transaction():
                    created = create_collection(self, db, coll, options)
                break
            except (storage.WriteConflictError, wiredtiger.WiredTigerError) as err:
                if not isinstance(err, storage.WriteConflictError) and not storage._is_wt_rollback(err):
                    raise
            if not reported:
                reported = True
                with mutex:
                    holders = [f"since {t['since']:.3f}: {t['statements'][:6]}" for t in transactions.values()
                               if (db, coll) in t["colls"]]
                    others = [f"{c[0]} {c[1]}.{c[2]}{' (in a transaction)' if c[3] else ''} since {c[4]:.3f}"
                              for ident, c in running.items() if ident != threading.get_ident() and c[1] == db]
                    mine = running.get(threading.get_ident(), ("?",))[0]
                log(f"CONFLICT create_collection {db}.{coll} ({mine}, {threading.current_thread().name}); "
                    f"open transactions that wrote it: {holders}; running on {db}: {others}")
            time.sleep(0.005)
        if reported:
            log(f"  ... {db}.{coll} done after {time.time() - started:.3f} s")
        return created
    return watched


def watch_stuck_threads() -> None:
    seen, logged = {}, set()
    while True:
        time.sleep(0.5)
        now = {}
        for ident, frame in sys._current_frames().items():
            name = frame.f_code.co_filename
            if not name.endswith(("secantus/storage.py", "swig_wiredtiger.py")):
                continue
            line = linecache.getline(name, frame.f_lineno).strip()
            if any(word in line for word in ("lock", "wait", "sleep")):
                continue
            key = (id(frame), frame.f_lineno)
            previous, count = seen.get(ident, (None, 0))
            now[ident] = (key, count + 1 if previous == key else 1)
            if now[ident][1] >= 3 and key not in logged:
                logged.add(key)
                names = {t.ident: t.name for t in threading.enumerate()}
                log(f"STUCK {names.get(ident)} on `{line}`:\n" + "".join(traceback.format_stack(frame)[-8:]))
        seen = now


if __name__ == "__main__":
    server.dispatch = watch_commands(server.dispatch)
    storage.Storage.create_collection = watch_create_collection(storage.Storage.create_collection)
    threading.Thread(target=watch_stuck_threads, daemon=True, name="watch-stuck").start()
    log(f"start {sys.argv[1:]}")
    sys.exit(cli.main(sys.argv[1:]))
