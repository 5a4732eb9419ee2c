"""Programmes (补贴项目): the funder's officials create, change, open, close and version them."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.storage.pagination import page_schema
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from .. import commands, views
from ..schemas import ProgrammeChangeSchema, ProgrammeCreateSchema, ProgrammeQueryArgs, ProgrammeSchema
from ..store import SubsidyStore

blp = Blueprint("programmes", __name__, url_prefix="/programmes", description="Subsidy programmes (补贴项目)")
FUNDERS = ("official",)


def _shown(uow, programme) -> dict:
    return views.programme_doc(SubsidyStore(uow), programme.id)


def _command(command, *args) -> dict:
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
    @requires()
    def get(self, programme_id):
        """A programme with its budget (total, left, reserved, spent)."""
        return views.programme_view(ctx().read(), current_principal(), programme_id)

    @blp.arguments(ProgrammeChangeSchema)
    @blp.response(200, ProgrammeSchema)
    @requires(*FUNDERS)
    def patch(self, body, programme_id):
        """Change a draft; an open programme only its name and description (rules: a new version)."""
        return _command(commands.change_programme, programme_id, body)


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
