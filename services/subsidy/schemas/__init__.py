"""HTTP schemas of the subsidy API (its OpenAPI document): programmes, applications, reports."""

from .applications import (
    ApplicationQueryArgs,
    ApplicationSchema,
    ApplySchema,
    FindingSchema,
    PaySchema,
    QuoteSchema,
    RecoveryReceiptSchema,
    RejectSchema,
)
from .programmes import (
    ProgrammeChangeSchema,
    ProgrammeCreateSchema,
    ProgrammeQueryArgs,
    ProgrammeSchema,
    PublicProgrammeSchema,
    TopUpSchema,
)
from .reports import ReportArgs, ReportSchema

__all__ = [
    "ApplicationQueryArgs",
    "ApplicationSchema",
    "ApplySchema",
    "FindingSchema",
    "PaySchema",
    "ProgrammeChangeSchema",
    "ProgrammeCreateSchema",
    "ProgrammeQueryArgs",
    "ProgrammeSchema",
    "PublicProgrammeSchema",
    "QuoteSchema",
    "RecoveryReceiptSchema",
    "RejectSchema",
    "ReportArgs",
    "ReportSchema",
    "TopUpSchema",
]
