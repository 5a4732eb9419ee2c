"""Query arguments of the registry's public pages (公众网站): the directory and the expert pool."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.reference import COUNTY_CODES, INDUSTRY_SECTIONS, SERVICE_CATEGORIES, TOWN_CODES
from services.common.site.pages import SearchArgs

from ..domain.experts import Grade
from ..domain.providers import Kind

NAME_PART = validate.Length(max=100)


class DirectoryPageArgs(SearchArgs):
    q = ma.fields.String(validate=NAME_PART, metadata={"description": "part of the provider's name"})
    category = ma.fields.String(
        validate=validate.OneOf(SERVICE_CATEGORIES),
        metadata={"description": "holds a verified qualification in it valid today"},
    )
    county = ma.fields.String(validate=validate.OneOf(COUNTY_CODES))
    town = ma.fields.String(validate=validate.OneOf(TOWN_CODES))
    kind = ma.fields.String(validate=validate.OneOf([k.value for k in Kind]))
    cluster_base = ma.fields.Boolean(metadata={"description": "true: resident in the cluster base (集聚基地) today"})


class ExpertPageArgs(SearchArgs):
    q = ma.fields.String(validate=NAME_PART, metadata={"description": "part of the expert's name"})
    county = ma.fields.String(validate=validate.OneOf(COUNTY_CODES))
    industry = ma.fields.String(
        validate=validate.OneOf(INDUSTRY_SECTIONS), metadata={"description": "GB/T 4754 section letter"}
    )
    specialty = ma.fields.String(validate=NAME_PART)
    grade = ma.fields.String(validate=validate.OneOf([g.value for g in Grade]))
