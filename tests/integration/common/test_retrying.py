"""`ctx.retrying` runs a command again when its transaction met another one, and never when the database is away."""

from __future__ import annotations

import threading

import pytest
from pymongo.errors import ConnectionFailure

from services.common.storage.context import ServiceContext


def test_a_command_that_met_another_transaction_runs_again_and_both_count(make_config):
    """Eight callers add to one counter at once: each transaction that lost the race ran again."""
    ctx = ServiceContext(make_config("registry"))
    ctx.db["counters"].insert_one({"_id": "c", "n": 0})

    def add(uow):
        n = uow["counters"].find_one({"_id": "c"})["n"]
        uow["counters"].update_one({"_id": "c"}, {"$set": {"n": n + 1}})

    threads = [threading.Thread(target=lambda: [ctx.retrying(add) for _ in range(3)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ctx.db["counters"].find_one({"_id": "c"})["n"] == 24  # none failed, no update lost
    ctx.close()


def test_an_unreachable_database_fails_at_once(make_config):
    ctx = ServiceContext(make_config("registry", mongodb_uri="mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200"))
    attempts = []

    def write(uow):
        attempts.append(1)
        uow["anything"].insert_one({"_id": "x"})

    with pytest.raises(ConnectionFailure):
        ctx.retrying(write)
    assert len(attempts) == 1  # waiting longer cannot bring the database back within a request
    ctx.close()
