"""The credit HTTP API: signed-in callers (`/credit`, `/credit/claims`) and public disclosure (`/public/credit`,
its public notices `notices`)."""

from __future__ import annotations

from . import claims, notices, public, ratings

BLUEPRINTS = [ratings.blp, claims.blp, public.blp, notices.blp]
