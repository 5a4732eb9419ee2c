"""Programmes (补贴项目): the funder's officials create, change, open, close, version and top them up.

A programme's answers carry its ETag (the stored version); a PATCH with `If-Match` applies only to that version.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.storage.pagination import page_schema
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires
from services.common.web.etag import etag, if_match, tagged

from .. import commands, views
from ..schemas import ProgrammeChangeSchema, ProgrammeCreateSchema, ProgrammeQueryArgs, ProgrammeSchema, TopUpSchema
from ..store import SubsidyStore

blp = Blueprint("programmes", __name__, url_prefix="/programmes", description="Subsidy programmes (补贴项目)")
FUNDERS = ("official",)


def _shown(uow, programme) -> tuple:
    store = SubsidyStore(uow)
    return tagged(views.programme_doc(store, programme.id), views.programme_version(store, programme.id))


def _command(command, *args) -> tuple:
    return ctx().retrying(lambda uow: _shown(uow, command(uow, current_principal(), *args)))


@blp.route("")
class Programmes(MethodView):
    @blp.arguments(ProgrammeQueryArgs, location="query")
    @blp.response(200, page_schema(ProgrammeSchema))
    @requires()
    def get(self, args):
        """Open and closed programmes; officials also see the drafts of their divisions."""
        return views.list_programmes(ctx().read(), current_principal(), args)

    @blp.arguments(ProgrammeCreateSchema)
    @blp.response(201, ProgrammeSchema)
    @requires(*FUNDERS)
    def post(self, body):
        """Create a draft programme funded by the caller's division."""
        return _command(commands.create_programme, body)


@blp.route("/<programme_id>")
class ProgrammeItem(MethodView):
    @blp.response(200, ProgrammeSchema)
    @etag()
    @requires()
    def get(self, programme_id):
        """A programme with its one budget (total, left, reserved, spent, recovered, top-ups: all versions)."""
        return tagged(*views.programme_view(ctx().read(), current_principal(), programme_id))

    @blp.arguments(ProgrammeChangeSchema)
    @blp.response(200, ProgrammeSchema)
    @etag(write=True)
    @requires(*FUNDERS)
    def patch(self, body, programme_id):
        """Change a draft; an open programme only its name and description (rules: a new version; a later
        version keeps the budget: top it up)."""
        return _command(commands.change_programme, programme_id, body, if_match())


@blp.route("/<programme_id>/open", methods=["POST"])
@blp.response(200, ProgrammeSchema)
@requires(*FUNDERS)
def open_(programme_id):
    """Open for applications; its budget starts; a new version closes the one it supersedes."""
    return _command(commands.open_programme, programme_id)


@blp.route("/<programme_id>/close", methods=["POST"])
@blp.response(200, ProgrammeSchema)
@requires(*FUNDERS)
def close(programme_id):
    """No new applications (those under review go on)."""
    return _command(commands.close_programme, programme_id)


@blp.route("/<programme_id>/versions", methods=["POST"])
@blp.response(201, ProgrammeSchema)
@requires(*FUNDERS)
def new_version(programme_id):
    """A draft copy of an open or closed programme, to change its rules and open instead."""
    return _command(commands.new_version, programme_id)


@blp.route("/<programme_id>/top-ups", methods=["POST"])
@blp.arguments(TopUpSchema)
@blp.response(200, ProgrammeSchema)
@requires(*FUNDERS)
def top_up(body, programme_id):
    """The funder's official raises the budget of an open programme (shared by all its versions) with a reason:
    kept on the budget, in the programme's history and the public list; publishes subsidy-budget-topped-up. 409
    beyond 10^12 fen."""
    return _command(commands.top_up, programme_id, body["amount_fen"], body["reason"])
