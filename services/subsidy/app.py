"""HTTP entry point of the subsidy service (gunicorn `services.subsidy.app:create_app()`)."""

from __future__ import annotations

from services.common.config import Config
from services.common.web.app import create_service_app

from . import store
from .api import BLUEPRINTS


def create_app(config: Config | None = None):
    return create_service_app(
        "subsidy",
        BLUEPRINTS,
        config=config,
        title="Anfu subsidy (补贴)",
        setup=store.setup,
        description="Subsidy programmes with budgets that never overspend, applications explained line by line, "
        "review, payment, recovery, coverage and the yearly assessment.",
    )
