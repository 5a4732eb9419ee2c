"""HTTP edge of matching, part 2: contracts (服务合同), inspections under them, and an agency's public
practice record (执业公示)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.auth import current_principal, requires
from services.common.clock import utcnow
from services.common.mapping import to_doc
from services.common.pagination import PageArgs
from services.common.web import ctx

from . import service, views
from .api import BUYERS
from .schemas import (CompleteSchema, ContractDetailSchema, ContractPageSchema, ContractQueryArgs, ContractSchema,
                      InspectionCreateSchema, InspectionListSchema, InspectionSchema, PracticeRecordSchema,
                      TerminateSchema)

PARTIES = (*BUYERS, "agency")
blp = Blueprint("contracts", __name__, url_prefix="/contracts", description="Service contracts and inspections")
public = Blueprint("practice", __name__, url_prefix="/agencies", description="Public practice records (执业公示)")


@blp.route("")
class Contracts(MethodView):
    @blp.arguments(ContractQueryArgs, location="query")
    @blp.response(200, ContractPageSchema)
    @requires(*PARTIES)
    def get(self, args):
        """The caller's contracts (as buyer or as agency)."""
        with ctx().uow() as uow:
            return views.list_contracts(uow, current_principal(), args)


@blp.route("/<contract_id>")
class ContractItem(MethodView):
    @blp.response(200, ContractDetailSchema)
    @requires(*PARTIES)
    def get(self, contract_id):
        """One contract with its inspections (the parties and regulators)."""
        with ctx().uow() as uow:
            return views.contract_view(uow, current_principal(), contract_id)


@blp.route("/<contract_id>/sign")
class Sign(MethodView):
    @blp.response(200, ContractSchema)
    @requires(*PARTIES)
    def post(self, contract_id):
        """Each party signs with its own token; the second signature makes it signed (contract-signed)."""
        with ctx().uow() as uow:
            return to_doc(service.sign(uow, current_principal(), contract_id, utcnow()))


@blp.route("/<contract_id>/complete")
class Complete(MethodView):
    @blp.arguments(CompleteSchema)
    @blp.response(200, ContractSchema)
    @requires(*BUYERS)
    def post(self, body, contract_id):
        """The buyer accepts delivery with an on-time flag and a 1–5 score (contract-completed)."""
        with ctx().uow() as uow:
            return to_doc(service.complete(uow, current_principal(), contract_id, body, utcnow()))


@blp.route("/<contract_id>/terminate")
class Terminate(MethodView):
    @blp.arguments(TerminateSchema)
    @blp.response(200, ContractSchema)
    @requires(*PARTIES)
    def post(self, body, contract_id):
        """Either party ends the contract early, naming the party at fault (contract-terminated)."""
        with ctx().uow() as uow:
            return to_doc(service.terminate(uow, current_principal(), contract_id, body, utcnow()))


@blp.route("/<contract_id>/inspections")
class Inspections(MethodView):
    @blp.response(200, InspectionListSchema)
    @requires(*PARTIES)
    def get(self, contract_id):
        """The inspections recorded under a contract, oldest first (the parties and regulators)."""
        with ctx().uow() as uow:
            return {"items": views.contract_view(uow, current_principal(), contract_id)["inspections"]}

    @blp.arguments(InspectionCreateSchema)
    @blp.response(201, InspectionSchema)
    @requires("agency")
    def post(self, body, contract_id):
        """The agency records an inspection / hazard investigation (隐患排查) for the buyer
        (inspection-completed; a major hazard 重大隐患 is flagged for the regulator)."""
        with ctx().uow() as uow:
            inspection = service.record_inspection(uow, current_principal(), contract_id, body, utcnow())
            return views.inspection_doc(inspection)


@public.route("/<agency_id>/practice-record")
class PracticeRecord(MethodView):
    @public.arguments(PageArgs, location="query")
    @public.response(200, PracticeRecordSchema)
    def get(self, args, agency_id):
        """执业公示: an agency's contracts with category, buyer type, place, dates and outcome. Public;
        no amounts and no buyer identity."""
        with ctx().uow() as uow:
            return views.practice_record(uow, agency_id, args)
