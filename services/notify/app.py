"""HTTP entry point of the notify service (gunicorn `services.notify.app:create_app()`)."""

from __future__ import annotations

from services.common.config import Config
from services.common.web.app import create_service_app

from . import store
from .api import BLUEPRINTS


def create_app(config: Config | None = None):
    return create_service_app(
        "notify",
        BLUEPRINTS,
        config=config,
        title="Anfu notify (通知)",
        setup=store.setup,
        description="Every party learns what concerns it: inbox, e-mail, signed webhooks and SMS, with retries "
        "and a record of every delivery attempt.",
    )
