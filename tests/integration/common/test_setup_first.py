"""Issue 22: a process makes its indexes before it writes anything (docs/secantusdb-wedge.md).

SecantusDB wedges for good (100 % CPU, every connection waiting on its storage lock) when an index is created on a
collection that another connection is writing for the first time. So no index is made lazily at a first use: the
kit's and the service's indexes (the rate limits' TTL indexes among them) are made once per process, before anything
that process writes, and a process's other first requests wait for them. Checked on the commands the app sends."""

from __future__ import annotations

import os
import threading

import pymongo
from flask_smorest import Blueprint
from pymongo import monitoring

from services.common.web.app import create_service_app, ctx
from services.common.web.auth import requires
from services.common.web.ratelimits import COUNTERS

DDL = {"createIndexes", "create"}
WRITES = {"insert", "update", "delete", "findAndModify"}
NOTES = "notes"

blp = Blueprint("notes", __name__, url_prefix="/notes", description="A test resource written in a transaction")


@blp.route("", methods=["POST"])
@blp.response(201)
@requires("agency")
def note():
    ctx().retrying(lambda uow: uow[NOTES].insert_one({"text": "x"}))
    return {"ok": True}


@blp.route("/public")
@blp.response(200)
def public():
    return {"public": True}


def setup(service_ctx) -> None:
    service_ctx.db[NOTES].create_index("text")


class Commands(monitoring.CommandListener):
    """The commands a client sends, in order: (event, command name, collection)."""

    def __init__(self):
        self.seen, self._lock = [], threading.Lock()

    def _note(self, kind, event, collection=None):
        with self._lock:
            self.seen.append((kind, event.command_name, collection, event.request_id))

    def started(self, event):
        self._note("started", event, event.command.get(event.command_name))

    def succeeded(self, event):
        self._note("done", event)

    def failed(self, event):
        self._note("done", event)


def watched(service_ctx) -> Commands:
    """The app's own client, watched (it is made lazily, per process: made here first)."""
    commands = Commands()
    mongo = service_ctx.mongo
    mongo._client = pymongo.MongoClient(
        mongo.uri, tz_aware=True, uuidRepresentation="standard", event_listeners=[commands]
    )
    mongo._pid = os.getpid()
    return commands


def test_every_index_is_made_before_the_first_write_of_the_process(make_config, token):
    app = create_service_app("notify", [blp], config=make_config("notify"), setup=setup)
    commands = watched(app.extensions["anfu"])
    client, start = app.test_client(), threading.Barrier(8, timeout=30)

    def first_request(n: int) -> None:
        start.wait()  # eight first requests at once: limited writes (one transaction each) and public reads
        if n % 2:
            assert client.get("/notes/public", environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code == 200
        else:
            assert client.post("/notes", headers=token("agency", f"A{n}")).status_code == 201

    threads = [threading.Thread(target=first_request, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    app.extensions["anfu"].close()

    seen = commands.seen
    ddl = {request for kind, name, _, request in seen if kind == "started" and name in DDL}
    last_ddl_done = max(i for i, (kind, _, _, request) in enumerate(seen) if kind == "done" and request in ddl)
    first_write = min(i for i, (kind, name, _, _) in enumerate(seen) if kind == "started" and name in WRITES)
    assert last_ddl_done < first_write, [(kind, name, coll) for kind, name, coll, _ in seen[: first_write + 1]]
    indexed = {coll for kind, name, coll, _ in seen if kind == "started" and name in DDL}
    assert {COUNTERS, NOTES, "outbox", "inbox"} <= indexed
    written = {coll for kind, name, coll, _ in seen if kind == "started" and name in WRITES}
    assert {COUNTERS, NOTES} <= written


def test_the_rate_limit_counters_expire_by_the_kits_index(make_config):
    service_ctx = create_service_app("notify", [], config=make_config("notify")).extensions["anfu"]
    service_ctx.mongo.ensure_kit_indexes()
    assert service_ctx.db[COUNTERS].index_information()["expireAt_1"]["expireAfterSeconds"] == 0
    service_ctx.close()
