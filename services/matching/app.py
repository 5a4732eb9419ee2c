"""HTTP entry point of matching: `gunicorn 'services.matching.app:create_app()'`."""

from __future__ import annotations

from services.common.config import Config
from services.common.web.app import create_service_app

from . import store
from .api import BLUEPRINTS

DESCRIPTION = (
    "Two-way selection of supply and demand (供需双向选择): buyers post demands, eligible providers "
    "offer, the system recommends and explains, the buyer chooses; contracts, inspections and the "
    "public practice record (执业公示)."
)


def create_app(config: Config | None = None):
    return create_service_app(
        "matching", BLUEPRINTS, config=config, title="Anfu matching", description=DESCRIPTION, setup=store.setup
    )
