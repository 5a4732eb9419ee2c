"""The registry's public pages (公众网站, zh-CN, no token): the provider directory with search, a provider's
page, the expert pool. Organisations and experts' public facts only: never ID numbers, phones, e-mails."""

from __future__ import annotations

from pathlib import Path

from services.common.site.pages import HTML, paging, render, site_blueprint
from services.common.site.words import options
from services.common.storage.pagination import paginate
from services.common.storage.search import name_query
from services.common.web.app import ctx

from .. import views
from ..schemas.site import DirectoryPageArgs, ExpertPageArgs
from ..store import EXPERTS, PROVIDERS
from ..views import practitioners

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
pages = site_blueprint(
    "registry-site", __name__, "/public", TEMPLATES, "Public pages in Chinese (服务机构名录, 专家库), no token"
)
PUBLIC_EXPERT = ("_id", "name", "specialties", "industries", "grade", "county")
DISCLOSED = 50  # practitioners listed on a provider's page (all of them on its practice disclosure page)


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


def _directory_query(args: dict, today) -> dict:
    parts = [views.directory_filter(args, today)]
    if args.get("cluster_base"):
        parts.append(views.resident(today))
    return {**(name_query(args["q"]) if args.get("q") else {}), "$and": parts}


def _expert_query(args: dict) -> dict:
    query = views.expert_filter({**args, "status": "active"})
    return {**query, **name_query(args["q"])} if args.get("q") else query
