"""The credit HTTP API: signed-in callers (`/credit`, `/credit/claims`) and public disclosure (`/public/credit`;
monthly bulletins and rules: `bulletins`; the chain of bulletins and correction notices: `chain`)."""

from __future__ import annotations

from . import bulletins, chain, claims, public, ratings

BLUEPRINTS = [ratings.blp, claims.blp, public.blp, bulletins.blp, chain.blp]
