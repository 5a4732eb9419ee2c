"""The public site's kit (公众网站): one look for every service's public pages, in Chinese, without login or
JavaScript.

    pages = site_blueprint("registry-site", __name__, "/public", TEMPLATES, "Public pages (zh-CN)")

    @pages.route("/providers")
    @pages.arguments(DirectoryPageArgs, location="query")     # a subclass of SearchArgs
    @pages.doc(**HTML)
    def providers(args):
        return render("registry_directory.html", "服务机构名录", **views...)

Templates extend `site/base.html` (header, navigation, footer, `/static/site.css`) and import
`site/macros.html` (pager, place, empty). Every page gets `url(service, path, **query)` (links between
services from `ANFU_PUBLIC_URLS`), `place(county, town)` (names, never codes), `label(kind, value)` (Chinese
names), `authority(name)`, `yuan(fen)`, `share(permille)` and `paging` (first and next page links, the search kept).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import marshmallow as ma
from flask import Response, current_app, render_template, request
from flask_smorest import Blueprint

from services.common.clock import jiaxing_day
from services.common.errors import PROBLEM_JSON
from services.common.reference import COUNTIES, TOWNS, towns_of
from services.common.settings import PORTS
from services.common.site.charts import share
from services.common.site.words import authority, label, place, yuan
from services.common.storage.pagination import PageArgs
from services.common.web.app import ctx
from services.common.web.auth import view_function

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
HTML = {"responses": {"200": {"description": "HTML page in Chinese", "content": {"text/html": {}}}}}
SITE_NAME = "嘉兴市安全生产社会化服务平台"
ERROR_TITLES = {
    400: "请求有误",
    404: "没有找到这个页面",
    405: "不支持这种访问方式",
    422: "查询条件有误",
    429: "访问太频繁，请稍后再试",
    500: "页面出错了",
    503: "服务暂时不可用，请稍后再试",
}

#: the navigation: (service, path, label)
NAV = (
    ("registry", "/public/providers", "服务机构名录"),
    ("registry", "/public/experts", "专家库"),
    ("credit", "/public/credit/page", "信用公示"),
    ("subsidy", "/public/subsidy/page", "补贴项目"),
    ("subsidy", "/public/subsidy/coverage", "服务覆盖"),
)


class SearchArgs(PageArgs):
    """Query arguments of a page's search form: an empty field is no filter; 20 a page."""

    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))

    @ma.pre_load
    def _drop_empty(self, data, **_):
        return {k: v for k, v in data.items() if v not in ("", None)}


def site_blueprint(name: str, import_name: str, url_prefix: str, templates: Path, description: str) -> Blueprint:
    """A blueprint of public pages whose templates are the service's own `templates/` (and the kit's); a page's
    errors come as pages too (`error_page`)."""
    blueprint = Blueprint(
        name, import_name, url_prefix=url_prefix, template_folder=str(templates), description=description
    )
    blueprint.after_app_request(error_page)
    return blueprint


def error_page(response: Response) -> Response:
    """after_request: the error of a page (a view documented as HTML, or an unknown address under /public asked
    for by a browser) as a page in the site's look, same status and headers; an API's error stays problem JSON."""
    if response.mimetype != PROBLEM_JSON or not _page_asked():
        return response
    problem = response.get_json(silent=True) or {}
    html, _, headers = render(
        "site/error.html",
        ERROR_TITLES.get(response.status_code, "无法显示此页"),
        status=response.status_code,
        detail=problem.get("detail"),
        fields=[e.get("field") for e in problem.get("errors", [])],
    )
    response.set_data(html)
    response.headers["Content-Type"] = headers["Content-Type"]
    return response


def _page_asked() -> bool:
    view = view_function(current_app.view_functions.get(request.endpoint or ""), request.method)
    if view is not None:
        responses = getattr(view, "_apidoc", {}).get("manual_doc", {}).get("responses", {})
        return "text/html" in responses.get("200", {}).get("content", {})
    wanted = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/public/") and wanted == "text/html"


def render(template: str, title: str, **data):
    """A page in the shared look: (html, 200, headers) for a Flask view."""
    html = render_template(
        template,
        title=title,
        site=_site(),
        url=url,
        place=place,
        label=label,
        yuan=yuan,
        share=share,
        authority=authority,
        **data,
    )
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}


def url(service: str, path: str, **query) -> str:
    """A link to a page: the path alone on this service, the configured base URL on another one."""
    kept = {k: v for k, v in query.items() if v not in (None, "", False)}
    base = "" if service == ctx().name else base_url(service)
    return base + path + ("?" + urlencode(kept) if kept else "")


def base_url(service: str) -> str:
    return ctx().config.site_urls.get(service) or f"http://127.0.0.1:{PORTS[service]}"


def paging(next_cursor: str | None) -> dict:
    """Links to the first and the next page of this search (None where there is none)."""
    kept = {k: v for k, v in request.args.items() if k != "cursor" and v}
    first = request.path + ("?" + urlencode(kept) if kept else "")
    return {
        "first": first if request.args.get("cursor") else None,
        "next": request.path + "?" + urlencode({**kept, "cursor": next_cursor}) if next_cursor else None,
    }


def _site() -> dict:
    """The header, navigation and footer of every page."""
    here = ctx().name
    nav = [
        {"href": url(service, path), "label": text, "current": service == here and request.path == path}
        for service, path, text in NAV
    ]
    return {
        "name": SITE_NAME,
        "nav": nav,
        "home": url(*NAV[0][:2]),
        "today": _today(),
        "counties": COUNTIES,
        "towns": _towns_by_county(),
    }


def _today() -> str:
    return jiaxing_day(ctx().clock.now()).isoformat()


def _towns_by_county() -> list[tuple[str, list[tuple[str, str]]]]:
    """(county name, [(town code, town name)]) for a town select grouped by county."""
    return [(name, [(t, TOWNS[t]) for t in towns_of(code)]) for code, name in COUNTIES.items()]
