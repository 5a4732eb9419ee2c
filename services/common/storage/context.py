"""Everything one service process needs at the edge: its config, database and producer (all lazy)."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager

from pymongo.errors import PyMongoError

from services.common.clock import Clock
from services.common.config import Config
from services.common.events.bus import make_producer
from services.common.storage.mongo import Mongo, is_conflict
from services.common.storage.store import UnitOfWork


class ServiceContext:
    """Per-process resources of one service; safe to build before fork (nothing connects until used)."""

    def __init__(self, config: Config, clock: Clock | None = None):
        self.config = config
        self.clock = clock or Clock()  # tests put a FixedClock here
        self.mongo = Mongo(config.mongodb_uri, config.database)
        self._producer = None
        self._producer_pid: int | None = None

    @property
    def name(self) -> str:
        return self.config.service

    @property
    def db(self):
        return self.mongo.db

    @property
    def producer(self):
        if self._producer is None or self._producer_pid != os.getpid():
            self._producer = make_producer(self.config)
            self._producer_pid = os.getpid()
        return self._producer

    @contextmanager
    def uow(self) -> Iterator[UnitOfWork]:
        """One MongoDB transaction; events added with `uow.publish` leave through the outbox."""
        with self.mongo.unit_of_work(self.config.source, self.clock.now()) as uow:
            yield uow

    def retrying(self, command, *args, deadline: float = 20.0):
        """`command(uow, *args)` in a transaction, run again (reading afresh) while it meets another transaction
        (`is_conflict`), until `deadline` seconds: every HTTP write, and jobs that race the consumer. An
        unreachable database fails at once (503)."""
        give_up, pause = time.monotonic() + deadline, 0.005
        while True:
            try:
                with self.uow() as uow:
                    return command(uow, *args)
            except PyMongoError as err:
                if not is_conflict(err) or time.monotonic() + pause > give_up:
                    raise
            time.sleep(random.uniform(0, pause))
            pause = min(pause * 2, 0.2)

    def read(self) -> UnitOfWork:
        """A unit of work for reads only: no transaction, no publishing, the same clock."""
        return UnitOfWork(self.db, None, self.config.source, self.clock.now())

    def close(self) -> None:
        if self._producer is not None and self._producer_pid == os.getpid():
            self._producer.close(timeout=5)
        self._producer = None
        self.mongo.close()
