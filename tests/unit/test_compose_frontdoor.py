"""The front door in deploy/docker-compose.yml and deploy/caddy/, checked against the code (no Docker needed)."""

from __future__ import annotations

import ipaddress
import json

from services.common.settings import SERVICES
from tests.unit.test_compose import COMPOSE, CONTAINERS, DEPLOY, depends, environment, health_command, ours


def test_the_front_door_is_the_official_caddy_image_on_port_8000_after_every_api():
    door = CONTAINERS["frontdoor"]
    assert door["image"].startswith("caddy:") and "build" not in door
    assert door["ports"] == ["8000:8000"] and door["command"] == ["caddy", "run", "--config", "/etc/caddy/caddy.json"]
    assert depends(door) == {f"{s}-api": "service_healthy" for s in SERVICES}
    assert "127.0.0.1:8000/" in health_command(door)
    mounts = dict(v.rsplit(":", 1)[0].split(":") for v in door["volumes"])
    assert mounts == {"./caddy/caddy.json": "/etc/caddy/caddy.json", "./caddy/site": "/srv/anfu"}
    assert all(v.endswith(":ro") for v in door["volumes"])


def test_the_front_door_serves_the_configuration_and_pages_the_code_writes():
    from services.platform import frontdoor
    from services.platform.frontdoor.__main__ import main

    assert main(["--check"]) == 0, "run `make docs`"
    config = json.loads((DEPLOY / "caddy" / "caddy.json").read_text(encoding="utf-8"))
    server = config["apps"]["http"]["servers"]["anfu"]
    assert server["listen"] == [":8000"]
    dials = {u["dial"] for r in server["routes"] for h in r["handle"] for u in h.get("upstreams", [])}
    assert dials == set(frontdoor.COMPOSE_UPSTREAMS.values())
    for service in SERVICES:  # each API container listens on 8000 under the name the front door dials
        assert f"{service}-api:8000" in dials and "0.0.0.0:8000" in CONTAINERS[f"{service}-api"]["command"]
    roots = {h["root"] for r in server["routes"] for h in r["handle"] if h["handler"] == "file_server"}
    assert roots == {frontdoor.COMPOSE_SITE} and {"index.html", "policy.html", "404.html"} <= {
        p.name for p in (DEPLOY / "caddy" / "site").iterdir()
    }


def test_links_go_through_the_front_door_whose_forwarded_address_alone_is_believed():
    door_ip = CONTAINERS["frontdoor"]["networks"]["default"]["ipv4_address"]
    subnet = COMPOSE["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert ipaddress.ip_address(door_ip) in ipaddress.ip_network(subnet)
    for name, container in ours().items():
        env = environment(container)
        assert env["ANFU_TRUSTED_PROXIES"] == door_ip, name
        urls = dict(pair.split("=", 1) for pair in env["ANFU_PUBLIC_URLS"].split(","))
        assert set(urls) == {"home", *SERVICES} and len(set(urls.values())) == 1, name
