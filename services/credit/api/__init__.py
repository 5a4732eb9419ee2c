"""The credit HTTP API: signed-in callers (`/credit`) and public disclosure (`/public/credit`)."""
from __future__ import annotations

from . import public, ratings

BLUEPRINTS = [ratings.blp, public.blp]
