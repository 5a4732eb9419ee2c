"""Where the front door sends each path: every route of every service's app (its Flask url map, the one source)
as Caddy path patterns, and the Caddy configuration (JSON) that serves them on one address.

A route's variable segments become `*`: in the middle of a path Caddy matches them within one segment
(`/experts/*/links`), at the end as a prefix (`/public/providers/*`). Exact paths come first, then patterns with
a wildcard inside, then prefixes, the longest first, so a fixed path (`/experts/flagged`, matching) is never
taken by a sibling's prefix (`/experts/*`, registry). What every service serves (health, metrics, the API
documents, dead letters) is reached under `/api/<service>/...`; the shared look (`/static/*`, the Swagger UI's
files) comes from the first service.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from services.common.config import Config
from services.common.settings import SERVICES

SHARED_FILES = ("/static/", "/docs/static/")  # the same files in every service
VISITOR = "X-Anfu-Visitor"  # the home page's visitor, handed to the parts it includes (rate limits count them)
LOOPBACK = ["127.0.0.1/32", "::1/128"]  # where Caddy's own sub-requests (the home page's parts) come from
UNAVAILABLE = '<section><p class="none">此部分暂时无法显示，请稍后刷新。</p></section>'


@cache
def url_maps() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each service's Flask routes: (rule, endpoint)."""
    found = {}
    for service in SERVICES:
        app = importlib.import_module(f"services.{service}.app").create_app(Config(service=service, log_level="ERROR"))
        found[service] = tuple(sorted((rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()))
    return found


def rules() -> dict[str, set[str]]:
    return {service: {rule for rule, _ in found} for service, found in url_maps().items()}


def fragments() -> dict[str, str]:
    """Service -> the path of the part of the home page it renders (its view named `home`)."""
    return {s: rule for s, found in url_maps().items() for rule, endpoint in found if endpoint.endswith(".home")}


def pattern(rule: str) -> str:
    """A Flask rule as a Caddy path pattern: a variable segment is `*`; the last one a prefix (its fixed start kept)."""
    parts = rule.split("/")
    if "<" in parts[-1]:
        parts[-1] = parts[-1].split("<")[0] + "*"
    parts[:-1] = [re.sub(r"<[^>]*>", "*", p) for p in parts[:-1]]
    found = "/".join(parts)
    if found.endswith("*") and "*" in found[:-1]:
        raise ValueError(f"{rule}: Caddy cannot match a wildcard inside a path that also ends with one")
    return found


def table() -> list[tuple[str, str]]:
    """(pattern, service) in the order Caddy must try them; a pattern two services claim is refused."""
    shared = set.intersection(*rules().values())
    owner: dict[str, str] = {}
    for service, found in rules().items():
        for rule in sorted(found):
            if rule in shared and not rule.startswith(SHARED_FILES):
                continue  # health, metrics, documents: under /api/<service>/
            claimed = owner.setdefault(pattern(rule), service)
            if claimed != service and rule not in shared:
                raise ValueError(f"{pattern(rule)} is claimed by {claimed} and {service}")
    return sorted(owner.items(), key=lambda item: _order(item[0]))


def _order(found: str) -> tuple:
    if "*" not in found:
        return (0, found)
    if not found.endswith("*"):
        return (1, -found.count("/"), found)
    return (2, -len(found), found)


def caddy(upstreams: dict[str, str], listen: str, site: str) -> dict:
    """The Caddy configuration: the home page and the policy from `site`, every service's paths, `/api/<service>/`,
    a page for anything else. `upstreams` maps a service to host:port."""
    routes = [_home(site), _file(["/public/policy"], "/policy.html", site)]
    routes += [_visitor_part(path, upstreams[s]) for s, path in fragments().items()]
    routes += [_api(s, upstreams[s]) for s in SERVICES]
    for found, service in table():
        routes.append({"match": [{"path": [found]}], "handle": [_proxy(upstreams[service])], "terminal": True})
    routes.append(_file(None, "/404.html", site, status=404))
    parts = [{"path": list(fragments().values()), "remote_ip": {"ranges": LOOPBACK}}]
    server = {
        "listen": [listen],
        "automatic_https": {"disable": True},
        "routes": routes,
        "errors": {"routes": [{"match": parts, "handle": [_unavailable()], "terminal": True}]},
    }
    return {"admin": {"disabled": True}, "apps": {"http": {"servers": {"anfu": server}}}}


def _proxy(upstream: str, **headers: str) -> dict:
    proxy = {"handler": "reverse_proxy", "upstreams": [{"dial": upstream}]}
    if headers:
        proxy["headers"] = {"request": {"set": {k.replace("_", "-"): [v] for k, v in headers.items()}}}
    return proxy


def _home(site: str) -> dict:
    """`/`: the home page, a template whose parts each service renders (included as sub-requests)."""
    visitor = {"handler": "headers", "request": {"set": {VISITOR: ["{http.vars.client_ip}"]}}}
    handle = [
        visitor,
        {"handler": "rewrite", "uri": "/index.html"},
        {"handler": "templates", "delimiters": ["[[", "]]"], "mime_types": ["text/html"]},
        {"handler": "file_server", "root": site},
    ]
    return {"match": [{"path": ["/"]}], "handle": handle, "terminal": True}


def _file(paths: list[str] | None, uri: str, site: str, status: int | None = None) -> dict:
    server = {"handler": "file_server", "root": site, **({"status_code": str(status)} if status else {})}
    route = {"handle": [{"handler": "rewrite", "uri": uri}, server], "terminal": True}
    return {"match": [{"path": paths}], **route} if paths else route


def _visitor_part(path: str, upstream: str) -> dict:
    """A part of the home page asked for by Caddy itself: counted as the visitor's request; shown as 'not now'
    when the service answers an error."""
    proxy = _proxy(upstream, X_Forwarded_For=f"{{http.request.header.{VISITOR}}}")
    proxy["handle_response"] = [{"match": {"status_code": [4, 5]}, "routes": [{"handle": [_unavailable()]}]}]
    return {"match": [{"path": [path], "remote_ip": {"ranges": LOOPBACK}}], "handle": [proxy], "terminal": True}


def _api(service: str, upstream: str) -> dict:
    """`/api/<service>/...`: everything of one service, its Swagger UI and health too (the prefix passed on)."""
    prefix = f"/api/{service}"
    handle = [{"handler": "rewrite", "strip_path_prefix": prefix}, _proxy(upstream, X_Forwarded_Prefix=prefix)]
    return {"match": [{"path": [f"{prefix}/*"]}], "handle": handle, "terminal": True}


def _unavailable() -> dict:
    return {
        "handler": "static_response",
        "status_code": "200",
        "headers": {"Content-Type": ["text/html; charset=utf-8"]},
        "body": UNAVAILABLE,
    }
