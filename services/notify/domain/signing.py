"""Standard Webhooks signatures: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, secrets as `whsec_<base64>`.

During a rotation both the new and the previous secret sign, space separated, so receivers can switch over.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

PREFIX = "whsec_"


def new_secret(random_bytes: bytes) -> str:
    return PREFIX + base64.b64encode(random_bytes).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def sign(secret: str, msg_id: str, timestamp: int, body: str) -> str:
    digest = hmac.new(_key(secret), f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secrets: list[str], msg_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The three headers of one attempt."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, msg_id, timestamp, body) for s in secrets),
    }
