"""HTTP edge of expert engagements (专家抽取): requests and draws, answers, cancellations, records, a requester's
redraws, and the public side.

Thin: parse → unit of work → command/view → response. An expert token's `org` is the expert id.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.site.pages import PAGE_TOO
from services.common.storage.pagination import PageArgs, page_schema
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from ..api import site
from ..domain.buyers import BUYER_ROLES
from . import commands, views
from .schemas.audit import (
    EngagementRecordSchema,
    FlaggedSchema,
    NamedDrawSchema,
    PublicEngagementsSchema,
    RequesterRedrawsSchema,
)
from .schemas.requests import (
    AnswerSchema,
    CancelSchema,
    EngagementCompleteSchema,
    ExpertInvitationSchema,
    ExpertRequestCreateSchema,
    ExpertRequestSchema,
    RequestQueryArgs,
)

REQUESTERS = tuple(BUYER_ROLES)  # the roles that buy request experts

requests = Blueprint(
    "expert-requests",
    __name__,
    url_prefix="/expert-requests",
    description="Expert requests: random, auditable draws (专家随机抽取) with recusal (回避)",
)
pool = Blueprint(
    "expert-records",
    __name__,
    url_prefix="/experts",
    description="Experts' own invitations, engagement records and flags",
)
requesters = Blueprint(
    "expert-requesters",
    __name__,
    url_prefix="/expert-requesters",
    description="Requesters of experts as regulators see them: cancellations and redraws",
)
public = Blueprint(
    "expert-public",
    __name__,
    url_prefix="/public",
    description="Public expert engagements and draw audits (公示), no token, no personal data",
)


@requests.route("")
class ExpertRequests(MethodView):
    @requests.arguments(RequestQueryArgs, location="query")
    @requests.response(200, page_schema(ExpertRequestSchema))
    @requires(*REQUESTERS)
    def get(self, args):
        """A requester's own requests (regulators: all), newest first."""
        return views.list_requests(ctx().read(), current_principal(), args)

    @requests.arguments(ExpertRequestCreateSchema)
    @requests.response(201, ExpertRequestSchema)
    @requires(*REQUESTERS)
    def post(self, body):
        """Request N experts: the pool is drawn at once and the first of the order invited. 409 with `needed`,
        `eligible`, `candidates` and `excluded` when too few are eligible; 409 with `rule` one_open_request and
        `open_request` while the requester has an open request about the same subject (cancel it to ask again:
        the new request is its redraw). 409 when an enterprise, insurer or association requester is not known
        to matching as registered and active; 422 when the reviewed party is no registered enterprise or agency."""
        who = current_principal()
        rotation_days = ctx().config.expert_rotation_days
        return ctx().retrying(
            lambda uow: views.request_view(uow, who, commands.request_experts(uow, who, body, rotation_days).id)
        )


@requests.route("/<request_id>")
class ExpertRequestItem(MethodView):
    @requests.response(200, ExpertRequestSchema)
    @requires(*REQUESTERS)
    def get(self, request_id):
        """The requester and regulators; the panel once decided (the order and answers: regulators at once)."""
        return views.request_view(ctx().read(), current_principal(), request_id)


@requests.route("/<request_id>/answer")
class Answer(MethodView):
    @requests.arguments(AnswerSchema)
    @requests.response(200, ExpertInvitationSchema)
    @requires("expert")
    def post(self, body, request_id):
        """The invited expert accepts or declines before his deadline; the next in the order is invited."""
        who = current_principal()
        return views.invitation_of(ctx().retrying(commands.answer, who, request_id, body), who.org)


@requests.route("/<request_id>/complete")
class Complete(MethodView):
    @requests.arguments(EngagementCompleteSchema)
    @requests.response(200, ExpertRequestSchema)
    @requires(*REQUESTERS)
    def post(self, body, request_id):
        """The requester records the work done and evaluates each expert of the panel (1–5)."""
        who = current_principal()
        return ctx().retrying(
            lambda uow: views.request_view(uow, who, commands.complete(uow, who, request_id, body).id)
        )


@requests.route("/<request_id>/cancel")
class Cancel(MethodView):
    @requests.arguments(CancelSchema)
    @requests.response(200, ExpertRequestSchema)
    @requires(*REQUESTERS)
    def post(self, body, request_id):
        """Its requester withdraws an open request (inviting, complete or short) with a reason, public in the
        audit; pending invitations lapse, and `expert-request-cancelled` names the experts it had engaged. Its
        next request about the same subject is a redraw."""
        who = current_principal()
        return ctx().retrying(lambda uow: views.request_view(uow, who, commands.cancel(uow, who, request_id, body).id))


@requesters.route("/<requester_id>")
@requesters.response(200, RequesterRedrawsSchema)
@requires("regulator")
def requester_redraws(requester_id):
    """A requester's requests, cancellations and redraws (重新抽取): a regulator whose division holds the
    requester (403 otherwise)."""
    return views.requester_redraws(ctx().read(), current_principal(), requester_id)


@pool.route("/<expert_id>/invitations")
@pool.arguments(PageArgs, location="query")
@pool.response(200, page_schema(ExpertInvitationSchema))
@requires("expert")
def invitations(args, expert_id):
    """The expert's own invitations, newest first (nobody else's)."""
    return views.invitations(ctx().read(), current_principal(), expert_id, args)


@pool.route("/<expert_id>/engagements")
@pool.response(200, EngagementRecordSchema)
@requires("expert", "regulator")
def engagement_record(expert_id):
    """The expert's engagement record: invitations, answers, evaluations, flags (himself and regulators)."""
    return views.engagement_record(ctx().read(), current_principal(), expert_id)


@pool.route("/flagged")
@pool.response(200, FlaggedSchema)
@requires("regulator")
def flagged():
    """Experts with repeated unexplained declines or poor evaluations in the last year, for the registry's
    suspension flow."""
    return views.flagged_experts(ctx().read())


@public.route("/experts/<expert_id>/engagements")
@public.response(200, PublicEngagementsSchema)
def public_engagements(expert_id):
    """How many engagements the expert completed, by task."""
    return views.public_engagements(ctx().read(), expert_id)


@public.route("/expert-draws")
@public.arguments(PageArgs, location="query")
@public.response(200, page_schema(NamedDrawSchema))
@public.doc(**PAGE_TOO)
def public_draws(args):
    """The audit of every request, newest first: its draw, its cancellation (with the reason) or the cancelled
    request it redraws; an enterprise requester by its industry and town, never by name; the experts named (a
    browser gets the page)."""
    return site.draws(args)


@public.route("/expert-draws/<request_id>")
@public.response(200, NamedDrawSchema)
@public.doc(**PAGE_TOO)
def public_draw(request_id):
    """One request's audit, the experts named: recompute its draw from the seed and the eligible list (a
    browser gets the page)."""
    return site.draw(request_id)
