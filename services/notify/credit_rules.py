"""Credit's objection periods as credit publishes them: `effective_from` and `objection_days` of every rule table
file in services/credit/rules/ (also served at GET /public/credit/rules), read as data; no credit code is
imported. Read once at import: a missing or unreadable table stops notify from starting."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .domain.objection import Window

TABLES = Path(__file__).resolve().parents[1] / "credit" / "rules"


def load(folder: Path = TABLES) -> tuple[Window, ...]:
    tables = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]
    if not tables:
        raise RuntimeError(f"no credit rule table in {folder}")
    return tuple(sorted(Window(date.fromisoformat(t["effective_from"]), int(t["objection_days"])) for t in tables))


WINDOWS = load()
