"""Credit facts from the regulators' side: violations (recorded through credit's API, or published straight to
Kafka by an integrated enforcement system in either CloudEvents content mode), what became of them (objection
and ruling, revocation) and quality spot checks (质量抽查). Pure."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .people import Provider
from .reference import VIOLATION_CODES

CHANNELS = ("api", "structured", "binary")
#: what follows a violation: nothing, an objection upheld (revoked) or rejected, revoked by the regulator or
#: by the enforcement system that recorded it, an objection still waiting
FOLLOW_UPS = {None: 10, "upheld": 2, "rejected": 2, "revoked": 2, "objected": 1}


@dataclass(frozen=True)
class Violation:
    key: str
    agency_id: str
    severity: str
    code: str
    description: str
    occurred_on: str
    recorded_on: str
    channel: str  # api | structured | binary
    county: str  # the enforcement authority's division (source /gov/enforcement/<county>)
    follow_up: str | None = None

    @property
    def violation_id(self) -> str | None:
        """Ours for an enforcement system's event; credit gives the id of one recorded through its API."""
        return None if self.channel == "api" else f"zf-{self.county}-{self.key}"


@dataclass(frozen=True)
class SpotCheck:
    agency_id: str
    inspected_on: str
    passed: bool
    findings: int


def violations(
    rng: random.Random, count: int, seed: int, today: date, targets: list[Provider], severe: str, rectified: str
) -> list[Violation]:
    """The showcase first: a severe violation (veto, listed from notice + 7 days) and two serious ones that put
    an agency on the rectification list today; then `count` more, mostly minor or general."""
    made = [
        _violation(rng, f"{seed}-0001", severe, "severe", "structured", today),
        _violation(rng, f"{seed}-0002", rectified, "serious", "api", today),
        _violation(rng, f"{seed}-0003", rectified, "serious", "binary", today),
    ]
    for index in range(4, count + 1):
        severity = rng.choices(["minor", "general", "serious"], [5, 4, 1])[0]
        made.append(
            _violation(
                rng,
                f"{seed}-{index:04d}",
                rng.choice(targets).id,
                severity,
                rng.choice(CHANNELS),
                today,
                rng.choices(list(FOLLOW_UPS), list(FOLLOW_UPS.values()))[0],
            )
        )
    return made


def _violation(
    rng: random.Random, key: str, agency_id: str, severity: str, channel: str, today: date, follow_up: str | None = None
) -> Violation:
    code, what = VIOLATION_CODES[severity]
    occurred = today - timedelta(days=rng.randrange(20, 330))
    recorded = min(occurred + timedelta(days=rng.randrange(5, 40)), today)
    county = rng.choice(("330402", "330411", "330421", "330424", "330481", "330482", "330483"))
    return Violation(
        key,
        agency_id,
        severity,
        code,
        f"{what}（嘉兴市应急管理局执法检查发现）",
        occurred.isoformat(),
        recorded.isoformat(),
        channel,
        county,
        follow_up,
    )


def spot_checks(rng: random.Random, count: int, today: date, targets: list[Provider], good: str) -> list[SpotCheck]:
    """Three passed checks for the showcase agency (+6: grade A), then a year of others."""
    made = [SpotCheck(good, (today - timedelta(days=days)).isoformat(), True, 0) for days in (40, 130, 250)]
    for _ in range(count):
        passed = rng.random() < 0.75
        made.append(
            SpotCheck(
                rng.choice(targets).id,
                (today - timedelta(days=rng.randrange(1, 365))).isoformat(),
                passed,
                rng.randrange(0, 3) if passed else rng.randrange(2, 8),
            )
        )
    return made
