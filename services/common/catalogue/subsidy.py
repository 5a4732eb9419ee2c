"""Events the subsidy service publishes."""
from __future__ import annotations

import marshmallow as ma

from services.common.events import EventType

from .fields import Data, fen, text


class SubsidyDecisionData(Data):
    application_id = text()
    programme_id = text()
    applicant_id = text()
    amount_fen = fen()
    reason = ma.fields.String(allow_none=True, load_default=None)


class SubsidyPaidData(Data):
    application_id = text()
    programme_id = text()
    applicant_id = text()
    amount_fen = fen()
    paid_on = ma.fields.Date(required=True)


EVENT_TYPES = [
    EventType("subsidy-approved", SubsidyDecisionData, "subsidy", "A subsidy application was approved.",
              subject_field="application_id"),
    EventType("subsidy-rejected", SubsidyDecisionData, "subsidy", "A subsidy application was rejected.",
              subject_field="application_id"),
    EventType("subsidy-paid", SubsidyPaidData, "subsidy", "Finance paid an approved subsidy.",
              subject_field="application_id"),
]
