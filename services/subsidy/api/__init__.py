"""The subsidy HTTP API: programmes, applications and review, reports (coverage, assessment), public page."""

from __future__ import annotations

from . import applications, programmes, public, reports

BLUEPRINTS = [programmes.blp, applications.blp, reports.blp, public.blp]
