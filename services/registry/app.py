"""The registry's HTTP app (gunicorn: services.registry.app:create_app())."""

from __future__ import annotations

from services.common.config import Config
from services.common.web.app import create_service_app

from . import store
from .api import BLUEPRINTS

DESCRIPTION = """Registry of service providers (机构), experts (专家库) and enterprises (企业) for Jiaxing's
socialized work-safety services. Providers and enterprises are identified by their Unified Social Credit Code;
the tokens they act with carry it as `org`. Every change is published as a full-state event."""


def create_app(config: Config | None = None):
    return create_service_app(
        "registry", BLUEPRINTS, config, title="Anfu registry", description=DESCRIPTION, setup=store.setup
    )
