"""Webhooks, signed as Standard Webhooks do (webhook-id, webhook-timestamp, webhook-signature)."""

from __future__ import annotations

import http.client
import time

from services.common.storage.context import ServiceContext

from ..commands.deliveries import Outcome
from ..domain import signing
from ..store import NotifyStore
from .http import Refused, post


class Webhooks:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def secrets(self, hook: dict) -> list[str]:
        """The current secret, and the previous one while a rotation's overlap lasts."""
        previous = hook.get("previous_secret")
        keep = previous and hook.get("previous_until") and hook["previous_until"] > self.ctx.clock.now()
        return [hook["secret"], previous] if keep else [hook["secret"]]

    def send(self, delivery: dict, _notification: dict) -> Outcome:
        hook = NotifyStore(self.ctx.read()).webhook(delivery["target"])
        if hook is None or hook["status"] != "active":
            return Outcome(False, "webhook removed or disabled", permanent=True)
        body = delivery["payload"]
        # the receiver checks the timestamp against its own clock: stamp with the real time
        headers = signing.headers(self.secrets(hook), delivery["_id"], int(time.time()), body)
        config = self.ctx.config
        try:
            answer = post(
                hook["url"], body.encode(), headers, config.webhook_timeout_seconds, config.env == "production"
            )
        except (Refused, OSError, http.client.HTTPException) as err:
            return Outcome(False, f"{type(err).__name__}: {err}")
        ok = 200 <= answer.status < 300
        return Outcome(ok, None if ok else f"HTTP {answer.status}", f"{answer.status} {answer.body}")
