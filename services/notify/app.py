"""HTTP entry point of the notify service (domain still to come: see the roadmap)."""
from __future__ import annotations

from services.common.config import Config
from services.common.web import create_service_app


def create_app(config: Config | None = None):
    return create_service_app("notify", [], config=config, title="Anfu notify")
