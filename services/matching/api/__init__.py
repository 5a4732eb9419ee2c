"""The HTTP API of matching: demands and offers, contracts and inspections, the public practice record."""
from __future__ import annotations

from . import contracts, demands, practice, site

BLUEPRINTS = [demands.blp, contracts.blp, practice.public, site.pages]
