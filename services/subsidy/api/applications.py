"""Applications (补贴申请): apply or get a quote, review (town → county), pay (finance), follow."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.storage.pagination import page_schema
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from .. import claims, commands, views
from ..schemas import ApplicationQueryArgs, ApplicationSchema, ApplySchema, PaySchema, QuoteSchema, RejectSchema
from ..store import SubsidyStore

blp = Blueprint(
    "applications", __name__, url_prefix="/applications", description="Subsidy applications, review and payment"
)
APPLICANTS = ("enterprise", "agency", "association", "official")


def run(command, *args) -> dict:
    """A command on an application, by the caller, in a retried unit of work: the application as shown."""
    return ctx().retrying(lambda uow: views.application_doc(command(uow, current_principal(), *args), uow.today))


@blp.route("")
class Applications(MethodView):
    @blp.arguments(ApplicationQueryArgs, location="query")
    @blp.response(200, page_schema(ApplicationSchema))
    @requires(*APPLICANTS, "finance", "regulator")
    def get(self, args):
        """Applications the caller may see (its own; an official or a regulator its division's; finance those its
        division funds), newest first; `awaiting=me`: those at the caller's own step (an official's review of its
        town or county, finance's payment), oldest first, each with `due_on` and `days_left`."""
        return views.list_applications(ctx().read(), current_principal(), args)

    @blp.arguments(ApplySchema)
    @blp.response(201, ApplicationSchema)
    @requires(*APPLICANTS)
    def post(self, body):
        """Apply: an enterprise for a completed contract, a cluster-base resident for support, a town official
        for the town reward. 409 with `reasons` (each failed rule) when refused."""
        return run(commands.apply, body)


@blp.route("/quote", methods=["POST"])
@blp.arguments(ApplySchema)
@blp.response(200, QuoteSchema)
@requires(*APPLICANTS)
def quote(body):
    """试算: the amount line by line and every refusal, without applying."""
    uow = ctx().read()
    found = claims.claim(uow, current_principal(), SubsidyStore(uow).programme(body["programme_id"]), body)
    return {
        "amount_fen": found.lines[-1].amount_fen,
        "lines": found.lines,
        "refusals": found.refusals,
        "eligible": not found.refusals,
    }


@blp.route("/<record:application_id>")
@blp.response(200, ApplicationSchema)
@requires(*APPLICANTS, "finance", "regulator")
def application(application_id):
    """One application: its state, amount lines, decisions, reasons and who acts next."""
    return views.application_view(ctx().read(), current_principal(), application_id)


@blp.route("/<record:application_id>/approve", methods=["POST"])
@blp.response(200, ApplicationSchema)
@requires("official")
def approve(application_id):
    """The official of the current step approves; the first approval reserves the amount in the budget."""
    return run(commands.approve, application_id)


@blp.route("/<record:application_id>/reject", methods=["POST"])
@blp.arguments(RejectSchema)
@blp.response(200, ApplicationSchema)
@requires("official", "finance")
def reject(body, application_id):
    """Whoever acts now refuses with a reason; what was reserved is released."""
    return run(commands.reject, application_id, body["reason"])


@blp.route("/<record:application_id>/pay", methods=["POST"])
@blp.arguments(PaySchema)
@blp.response(200, ApplicationSchema)
@requires("finance")
def pay(body, application_id):
    """The finance of the funding division pays an approved application; the same reference again changes
    nothing."""
    return run(commands.pay, application_id, body["payment_reference"])
