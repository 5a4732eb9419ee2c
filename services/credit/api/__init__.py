"""The credit HTTP API: signed-in callers (`/credit`, `/credit/claims`, evidence files) and public disclosure
(`/public/credit`; monthly bulletins and rules: `bulletins`; the chain of bulletins and correction notices: `chain`;
public notices (公告送达): `notices`)."""

from __future__ import annotations

from . import bulletins, chain, claims, codes, evidence, notices, public, ratings  # noqa: F401 - codes adds routes to the public blueprint

BLUEPRINTS = [ratings.blp, claims.blp, evidence.blp, public.blp, bulletins.blp, chain.blp, notices.blp]
