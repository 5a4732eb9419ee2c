"""The credit API for signed-in callers: ratings, history, facts, regulator and agency commands, admin rebuild."""

from __future__ import annotations

from services.common.storage.pagination import PageArgs, page_schema
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from .. import commands, jobs
from ..schemas.evidence import ObjectionForm, RepairApplicationForm
from ..schemas.ratings import (
    AcceptedSchema,
    DueProcessResultSchema,
    FactsSchema,
    HeldAgencySchema,
    HistoryEntrySchema,
    InterviewSchema,
    ObjectionSchema,
    RatingArgs,
    RatingSchema,
    RebuildSchema,
    RecordSpotCheckSchema,
    RecordViolationSchema,
    RepairApplicationSchema,
    RepairDecisionSchema,
    RevokeSchema,
    RulingSchema,
)
from ..schemas.status import AwaitingArgs, AwaitingSchema
from ..views import awaiting
from ..views import ratings as views
from .evidence import LOCATION, Blueprint, documented, file_step, takes_evidence

blp = Blueprint("credit", __name__, url_prefix="/credit", description="Credit ratings (信用评价) and due process")
REGULATORS = ("regulator",)


@blp.route("/agencies/<agency_id>/rating")
@blp.arguments(RatingArgs, location="query")
@blp.response(200, RatingSchema)
@requires()
def rating(args, agency_id):
    """An agency's rating of `as_of` (default today) from what was known at `known_at` (default today, corrections
    included; `known_at=as_of` gives the rating as it was known that day). Effects, deductions and the interview
    flag only for the agency itself, regulators and admin; others see score, grade, subtotals and lists."""
    return views.rating(ctx().read(), current_principal(), agency_id, args["as_of"], args["known_at"])


@blp.route("/agencies/<agency_id>/history")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(HistoryEntrySchema))
@requires()
def history(args, agency_id):
    """Every published change of the agency's rating, newest first (the agency itself, regulators, admin)."""
    return views.history(ctx().read(), current_principal(), agency_id, args["limit"], args["cursor"])


@blp.route("/agencies/<agency_id>/facts")
@blp.response(200, FactsSchema)
@requires("regulator", "agency")
def facts(agency_id):
    """The stored facts that make the rating, and where each violation and claim stands in due process
    (revocations with their reasons)."""
    return views.facts(ctx().read(), current_principal(), agency_id)


@blp.route("/interviews")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(InterviewSchema))
@requires(*REGULATORS)
def interviews(args):
    """约谈: agencies whose deductions of the last 12 months reach the interview threshold (as last rated)."""
    return views.interviews(ctx().read(), args["limit"], args["cursor"])


@blp.route("/objections")
@blp.arguments(AwaitingArgs, location="query")
@blp.response(200, page_schema(AwaitingSchema))
@requires(*REGULATORS)
def objections(args):
    """Objections (异议, to violations and to claims) waiting for a ruling, the earliest due first, with the days
    left; `awaiting=me`: those the caller rules on (agencies whose home lies in its division)."""
    return awaiting.awaiting(ctx().read(), current_principal(), "objection", args)


@blp.route("/repair-applications")
@blp.arguments(AwaitingArgs, location="query")
@blp.response(200, page_schema(AwaitingSchema))
@requires(*REGULATORS)
def repair_applications(args):
    """Repair applications (信用修复) waiting for a decision, the earliest due first, with the days left;
    `awaiting=me`: those the caller decides (agencies whose home lies in its division)."""
    return awaiting.awaiting(ctx().read(), current_principal(), "repair", args)


@blp.route("/violations", methods=["POST"])
@blp.arguments(RecordViolationSchema)
@blp.response(202, AcceptedSchema)
@requires(*REGULATORS)
def record_violation(body):
    """Record a violation: publishes violation-recorded, applied by the worker like an external one."""
    return ctx().retrying(commands.record_violation, current_principal(), body)


@blp.route("/spot-checks", methods=["POST"])
@blp.arguments(RecordSpotCheckSchema)
@blp.response(202, AcceptedSchema)
@requires(*REGULATORS)
def record_spot_check(body):
    """Record a quality spot check (质量抽查): publishes inspection-completed."""
    return ctx().retrying(commands.record_spot_check, current_principal(), body)


@blp.route("/violations/<violation_id>/objection", methods=["POST"])
@takes_evidence
@blp.arguments(ObjectionForm, location=LOCATION)
@blp.doc(**documented(ObjectionSchema, ObjectionForm))
@blp.response(201, DueProcessResultSchema)
@requires("agency")
def object_to(body, violation_id):
    """The agency objects (异议) within 15 days of the notice's service (送达), as JSON or as multipart/form-data
    with up to 5 evidence files; a pending objection holds a severe listing. Publishes objection-filed."""
    return file_step(commands.object_to, f"violation:{violation_id}", body["reason"], body["files"])


@blp.route("/violations/<violation_id>/objection/ruling", methods=["POST"])
@blp.arguments(RulingSchema)
@blp.response(200, DueProcessResultSchema)
@requires(*REGULATORS)
def rule(body, violation_id):
    """Rule on a pending objection: publishes objection-ruled; upheld also publishes violation-revoked."""
    return ctx().retrying(
        commands.rule_on_objection, current_principal(), f"violation:{violation_id}", body["upheld"], body["note"]
    )


@blp.route("/violations/<violation_id>/repair", methods=["POST"])
@takes_evidence
@blp.arguments(RepairApplicationForm, location=LOCATION)
@blp.doc(**documented(RepairApplicationSchema, RepairApplicationForm))
@blp.response(201, DueProcessResultSchema)
@requires("agency")
def apply_for_repair(body, violation_id):
    """Apply for credit repair (信用修复) after the minimum period, as JSON or as multipart/form-data with up to 5
    evidence files: publishes repair-applied."""
    return file_step(commands.apply_for_repair, f"violation:{violation_id}", body["evidence"], body["files"])


@blp.route("/violations/<violation_id>/repair/decision", methods=["POST"])
@blp.arguments(RepairDecisionSchema)
@blp.response(200, DueProcessResultSchema)
@requires(*REGULATORS)
def decide_repair(body, violation_id):
    """Approve (the effect ends today) or refuse a pending repair application: publishes repair-decided."""
    return ctx().retrying(
        commands.decide_repair, current_principal(), f"violation:{violation_id}", body["approved"], body["note"]
    )


@blp.route("/violations/<violation_id>/revoke", methods=["POST"])
@blp.arguments(RevokeSchema)
@blp.response(202, AcceptedSchema)
@requires(*REGULATORS)
def revoke(body, violation_id):
    """Revoke a violation: publishes violation-revoked with the reason and the kind. Void (the default: recorded in
    error) removes it from every date once the worker applies it; ended (提前移出) ends its effect that day. The
    agency's facts keep what was revoked, when, how, by whom and why."""
    return ctx().retrying(commands.revoke, current_principal(), violation_id, body["reason"], body["kind"])


@blp.route("/admin/held-agencies")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(HeldAgencySchema))
@requires("admin")
def held_agencies(args):
    """Facts held about agency ids the registry has not published: rated, but on no public list, page or
    bulletin until the registry publishes the agency (topics are not ordered against each other)."""
    return views.held(ctx().read(), args["limit"], args["cursor"])


@blp.route("/admin/rebuild", methods=["POST"])
@blp.response(200, RebuildSchema)
@requires("admin")
def rebuild():
    """Recompute every rating from the stored facts; lists agencies whose stored rating differed."""
    changed = jobs.rebuild(ctx())
    return {"agencies": views.agency_count(ctx().read()), "changed": changed}
