"""The demo city's fixtures: registry, matching, credit, subsidy and notify served over real HTTP with their public
pages, the small demo city (seed 2016) built into them once for this package (the demo test and the browser tests only
read it), the front door (Caddy) in front of them, and headless Chromium (the Debian package) driven by Playwright.

The served services consume every event on the broker: nothing else runs while they do (package scope, and
only this package's tests, which run one after another, use them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services.platform import frontdoor
from services.platform.embedded import free_port
from tests.support.served import DemoCity, build_demo_city, served_stack

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[3] / "test-output" / "browser"


@pytest.fixture(scope="package")
def front_door_port() -> int:
    """The port the pages' home link names (`front` starts the front door there)."""
    return free_port()


@pytest.fixture(scope="package")
def served(kafka_bootstrap, mongo_uri, front_door_port):
    """Registry, matching, credit, subsidy and notify served over real HTTP (tests/support/served.py): base URLs
    by service."""
    with served_stack(kafka_bootstrap, mongo_uri, front_door_port) as urls:
        yield urls


@pytest.fixture(scope="package")
def demo_city(served, kafka_bootstrap) -> DemoCity:
    """The small demo city, built once into `served` through HTTP and Kafka, as `make demo` does."""
    return build_demo_city(served, kafka_bootstrap)


@pytest.fixture
def city(demo_city) -> DemoCity:
    """The demo city, for the browser tests."""
    return demo_city


@pytest.fixture(scope="package")
def front(demo_city, front_door_port, tmp_path_factory) -> str:
    """The front door (Caddy) in front of the served services, where the pages' home link points."""
    folder = tmp_path_factory.mktemp("frontdoor")
    upstreams = {service: url.removeprefix("http://") for service, url in demo_city.urls.items()}
    server = frontdoor.start(folder, folder / "caddy.log", front_door_port, upstreams)
    yield server.url
    server.stop()


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
