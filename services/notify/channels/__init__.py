"""Adapters to the outside: e-mail over SMTP, webhooks and the SMS gateway over HTTP. Each `send(delivery,
notification)` returns an `Outcome` and never waits longer than its timeouts."""

from __future__ import annotations

from services.common.storage.context import ServiceContext

from ..domain.rules import EMAIL, SMS, WEBHOOK
from .email import Email
from .sms import Sms
from .webhook import Webhooks


def channels(ctx: ServiceContext) -> dict:
    """The senders of one service context, by channel name."""
    return {EMAIL: Email(ctx.config), SMS: Sms(ctx.config), WEBHOOK: Webhooks(ctx)}
