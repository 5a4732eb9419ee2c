"""The demo city of Jiaxing (issue 16): a reproducible city built through the services' own HTTP APIs and Kafka,
never by writing their databases. `python -m demo` (make demo); `build_city(urls, kafka_bootstrap, size, seed)`."""

from __future__ import annotations

from .build import CityExists, build_city
from .plan import plan_city
from .report import CityReport

__all__ = ["CityExists", "CityReport", "build_city", "plan_city"]
