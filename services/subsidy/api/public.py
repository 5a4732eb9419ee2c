"""The public list of programmes (no token): name, period, budget used and left, beneficiaries (a count)."""
from __future__ import annotations

from pathlib import Path

from flask import render_template
from flask_smorest import Blueprint

from services.common.web import ctx

from .. import views
from ..schemas import PublicProgrammeSchema

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
blp = Blueprint("subsidy-public", __name__, url_prefix="/public/subsidy", template_folder=str(TEMPLATES),
                description="Public subsidy programmes (补贴项目公示), no token")
KIND_NAMES = {"enterprise_purchase": "购买服务补助", "cluster_base_support": "集聚基地扶持", "town_reward": "以奖代补"}
STATE_NAMES = {"open": "申报中", "closed": "已结束"}


@blp.route("/programmes")
@blp.response(200, PublicProgrammeSchema(many=True))
def programmes():
    """Every open and closed programme, newest period first."""
    return views.public_programmes(ctx().read())


@blp.route("/page")
@blp.doc(responses={"200": {"description": "HTML page in Chinese", "content": {"text/html": {}}}})
def page():
    """补贴项目公示: the programmes for people, in Chinese."""
    uow = ctx().read()
    html = render_template("subsidy_public.html", today=uow.today.isoformat(), programmes=views.public_programmes(uow),
                           kinds=KIND_NAMES, states=STATE_NAMES)
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}
