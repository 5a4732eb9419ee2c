"""HTTP schemas of applications: applying, the quote, review, payment and recovery (追回)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.schemas import Body, Day, fen, moment, text
from services.common.storage.pagination import PageArgs

from ..domain.applications import Status
from ..domain.programmes import Kind
from ..domain.recovery import Finding

F = ma.fields
KINDS = [k.value for k in Kind]


class ApplySchema(Body):
    programme_id = text(100, required=True)
    contract_id = text(100, metadata={"description": "enterprise_purchase: the completed contract"})
    applicant_id = text(100, metadata={"description": "admin only: apply for this organisation"})


class LineSchema(ma.Schema):
    rule = F.String()
    text = F.String()
    amount_fen = F.Integer(metadata={"description": "the amount after this line"})
    limit_fen = F.Integer(allow_none=True)


class RefusalSchema(ma.Schema):
    rule = F.String()
    text = F.String()


class QuoteSchema(ma.Schema):
    amount_fen = F.Integer()
    lines = F.List(F.Nested(LineSchema))
    refusals = F.List(F.Nested(RefusalSchema))
    eligible = F.Boolean()


class ApplicationSchema(ma.Schema):
    id = F.String(attribute="_id")
    programme_id = F.String()
    kind = F.String(metadata={"enum": KINDS})
    applicant_id = F.String()
    subject_id = F.String()
    contract_id = F.String(allow_none=True)
    funder = F.String()
    county = F.String()
    town = F.String(allow_none=True)
    amount_fen = F.Integer()
    lines = F.List(F.Nested(LineSchema))
    year = F.Integer()
    submitted_at = moment()
    status = F.String(metadata={"enum": [s.value for s in Status]})
    reviewers = F.List(F.Dict())
    current_step = F.Dict(allow_none=True, metadata={"description": "who acts next: {level, division}"})
    due_on = Day(
        allow_none=True,
        metadata={
            "description": "the last day of the current step's review time (审核时限: town and county 10 days, "
            "finance 15, from the day the step began); null once decided"
        },
    )
    days_left = F.Integer(
        allow_none=True, metadata={"description": "days from today to due_on (0: due today; negative: overdue)"}
    )
    decisions = F.List(F.Dict())
    reasons = F.List(F.String(), metadata={"description": "why it was rejected or cancelled"})
    reserved_fen = F.Integer()
    payment_reference = F.String(allow_none=True)
    approved_on = Day(allow_none=True)
    paid_on = Day(allow_none=True)
    recovery = F.Nested(lambda: RecoverySchema(), allow_none=True, metadata={"description": "追回, if flagged"})


class ApplicationQueryArgs(PageArgs):
    programme_id = F.String()
    status = F.String(validate=validate.OneOf([s.value for s in Status]))
    kind = F.String(validate=validate.OneOf(KINDS))
    recovery = F.Boolean(metadata={"description": "true: only those flagged for recovery (追回), the flag standing"})
    awaiting = F.String(
        validate=validate.OneOf(["me"]),
        metadata={
            "description": "me: only those at the caller's own step, oldest first: an official's review of exactly "
            "its town or county, finance's payment of what its division funds (nothing for other roles)"
        },
    )


class RejectSchema(Body):
    reason = text(2000, required=True)


class PaySchema(Body):
    payment_reference = text(200, required=True, metadata={"description": "the bank's reference; recorded once"})


class FindingSchema(Body):
    finding = F.String(
        required=True,
        validate=validate.OneOf([Finding.NOT_DELIVERED, Finding.FALSE_SERVICE]),
        metadata={"description": "not_delivered: the service was not delivered; false_service: 虚假服务"},
    )
    reason = text(2000, required=True)
    evidence_ref = text(200, required=True, metadata={"description": "the evidence: a case file, a report number"})


class RecoveryReceiptSchema(Body):
    amount_fen = fen(1, required=True, metadata={"description": "recovered now"})
    reference = text(200, required=True, metadata={"description": "the bank's reference; recorded once"})


class ReceiptSchema(ma.Schema):
    reference = F.String()
    amount_fen = F.Integer()
    on = Day()
    by = F.String()


class RecoverySchema(ma.Schema):
    """追回: why the subsidy is flagged and what was recovered of it."""

    state = F.String(metadata={"enum": ["flagged", "partly_recovered", "recovered", "lifted"]})
    amount_fen = F.Integer(metadata={"description": "to recover"})
    recovered_fen = F.Integer()
    outstanding_fen = F.Integer()
    flagged_on = Day()
    finding = F.String(metadata={"enum": [f.value for f in Finding]})
    reason = F.String()
    evidence_ref = F.String(allow_none=True)
    by = F.String()
    violation_id = F.String(allow_none=True, metadata={"description": "the false-report violation, if one"})
    lifted = F.String(allow_none=True, metadata={"description": "why the flag fell (its violation revoked)"})
    receipts = F.List(F.Nested(ReceiptSchema))
