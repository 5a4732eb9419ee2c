"""The client behind the front door: a request whose peer is a trusted reverse proxy (ANFU_TRUSTED_PROXIES) is
from the client that proxy names last in X-Forwarded-For (werkzeug's ProxyFix, one hop), so rate limits count
each visitor and not the proxy; and is under the prefix it names in X-Forwarded-Prefix (`/api/<service>`: the
Swagger UI there finds its document). Any other caller's X-Forwarded-* headers are not believed."""

from __future__ import annotations

import ipaddress

from werkzeug.middleware.proxy_fix import ProxyFix


class TrustedProxies:
    """WSGI middleware: ProxyFix for requests from a trusted proxy, nothing for the others."""

    def __init__(self, app, networks: tuple):
        self.direct, self.proxied, self.networks = app, ProxyFix(app, x_for=1, x_prefix=1), networks

    def __call__(self, environ, start_response):
        app = self.proxied if self._trusted(environ.get("REMOTE_ADDR", "")) else self.direct
        return app(environ, start_response)

    def _trusted(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.networks)
