"""The subsidy HTTP API: programmes, applications and review, recovery, reports (coverage, assessment), public page."""

from __future__ import annotations

from . import applications, programmes, public, recovery, reports

BLUEPRINTS = [programmes.blp, applications.blp, recovery.blp, reports.blp, public.blp]
