"""Query arguments of the registry's public pages (公众网站): the directory and the expert pool."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.reference import COUNTY_CODES, INDUSTRY_SECTIONS, SERVICE_CATEGORIES, TOWN_CODES
from services.common.site.pages import SearchArgs, choice

from ..domain.experts import Grade
from ..domain.providers import Kind

NAME_PART = validate.Length(max=100)


class DirectoryPageArgs(SearchArgs):
    q = ma.fields.String(validate=NAME_PART, metadata={"description": "part of the provider's name"})
    category = choice(SERVICE_CATEGORIES, "holds a verified qualification in it valid today")
    county = choice(COUNTY_CODES)
    town = choice(TOWN_CODES)
    kind = choice([k.value for k in Kind])
    cluster_base = ma.fields.Boolean(metadata={"description": "true: resident in the cluster base (集聚基地) today"})


class ExpertPageArgs(SearchArgs):
    q = ma.fields.String(validate=NAME_PART, metadata={"description": "part of the expert's name"})
    county = choice(COUNTY_CODES)
    industry = choice(INDUSTRY_SECTIONS, "GB/T 4754 section letter")
    specialty = ma.fields.String(validate=NAME_PART)
    grade = choice([g.value for g in Grade])
