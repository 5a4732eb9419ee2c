"""HTTP entry point of the subsidy service (domain still to come: see the roadmap)."""
from __future__ import annotations

from services.common.config import Config
from services.common.web import create_service_app


def create_app(config: Config | None = None):
    return create_service_app("subsidy", [], config=config, title="Anfu subsidy")
