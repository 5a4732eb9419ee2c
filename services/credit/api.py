"""The credit API for signed-in callers: ratings, history, facts, regulator and agency commands, admin rebuild."""
from __future__ import annotations

from flask_smorest import Blueprint

from services.common.auth import current_principal, requires
from services.common.errors import NotFound
from services.common.pagination import PageArgs, page_schema, paginate
from services.common.web import ctx

from . import commands, dueprocess, jobs, service
from .domain import rate
from .facts import cases
from .schemas import (AcceptedSchema, DueProcessResultSchema, FactsSchema, HistoryEntrySchema, InterviewSchema,
                      ObjectionSchema, RatingArgs, RatingSchema, RebuildSchema, RecordSpotCheckSchema,
                      RecordViolationSchema, RepairApplicationSchema, RepairDecisionSchema, RulingSchema)
from .store import AGENCIES, HISTORY, CreditStore

blp = Blueprint("credit", __name__, url_prefix="/credit", description="Credit ratings (信用评价) and due process")
REGULATORS = ("regulator",)


def _store() -> CreditStore:
    return CreditStore(ctx().db)


def _known(agency_id: str) -> CreditStore:
    store = _store()
    if store.agency(agency_id) is None:
        raise NotFound(f"no agency {agency_id!r} known to the credit service")
    return store


@blp.route("/agencies/<agency_id>/rating")
@blp.arguments(RatingArgs, location="query")
@blp.response(200, RatingSchema)
@requires()
def rating(args, agency_id):
    """An agency's rating today or `as_of` a day: score, grade, subtotals and every effect in force."""
    store = _known(agency_id)
    return {"agency_id": agency_id, **rate(store.facts(agency_id), args["as_of"] or service.today()).to_dict()}


@blp.route("/agencies/<agency_id>/history")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(HistoryEntrySchema))
@requires()
def history(args, agency_id):
    """Every published change of the agency's rating, newest first."""
    _known(agency_id)
    return paginate(ctx().db[HISTORY], {"agency_id": agency_id}, args["limit"], args["cursor"], descending=True)


@blp.route("/agencies/<agency_id>/facts")
@blp.response(200, FactsSchema)
@requires("regulator", "agency")
def facts(agency_id):
    """The stored facts that make the rating, and where each violation stands in due process."""
    if current_principal().role == "agency":
        current_principal().require_org(agency_id)
    found = _known(agency_id).facts(agency_id)
    return {"facts": [f.to_dict() for f in found], "violations": [dueprocess.status(c) for c in cases(found).values()]}


@blp.route("/interviews")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(InterviewSchema))
@requires(*REGULATORS)
def interviews(args):
    """约谈: agencies whose deductions of the last 12 months reach the interview threshold (as last rated)."""
    page = paginate(ctx().db[AGENCIES], {"rating.interview_required": True}, args["limit"], args["cursor"])
    return {**page, "items": [{**d["rating"], "agency_id": d["_id"], "name": d.get("name"),
                               "county": d.get("county")} for d in page["items"]]}


@blp.route("/violations", methods=["POST"])
@blp.arguments(RecordViolationSchema)
@blp.response(202, AcceptedSchema)
@requires(*REGULATORS)
def record_violation(body):
    """Record a violation: publishes violation-recorded, applied by the worker like an external one."""
    with ctx().uow() as uow:
        return commands.record_violation(uow, body, current_principal())


@blp.route("/spot-checks", methods=["POST"])
@blp.arguments(RecordSpotCheckSchema)
@blp.response(202, AcceptedSchema)
@requires(*REGULATORS)
def record_spot_check(body):
    """Record a quality spot check (质量抽查): publishes inspection-completed."""
    with ctx().uow() as uow:
        return commands.record_spot_check(uow, body, current_principal())


def _step(violation_id: str, step, **args) -> dict:
    with ctx().uow() as uow:
        return commands.due_process(uow, violation_id, step, current_principal(), **args)


@blp.route("/violations/<violation_id>/objection", methods=["POST"])
@blp.arguments(ObjectionSchema)
@blp.response(201, DueProcessResultSchema)
@requires("agency")
def object_to(body, violation_id):
    """The agency objects (异议) within 15 days; a pending objection holds a severe listing."""
    return _step(violation_id, dueprocess.object_to, reason=body["reason"])


@blp.route("/violations/<violation_id>/objection/ruling", methods=["POST"])
@blp.arguments(RulingSchema)
@blp.response(200, DueProcessResultSchema)
@requires(*REGULATORS)
def rule(body, violation_id):
    """Rule on a pending objection; upheld publishes violation-revoked."""
    return _step(violation_id, dueprocess.rule_on_objection, upheld=body["upheld"], note=body["note"])


@blp.route("/violations/<violation_id>/repair", methods=["POST"])
@blp.arguments(RepairApplicationSchema)
@blp.response(201, DueProcessResultSchema)
@requires("agency")
def apply_for_repair(body, violation_id):
    """Apply for credit repair (信用修复) after the minimum period."""
    return _step(violation_id, dueprocess.apply_for_repair, evidence=body["evidence"])


@blp.route("/violations/<violation_id>/repair/decision", methods=["POST"])
@blp.arguments(RepairDecisionSchema)
@blp.response(200, DueProcessResultSchema)
@requires(*REGULATORS)
def decide_repair(body, violation_id):
    """Approve (the effect ends today) or refuse a pending repair application."""
    return _step(violation_id, dueprocess.decide_repair, approved=body["approved"], note=body["note"])


@blp.route("/admin/rebuild", methods=["POST"])
@blp.response(200, RebuildSchema)
@requires("admin")
def rebuild():
    """Recompute every rating from the stored facts; lists agencies whose stored rating differed."""
    changed = jobs.rebuild(ctx())
    return {"agencies": len(_store().agency_ids()), "changed": changed}
