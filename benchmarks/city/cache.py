"""Where a built city is kept: `.data/bench-city/<key>/` (key: generator version, seed, scale, last day), a
SecantusDB storage directory holding each service's database (`anfu_<service>`) and `built.json` (counts and
build times) once the build finished. A build that stopped half-way is thrown away and made again.

A manual look at a kept city: with `make run` stopped, put your own `.data/mongodb` aside and copy the city's
storage there (`cp -r .data/bench-city/<key>/mongo .data/mongodb`), then `make run`: the services read their
usual databases (`anfu_<service>`), the pages are at http://127.0.0.1:8001/public/providers and the others.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from services.platform import embedded

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".data" / "bench-city"


class Kept:
    """One city's directory."""

    def __init__(self, key: str):
        self.path = CACHE / key
        self.done = self.path / "built.json"

    def built(self) -> dict | None:
        """The record of a finished build, or None."""
        return json.loads(self.done.read_text()) if self.done.exists() else None

    def start(self, fresh: bool) -> embedded.Server:
        """SecantusDB on the city's storage (emptied first when `fresh`)."""
        if fresh and self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        return embedded.start_mongo(embedded.free_port(), self.path / "mongo", self.path / "mongo.log")

    def finish(self, record: dict) -> None:
        self.done.write_text(json.dumps(record, ensure_ascii=False, indent=1))
