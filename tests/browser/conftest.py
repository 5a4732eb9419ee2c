"""Browser fixtures: the small demo city (`demo.build_city`, seed 2016) built through HTTP and Kafka against the
services `served` (tests/e2e/conftest.py) serves with their public pages; headless Chromium (the Debian package)
driven by Playwright.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from demo import CityReport, build_city, plan_city
from demo.plan import City as Plan
from services.platform import frontdoor
from services.platform.embedded import free_port
from tests.e2e.conftest import front_door_port, served  # noqa: F401 (the one stack the demo and the browser tests use)

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"
SEED = 2016


@dataclass
class City:
    urls: dict[str, str]
    report: CityReport
    plan: Plan  # what the demo sent, drawn from the same seed and day
    personal: list[str] = field(default_factory=list)  # ID numbers, phones, e-mails: never on a public page
    names: set[str] = field(default_factory=set)  # what the demo named: organisations, people, certificates


@pytest.fixture(scope="module")
def city(served, kafka_bootstrap) -> City:  # noqa: F811 (the fixture imported above)
    """The small demo city, built through the services' HTTP APIs and Kafka."""
    report = build_city(served, kafka_bootstrap, "small", SEED)
    plan = plan_city(SEED, "small", date.fromisoformat(report.built_on))
    return City(served, report, plan, personal_data(plan), names(plan))


def names(plan: Plan) -> set[str]:
    """Every name and certificate number the demo sent: a page may show them as they are."""
    found = {p.body["name"] for p in plan.providers} | {e["name"] for e in plan.enterprises}
    found |= {e["name"] for e in plan.experts} | {p.body["name"] for p in plan.programmes}
    found |= {q["certificate_no"] for p in plan.providers for q in p.body["qualifications"]}
    return found


@pytest.fixture(scope="module")
def front(city, front_door_port, tmp_path_factory) -> str:  # noqa: F811 (the fixture imported above)
    """The front door (Caddy) in front of the served services, where the pages' home link points; notify is not
    served here (its part of the home page cannot be had)."""
    folder = tmp_path_factory.mktemp("frontdoor")
    upstreams = {service: url.removeprefix("http://") for service, url in city.urls.items()}
    upstreams["notify"] = f"127.0.0.1:{free_port()}"
    server = frontdoor.start(folder, folder / "caddy.log", front_door_port, upstreams)
    yield server.url
    server.stop()


def personal_data(plan: Plan) -> list[str]:
    """Every ID number, phone and e-mail the demo sent: the experts', the providers' and enterprises' contacts, the
    practitioners'."""
    people = [
        *plan.experts,
        *(c for p in plan.providers for c in p.body["contacts"]),
        *(c for e in plan.enterprises for c in e["contacts"]),
        *(c for e in plan.experts for c in e["contacts"]),
        *(s.body for s in plan.practice.staff),
    ]
    found = [person.get(key) for person in people for key in ("id_number", "phone", "email")]
    return [value for value in found if value]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Chromium: apt-get install -y chromium (see README, Public site)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def shots(request) -> Path:
    """Where this test saves its screenshots (git-ignored)."""
    folder = SHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
