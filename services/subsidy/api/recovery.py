"""Recovery (追回) of a paid subsidy: a regulator or the funding official finds the service not delivered or
false; the funder's finance records the money actually recovered."""

from __future__ import annotations

from flask_smorest import Blueprint

from services.common.web.auth import requires

from .. import commands
from ..schemas import ApplicationSchema, FindingSchema, RecoveryReceiptSchema
from .applications import run

blp = Blueprint("recovery", __name__, url_prefix="/applications", description="Recovery of paid subsidies (追回)")


@blp.route("/<application_id>/recovery", methods=["POST"])
@blp.arguments(FindingSchema)
@blp.response(200, ApplicationSchema)
@requires("regulator", "official")
def find(body, application_id):
    """A regulator whose division holds the application's place, or an official of its funder, finds that the
    paid service was not delivered or was false (虚假服务), with a reason and an evidence reference: the whole
    amount is flagged for recovery and subsidy-clawback-flagged is published. 409 if not paid or flagged already."""
    return run(commands.find, application_id, body)


@blp.route("/<application_id>/recovery/receipts", methods=["POST"])
@blp.arguments(RecoveryReceiptSchema)
@blp.response(200, ApplicationSchema)
@requires("finance")
def receipt(body, application_id):
    """The finance of the funding division records money recovered (partial allowed, never more than is
    outstanding); the same reference and amount again changes nothing, a reference used otherwise is 409. The
    programme's budget counts it as recovered; subsidy-recovered is published."""
    return run(commands.record_recovery, application_id, body["reference"], body["amount_fen"])
