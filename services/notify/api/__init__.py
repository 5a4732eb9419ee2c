"""The HTTP API of notify: the inbox and delivery records, preferences, webhook subscriptions."""

from __future__ import annotations

from . import inbox, settings

BLUEPRINTS = [inbox.blp, settings.blp]
