"""The government systems integrated with the platform, by the CloudEvents source they publish from
(`/gov/<system>/<division code>`): the registered name a person reads (南湖区综合行政执法系统). Read once from
``systems.json``; an operator adds a system there when it gets its Kafka principal `gov-<system>`."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType

from . import CITY_CODE, COUNTIES, TOWNS

_DATA = json.loads(Path(__file__).with_name("systems.json").read_text(encoding="utf-8"))
#: system (the source's second segment) -> its registered name
SYSTEMS: MappingProxyType = MappingProxyType({s["system"]: s["name"] for s in _DATA["systems"]})
CITY_NAME = "嘉兴市"


def system_name(source: str | None) -> str | None:
    """The registered name of the system behind a source, with its division's name (None: not a registered
    government system)."""
    parts = (source or "").strip("/").split("/")
    if len(parts) < 2 or parts[0] != "gov" or parts[1] not in SYSTEMS:
        return None
    division = parts[2] if len(parts) > 2 else ""
    where = CITY_NAME if division == CITY_CODE else COUNTIES.get(division) or TOWNS.get(division) or ""
    return where + SYSTEMS[parts[1]]
