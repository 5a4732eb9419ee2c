"""HTTP edge of expert engagements (专家抽取): requests and draws, answers, records, and the public side.

Thin: parse → unit of work → command/view → response. An expert token's `org` is the expert id.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.site.pages import PAGE_TOO
from services.common.storage.pagination import PageArgs, page_schema
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from ..commands import experts as commands
from ..schemas.draws import NamedDrawSchema
from ..schemas.experts import (
    AnswerSchema,
    EngagementCompleteSchema,
    EngagementRecordSchema,
    ExpertInvitationSchema,
    ExpertRequestCreateSchema,
    ExpertRequestSchema,
    FlaggedSchema,
    PublicEngagementsSchema,
    RequestQueryArgs,
)
from ..views import experts as views
from . import site
from .demands import BUYERS as REQUESTERS

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
        `eligible`, `candidates` and `excluded` when too few are eligible."""
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
    """The draw audit of government requests, newest first, the experts named (a browser gets the page)."""
    return site.draws(args)


@public.route("/expert-draws/<request_id>")
@public.response(200, NamedDrawSchema)
@public.doc(**PAGE_TOO)
def public_draw(request_id):
    """One government request's draw, the experts named: recompute it from the seed and the eligible list."""
    return site.draw(request_id)
