"""The HTTP API of matching: demands and offers, contracts and inspections, the public practice record, expert
requests and their public audit."""

from __future__ import annotations

from ..experts import api as experts
from . import contracts, demands, eligibility, practice, site

BLUEPRINTS = [
    demands.blp,
    contracts.blp,
    practice.public,
    eligibility.blp,
    experts.requests,
    experts.requesters,
    experts.pool,
    experts.public,
    site.pages,
]
