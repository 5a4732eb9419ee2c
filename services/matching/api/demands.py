"""HTTP edge of matching: demands, offers and recommendations (供需双向选择).

Thin: parse → unit of work → command/view → response. Roles here, ownership in the commands;
an illegal state change answers 409.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.storage.mapping import to_doc
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from .. import commands, views
from ..domain.buyers import BUYER_ROLES
from ..schemas.contracts import ContractSchema
from ..schemas.demands import (
    DemandCreateSchema,
    DemandPageSchema,
    DemandQueryArgs,
    DemandSchema,
    OfferCreateSchema,
    OfferSchema,
    RecommendationArgs,
    RecommendationsSchema,
)
from ..store import demand_doc

BUYERS = tuple(BUYER_ROLES)
blp = Blueprint(
    "demands", __name__, url_prefix="/demands", description="Service demands (服务需求), offers and recommendations"
)


@blp.route("")
class Demands(MethodView):
    @blp.arguments(DemandQueryArgs, location="query")
    @blp.response(200, DemandPageSchema)
    @requires(*BUYERS, "agency")
    def get(self, args):
        """List demands: a buyer's own; for a provider, the open ones fitting its categories and county."""
        return views.list_demands(ctx().read(), current_principal(), args)

    @blp.arguments(DemandCreateSchema)
    @blp.response(201, DemandSchema)
    @requires(*BUYERS)
    def post(self, body):
        """Post a demand; the buyer type follows the token's role (regulator/official = government)."""
        return demand_doc(ctx().retrying(commands.post_demand, current_principal(), body))


@blp.route("/<demand_id>")
class DemandItem(MethodView):
    @blp.response(200, DemandSchema)
    @requires(*BUYERS, "agency")
    def get(self, demand_id):
        """One demand (offers: all for its buyer, a provider's own for a provider)."""
        return views.demand_view(ctx().read(), current_principal(), demand_id)


@blp.route("/<demand_id>/cancel")
class CancelDemand(MethodView):
    @blp.response(200, DemandSchema)
    @requires(*BUYERS)
    def post(self, demand_id):
        """The buyer cancels its open demand; live offers are declined."""
        return demand_doc(ctx().retrying(commands.cancel_demand, current_principal(), demand_id))


@blp.route("/<demand_id>/recommendations")
class Recommendations(MethodView):
    @blp.arguments(RecommendationArgs, location="query")
    @blp.response(200, RecommendationsSchema)
    @requires(*BUYERS)
    def get(self, args, demand_id):
        """Ranked, explained shortlist of eligible providers. The buyer chooses; nobody is designated."""
        return views.recommendations(ctx().read(), current_principal(), demand_id, args["limit"])


@blp.route("/<demand_id>/offers")
class Offers(MethodView):
    @blp.arguments(OfferCreateSchema)
    @blp.response(201, OfferSchema)
    @requires("agency")
    def post(self, body, demand_id):
        """An eligible provider answers an open demand before its deadline."""
        return to_doc(ctx().retrying(commands.submit_offer, current_principal(), demand_id, body))


@blp.route("/<demand_id>/offers/<offer_id>/withdraw")
class WithdrawOffer(MethodView):
    @blp.response(200, OfferSchema)
    @requires("agency")
    def post(self, demand_id, offer_id):
        """The provider withdraws its submitted offer."""
        return to_doc(ctx().retrying(commands.withdraw_offer, current_principal(), demand_id, offer_id))


@blp.route("/<demand_id>/offers/<offer_id>/accept")
class AcceptOffer(MethodView):
    @blp.response(201, ContractSchema)
    @requires(*BUYERS)
    def post(self, demand_id, offer_id):
        """The buyer accepts one offer: the others are declined; a contract awaits both signatures."""
        return to_doc(ctx().retrying(commands.accept_offer, current_principal(), demand_id, offer_id))
