"""At-fault claims (过错解约): a buyer's claim that a signed contract ended through the agency's fault rates
the agency only once accepted, uncontested within the objection period (from the service of its notice, 送达), or
confirmed by a regulator."""

from __future__ import annotations

from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from .. import commands
from ..schemas.evidence import ObjectionForm
from ..schemas.ratings import DueProcessResultSchema, ObjectionSchema, RulingSchema
from .evidence import LOCATION, Blueprint, documented, file_step, takes_evidence

blp = Blueprint(
    "credit-claims",
    __name__,
    url_prefix="/credit/claims",
    description="At-fault termination claims: accept, contest (异议), rule",
)


@blp.route("/<contract_id>/acceptance", methods=["POST"])
@blp.response(201, DueProcessResultSchema)
@requires("agency")
def accept(contract_id):
    """The agency accepts the buyer's claim: the deduction takes effect today. Publishes claim-accepted."""
    return ctx().retrying(commands.accept_claim, current_principal(), f"claim:{contract_id}")


@blp.route("/<contract_id>/objection", methods=["POST"])
@takes_evidence
@blp.arguments(ObjectionForm, location=LOCATION)
@blp.doc(**documented(ObjectionSchema, ObjectionForm))
@blp.response(201, DueProcessResultSchema)
@requires("agency")
def contest(body, contract_id):
    """The agency contests the claim within the objection period (15 days from the service of the claim's notice:
    notify's delivery, or the public notice 公告送达; before service it is in time), as JSON or as multipart/form-data
    with up to 5 evidence files; no effect until a regulator confirms it. Publishes objection-filed."""
    return file_step(commands.object_to, f"claim:{contract_id}", body["reason"], body["files"])


@blp.route("/<contract_id>/objection/ruling", methods=["POST"])
@blp.arguments(RulingSchema)
@blp.response(200, DueProcessResultSchema)
@requires("regulator")
def rule(body, contract_id):
    """Rule on a contested claim: upheld dismisses it; rejected confirms it (the deduction starts today).
    Publishes objection-ruled."""
    return ctx().retrying(
        commands.rule_on_objection, current_principal(), f"claim:{contract_id}", body["upheld"], body["note"]
    )
