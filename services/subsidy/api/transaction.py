"""One command in one transaction, retried while the database reports a transient conflict.

Concurrent approvals all update one budget document: MongoDB lets one transaction win and aborts the others
with a TransientTransactionError. The kit answers that with 503; here the whole unit of work is retried
(a fresh transaction, reading again) with a jittered back-off until a deadline, so a busy budget decides
every request: reserved, or refused because too little is left. (The kit has no retrying unit of work.)
"""
from __future__ import annotations

import random
import time

from pymongo.errors import PyMongoError

from services.common.store import is_transient
from services.common.web import ctx

DEADLINE_SECONDS = 20.0


def run(command, *args):
    """`command(uow, *args)` in a transaction; retried on transient errors until the deadline."""
    deadline, pause = time.monotonic() + DEADLINE_SECONDS, 0.005
    while True:
        try:
            with ctx().uow() as uow:
                return command(uow, *args)
        except PyMongoError as err:
            if not is_transient(err) or time.monotonic() + pause > deadline:
                raise
        time.sleep(random.uniform(0, pause))
        pause = min(pause * 2, 0.2)
