"""The registry's HTTP API: providers 机构 and the public directory, experts 专家库 and enterprises 企业."""

from __future__ import annotations

from . import practice_site, practitioners, site
from .people import enterprises, experts
from .providers import blp as providers
from .providers import directory

BLUEPRINTS = [
    providers,
    directory,
    experts,
    enterprises,
    site.pages,
    practitioners.staff,
    practitioners.people,
    practitioners.public,
    practice_site.pages,
]
