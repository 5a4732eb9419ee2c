"""The credit HTTP API: signed-in callers (`/credit`, `/credit/claims`) and public disclosure (`/public/credit`)."""

from __future__ import annotations

from . import bulletins, claims, public, ratings

BLUEPRINTS = [ratings.blp, claims.blp, public.blp, bulletins.blp]
