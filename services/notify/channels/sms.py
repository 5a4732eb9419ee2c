"""SMS through an HTTP gateway: POST {to, text, id} with the gateway's bearer key (URL and key from settings)."""

from __future__ import annotations

import http.client
import json

from services.common.config import Config

from ..commands.deliveries import Outcome
from .http import Refused, post


class Sms:
    def __init__(self, config: Config):
        self.config = config

    def send(self, delivery: dict, notification: dict) -> Outcome:
        config = self.config
        if not config.sms_gateway_url:
            return Outcome(False, "no SMS gateway configured (SMS_GATEWAY_URL)", permanent=True)
        body = json.dumps(
            {"to": delivery["target"], "text": f"【安服】{notification['title']}", "id": delivery["_id"]},
            ensure_ascii=False,
        ).encode()
        try:
            answer = post(
                config.sms_gateway_url,
                body,
                {"Authorization": f"Bearer {config.sms_gateway_key}"},
                config.webhook_timeout_seconds,
                production=False,
            )  # the operator's own gateway
        except (Refused, OSError, http.client.HTTPException) as err:
            return Outcome(False, f"{type(err).__name__}: {err}")
        ok = 200 <= answer.status < 300
        return Outcome(ok, None if ok else f"HTTP {answer.status}", f"{answer.status} {answer.body}")
