"""HTTP edge of matching: contracts (服务合同) and the inspections recorded under them."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.storage.mapping import to_doc
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from .. import commands, views
from ..schemas.contracts import (
    CompleteSchema,
    ContractDetailSchema,
    ContractPageSchema,
    ContractQueryArgs,
    ContractSchema,
    InspectionCreateSchema,
    InspectionListSchema,
    InspectionSchema,
    TerminateSchema,
    WithdrawSchema,
)
from .demands import BUYERS

PARTIES = (*BUYERS, "agency")
blp = Blueprint("contracts", __name__, url_prefix="/contracts", description="Service contracts and inspections")


@blp.route("")
class Contracts(MethodView):
    @blp.arguments(ContractQueryArgs, location="query")
    @blp.response(200, ContractPageSchema)
    @requires(*PARTIES)
    def get(self, args):
        """The caller's contracts (as buyer or as agency)."""
        return views.list_contracts(ctx().read(), current_principal(), args)


@blp.route("/<contract_id>")
class ContractItem(MethodView):
    @blp.response(200, ContractDetailSchema)
    @requires(*PARTIES)
    def get(self, contract_id):
        """One contract with its inspections (the parties and regulators)."""
        return views.contract_view(ctx().read(), current_principal(), contract_id)


@blp.route("/<contract_id>/sign")
class Sign(MethodView):
    @blp.response(200, ContractSchema)
    @requires(*PARTIES)
    def post(self, contract_id):
        """Each party signs with its own token; the second signature makes it signed (contract-signed)."""
        return to_doc(ctx().retrying(commands.sign, current_principal(), contract_id))


@blp.route("/<contract_id>/complete")
class Complete(MethodView):
    @blp.arguments(CompleteSchema)
    @blp.response(200, ContractSchema)
    @requires(*BUYERS)
    def post(self, body, contract_id):
        """The buyer accepts delivery with an on-time flag and a 1–5 score (contract-completed)."""
        return to_doc(ctx().retrying(commands.complete, current_principal(), contract_id, body))


@blp.route("/<contract_id>/terminate")
class Terminate(MethodView):
    @blp.arguments(TerminateSchema)
    @blp.response(200, ContractSchema)
    @requires(*PARTIES)
    def post(self, body, contract_id):
        """Either party ends a signed contract early, naming the party at fault (contract-terminated, with
        terminated_by). An unsigned contract is withdrawn instead (409 here)."""
        return to_doc(ctx().retrying(commands.terminate, current_principal(), contract_id, body))


@blp.route("/<contract_id>/withdraw")
class Withdraw(MethodView):
    @blp.arguments(WithdrawSchema)
    @blp.response(200, ContractSchema)
    @requires(*PARTIES)
    def post(self, body, contract_id):
        """Either party withdraws an unsigned (pending) contract: no fault, no credit effect, no event. The demand
        reopens before its offer deadline, else expires."""
        return to_doc(ctx().retrying(commands.withdraw_contract, current_principal(), contract_id, body["reason"]))


@blp.route("/<contract_id>/inspections")
class Inspections(MethodView):
    @blp.response(200, InspectionListSchema)
    @requires(*PARTIES)
    def get(self, contract_id):
        """The inspections recorded under a contract, oldest first (the parties and regulators)."""
        return {"items": views.contract_view(ctx().read(), current_principal(), contract_id)["inspections"]}

    @blp.arguments(InspectionCreateSchema)
    @blp.response(201, InspectionSchema)
    @requires("agency")
    def post(self, body, contract_id):
        """The agency records an inspection / hazard investigation (隐患排查) for the buyer
        (inspection-completed; a major hazard 重大隐患 is flagged for the regulator)."""
        return views.inspection_doc(ctx().retrying(commands.record_inspection, current_principal(), contract_id, body))
