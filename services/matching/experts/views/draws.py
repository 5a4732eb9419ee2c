"""The public draw audit (专家抽取公示) with every expert named as on the registry's pool page: the audit of each
request (`public_draw`: its requester, cancellation or the request it redraws) and the names of the experts in
it, from matching's own projection of the pool; and the same as a table (CSV)."""

from __future__ import annotations

from services.common.site.sheets import Column, Sheet
from services.common.site.words import authority, label, moment, place
from services.common.storage.store import UnitOfWork

from ..store import EXPERTS
from . import public_draw_of, public_draws

TITLE = "安全生产专家抽取公示"
COLUMNS = [
    Column("申请编号", width=22),
    Column("申请时间", width=17),
    Column("申请单位", width=30),
    Column("任务", width=8),
    Column("需要专家（名）", "count", 8),
    Column("状态", width=8),
    Column("符合条件（名）", "count", 8),
    Column("回避或不能到场", width=40),
    Column("抽取顺序", width=40),
    Column("邀请结果", width=40),
    Column("撤销", width=40),
    Column("重新抽取的申请", width=22),
    Column("随机种子", width=66),
]
NOTES = [
    "每次专家抽取全部公示，含撤销（及其原因）和重新抽取；企业申请的只公示行业和所在地，不公示名称。",
    "随机种子 = SHA-256（公开值:申请编号），抽取顺序按 SHA-256（种子:专家编号）从小到大排列，依次邀请。",
    "专家组确定前只公布人数，名单和顺序在确定后公布。",
]


def named_draws(uow: UnitOfWork, args: dict) -> dict:
    """A page of the audits of every request, newest first, each with its experts' names."""
    found = public_draws(uow, args)
    return {**found, "items": _named(uow, found["items"])}


def named_draw(uow: UnitOfWork, request_id: str) -> dict:
    return _named(uow, [public_draw_of(uow, request_id)])[0]


def requester(audit: dict) -> str:
    """Who asked, as the audit shows it: an enterprise by its industry and place, others by name."""
    shown = audit.get("requester") or {}
    kind = label("requester_type", audit["requester_type"])
    if audit["requester_type"] == "enterprise":
        return f"{kind}（{label('industry', shown.get('industry'))}，{place(shown.get('county'), shown.get('town'))}）"
    return f"{kind}：{authority(shown.get('name'))}"


def _named(uow: UnitOfWork, audits: list[dict]) -> list[dict]:
    ids = {x for a in audits for x in _ids(a)}
    names = {d["_id"]: d.get("name") for d in uow[EXPERTS].find({"_id": {"$in": sorted(ids)}}, {"name": 1})}
    return [{**a, "names": {x: names.get(x) or "（姓名待同步）" for x in _ids(a)}} for a in audits]


def _ids(audit: dict) -> list[str]:
    draw = audit["draw"]
    return [
        *draw.get("order", ()),
        *draw.get("eligible", ()),
        *(e["expert_id"] for e in draw.get("excluded", ())),
        *(i["expert_id"] for i in audit.get("invitations", ())),
    ]


def sheet(uow: UnitOfWork, audits: list[dict]) -> Sheet:
    rows = []
    for a in audits:
        names, draw, cancelled = a["names"], a["draw"], a.get("cancellation")
        excluded = "；".join(
            f"{names[e['expert_id']]}（{'、'.join(label('exclusion', r) for r in e['reasons'])}）"
            for e in draw.get("excluded", ())
        )
        invited = "；".join(
            f"{i['position']}. {names[i['expert_id']]}：{label('answer', i['status'])}"
            for i in a.get("invitations", ())
        )
        rows.append(
            [
                a["request_id"],
                moment(a["requested_at"]),
                requester(a),
                label("task", a["task"]),
                a["experts_needed"],
                label("request_status", a["status"]),
                draw["eligible_count"],
                excluded or "—",
                "、".join(names[x] for x in draw.get("order", ())) or "专家组确定后公布",
                invited or "—",
                f"{moment(cancelled['at'])}：{cancelled['reason']}" if cancelled else "—",
                a.get("redraw_of") or "—",
                draw["seed"],
            ]
        )
    return Sheet(TITLE, f"截至 {uow.today.isoformat()}", COLUMNS, rows, uow.now, notes=NOTES, name="专家抽取")
