"""Where a webhook may point: in production only https, and never at loopback, private, link-local or other
non-public addresses (SSRF). Resolution is the caller's; this judges the URL and the addresses it resolved to."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def refusal(url: str, addresses: list[str], production: bool) -> str | None:
    """Why the URL may not be used (None: it may)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "the URL must be http(s)://host/..."
    if production and parts.scheme != "https":
        return "webhooks must use https"
    if not addresses:
        return f"{parts.hostname} does not resolve"
    if production:
        bad = [a for a in addresses if not ipaddress.ip_address(a.split("%")[0]).is_global]
        if bad:
            return f"{parts.hostname} resolves to a non-public address ({bad[0]})"
    return None
