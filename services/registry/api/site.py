"""The registry's public pages (公众网站, zh-CN, no token): the provider directory with search, a provider's
page, the expert pool. Organisations and experts' public facts only: never ID numbers, phones, e-mails."""

from __future__ import annotations

from pathlib import Path

from services.common.site.pages import CSV, HTML, download, paging, render, site_blueprint
from services.common.site.sheets import Column, Sheet
from services.common.site.words import label, options, place
from services.common.storage.pagination import paginate
from services.common.storage.search import name_query
from services.common.web.app import ctx

from .. import views
from ..schemas.site import DirectoryPageArgs, ExpertPageArgs
from ..store import ENTERPRISES, EXPERTS, PROVIDERS
from ..views import practitioners

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
pages = site_blueprint(
    "registry-site", __name__, "/public", TEMPLATES, "Public pages in Chinese (服务机构名录, 专家库), no token"
)
PUBLIC_EXPERT = ("_id", "name", "specialties", "industries", "grade", "county")
DISCLOSED = 50  # practitioners listed on a provider's page (all of them on its practice disclosure page)
EVERYTHING = 10_000  # a CSV file holds every row the search finds
PROVIDER_COLUMNS = [
    Column("机构名称", width=30),
    Column("统一社会信用代码", width=20),
    Column("类型", width=12),
    Column("所在地", width=14),
    Column("有效资质", width=40),
    Column("入驻集聚基地", width=8),
]
EXPERT_COLUMNS = [
    Column("姓名", width=10),
    Column("专业特长", width=30),
    Column("行业", width=30),
    Column("等级", width=6),
    Column("所在地", width=10),
]


@pages.route("/providers")
@pages.arguments(DirectoryPageArgs, location="query")
@pages.doc(**HTML)
def directory(args):
    """服务机构名录: active providers with a verified qualification valid today; search by name, filters."""
    uow = ctx().read()
    found = paginate(uow[PROVIDERS], _directory_query(args, uow.today), args["limit"], args["cursor"])
    return render(
        "registry_directory.html",
        "服务机构名录",
        search=args,
        paging=paging(found["next_cursor"]),
        providers=[views.public_provider(d, uow.today) for d in found["items"]],
        categories=options("category"),
        kinds=options("kind"),
    )


@pages.route("/providers/<provider_id>")
@pages.doc(**HTML)
def provider(provider_id):
    """A provider's page: verified qualifications with validity; links to its credit and practice record."""
    uow = ctx().read()
    provider = views.directory_entry(uow, provider_id)
    staff = practitioners.disclosure_page(uow, provider_id, {"limit": DISCLOSED, "cursor": None})
    return render("registry_provider.html", "服务机构信息", provider=provider, staff=staff)


@pages.route("/experts")
@pages.arguments(ExpertPageArgs, location="query")
@pages.doc(**HTML)
def experts(args):
    """专家库: active experts by name, specialty, industry, grade and county (no personal data)."""
    uow = ctx().read()
    found = paginate(uow[EXPERTS], _expert_query(args), args["limit"], args["cursor"])
    return render(
        "registry_experts.html",
        "安全生产专家库",
        search=args,
        paging=paging(found["next_cursor"]),
        experts=[{k: d.get(k) for k in PUBLIC_EXPERT} for d in found["items"]],
        industries=options("industry"),
        grades=options("expert_grade"),
    )


@pages.route("/providers.csv")
@pages.arguments(DirectoryPageArgs, location="query")
@pages.doc(**CSV)
def directory_csv(args):
    """The directory's search as CSV: every provider it finds."""
    uow = ctx().read()
    found = paginate(uow[PROVIDERS], _directory_query(args, uow.today), EVERYTHING, None)["items"]
    rows = [
        [p["name"], p["uscc"] or p["_id"], label("kind", p["kind"]), place(p["county"], p["town"]), _held(p), _yes(p)]
        for p in (views.public_provider(d, uow.today) for d in found)
    ]
    sheet = Sheet("服务机构名录", f"截至 {uow.today.isoformat()}", PROVIDER_COLUMNS, rows, uow.now, name="服务机构")
    sheet.notes = ["只列在册并持有经监管部门核验、今日有效资质的机构。"]
    return download(sheet, "providers")


@pages.route("/experts.csv")
@pages.arguments(ExpertPageArgs, location="query")
@pages.doc(**CSV)
def experts_csv(args):
    """The expert pool's search as CSV (no personal data)."""
    uow = ctx().read()
    rows = [
        [
            e.get("name"),
            "、".join(e.get("specialties") or []),
            "、".join(label("industry", i) for i in e.get("industries") or []),
            label("expert_grade", e.get("grade")),
            place(e.get("county")),
        ]
        for e in paginate(uow[EXPERTS], _expert_query(args), EVERYTHING, None)["items"]
    ]
    return download(Sheet("安全生产专家库", f"截至 {uow.today.isoformat()}", EXPERT_COLUMNS, rows, uow.now), "experts")


@pages.route("/home/registry")
@pages.doc(**HTML)
def home():
    """What the home page (门户首页) shows of the registry: providers, cluster-base residents, experts, enterprises."""
    uow = ctx().read()
    directory = views.directory_filter({}, uow.today)
    return render(
        "registry_home.html",
        "服务机构和专家",
        providers=uow[PROVIDERS].count_documents(directory),
        residents=uow[PROVIDERS].count_documents({"$and": [directory, views.resident(uow.today)]}),
        experts=uow[EXPERTS].count_documents({"status": "active"}),
        enterprises=uow[ENTERPRISES].count_documents({"status": "active"}),
    )


def _held(provider: dict) -> str:
    return "、".join(label("category", q["category"]) for q in provider["qualifications"])


def _yes(provider: dict) -> str:
    return "是" if provider["in_cluster_base"] else "否"


def _directory_query(args: dict, today) -> dict:
    parts = [views.directory_filter(args, today)]
    if args.get("cluster_base"):
        parts.append(views.resident(today))
    return {**(name_query(args["q"]) if args.get("q") else {}), "$and": parts}


def _expert_query(args: dict) -> dict:
    query = views.expert_filter({**args, "status": "active"})
    return {**query, **name_query(args["q"])} if args.get("q") else query
