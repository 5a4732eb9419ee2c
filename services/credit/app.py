"""HTTP entry point of the credit service (gunicorn `services.credit.app:create_app()`)."""

from __future__ import annotations

from services.common.config import Config
from services.common.web.app import create_service_app

from . import store
from .api import BLUEPRINTS


def create_app(config: Config | None = None):
    return create_service_app(
        "credit",
        BLUEPRINTS,
        config=config,
        title="Anfu credit (信用评价)",
        setup=store.setup,
        description="Event-built, explainable credit ratings of service agencies, due process and public disclosure.",
    )
