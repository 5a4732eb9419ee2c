"""`/admin/dead-letters`: list, show, replay, discard a service's dead letters (admin only)."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.messaging.deadletters import redrive
from services.common.messaging.deadletters.letters import DeadLetters
from services.common.messaging.deadletters.schemas import (
    DeadLetterArgs,
    DeadLetterSchema,
    DeadLetterSummarySchema,
    DiscardSchema,
    ReplayedSchema,
    ReplayFiltersSchema,
)
from services.common.storage.context import ServiceContext
from services.common.storage.pagination import page_schema
from services.common.web.auth import current_principal, requires

blp = Blueprint(
    "dead-letters",
    __name__,
    url_prefix="/admin/dead-letters",
    description="Messages this service's consumer could not apply (死信), for operators",
)


def ctx() -> ServiceContext:
    return current_app.extensions["anfu"]  # the app factory's context (web.py imports this module)


@blp.route("")
class Letters(MethodView):
    @blp.arguments(DeadLetterArgs, location="query")
    @blp.response(200, page_schema(DeadLetterSummarySchema))
    @requires("admin")
    def get(self, args):
        """List dead letters, newest first, by topic, reason text, time range or status."""
        limit, cursor = args.pop("limit"), args.pop("cursor")
        return DeadLetters(ctx().db).page(args, limit, cursor)


@blp.route("/replay")
class ReplayMatching(MethodView):
    @blp.arguments(ReplayFiltersSchema)
    @blp.response(200, ReplayedSchema)
    @requires("admin")
    def post(self, filters):
        """Replay every dead letter matching the filters that was not replayed or discarded before."""
        return {"replayed": redrive.replay_matching(ctx(), filters, current_principal().subject)}


@blp.route("/<string(length=24):letter_id>")
class Letter(MethodView):
    @blp.response(200, DeadLetterSchema)
    @requires("admin")
    def get(self, letter_id):
        """One dead letter whole: original value, key and headers, reason, what was done with it."""
        letters = DeadLetters(ctx().db)
        letter = letters.get(letter_id)
        return {**letter, "value": letters.value(letter)}


@blp.route("/<string(length=24):letter_id>/replay")
class Replay(MethodView):
    @blp.response(200, DeadLetterSummarySchema)
    @requires("admin")
    def post(self, letter_id):
        """Publish the original message again to its topic (after the cause is fixed); recorded who and when."""
        return redrive.replay(ctx(), letter_id, current_principal().subject)


@blp.route("/<string(length=24):letter_id>/discard")
class Discard(MethodView):
    @blp.arguments(DiscardSchema)
    @blp.response(200, DeadLetterSummarySchema)
    @requires("admin")
    def post(self, body, letter_id):
        """Drop a dead letter on purpose, with the reason (it stays stored)."""
        return redrive.discard(ctx(), letter_id, current_principal().subject, body["reason"])
