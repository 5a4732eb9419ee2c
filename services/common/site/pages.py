"""The public site's kit (公众网站): one look for every service's public pages, in Chinese, without login or
JavaScript.

    pages = site_blueprint("registry-site", __name__, "/public", TEMPLATES, "Public pages (zh-CN)")

    @pages.route("/providers")
    @pages.arguments(DirectoryPageArgs, location="query")     # a subclass of SearchArgs
    @pages.doc(**HTML)
    def providers(args):
        return render("registry_directory.html", "服务机构名录", **views...)

A public list answers JSON to a program and its page to a browser at the same address (`page_or(data, ...)`,
documented with `PAGE_TOO`), and the same rows as CSV at `<address>.csv` (`download`).

Templates extend `site/base.html` (header, navigation, footer, `/static/site.css`) and import
`site/macros.html` (pager, place, empty). Every page gets `url(service, path, **query)` (links between
services and to the home page from `ANFU_PUBLIC_URLS`), `place(county, town)` (names, never codes),
`label(kind, value)` (Chinese names), `authority(name)`, `yuan(fen)`, `percent(part, whole)` and `paging` (first
and next page links, the search kept).
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
from services.common.settings import FRONT_DOOR_PORT, PORTS
from services.common.site.sheets import Sheet, to_csv
from services.common.site.words import authority, label, moment, percent, place, yuan
from services.common.storage.pagination import PageArgs
from services.common.web.app import ctx
from services.common.web.auth import view_function

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
HTML = {"responses": {"200": {"description": "HTML page in Chinese", "content": {"text/html": {}}}}}
#: a list that is also a page: JSON for a program, the page for a browser (Accept: text/html)
PAGE_TOO = {"responses": {200: {"content": {"text/html": {"schema": {"type": "string"}}}}}}  # 200: as @response
CSV = {"responses": {"200": {"description": "the same rows as CSV (UTF-8 with BOM)", "content": {"text/csv": {}}}}}
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
    ("home", "/", "首页"),
    ("registry", "/public/providers", "服务机构名录"),
    ("registry", "/public/experts", "专家库"),
    ("credit", "/public/credit/page", "信用公示"),
    ("subsidy", "/public/subsidy/page", "补贴项目"),
    ("subsidy", "/public/subsidy/coverage", "服务覆盖"),
)


class SearchArgs(PageArgs):
    """Query arguments of a page's search form, 20 a page: an empty text field or a select's empty choice (全部,
    documented in each `choice`) is no filter."""

    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))

    @ma.post_load
    def _no_filter(self, data, **_):
        return {k: None if v == "" else v for k, v in data.items()}


def choice(values, description: str = "", **kw) -> ma.fields.String:
    """A select of a search form: one of `values`, or empty for all (the form's 全部)."""
    text = f"{description}; empty: all" if description else "empty: all"
    return ma.fields.String(validate=ma.validate.OneOf(("", *values)), metadata={"description": text}, **kw)


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
    fields = [e.get("field") for e in problem.get("errors", []) if e.get("field")]
    html, _, headers = render(
        "site/error.html",
        ERROR_TITLES.get(response.status_code, "无法显示此页"),
        status=response.status_code,
        fields=[label("field", f) for f in fields],
        record=_missing_record(response.status_code),
    )
    response.set_data(html)
    response.headers["Content-Type"] = headers["Content-Type"]
    response.vary.add("Accept")
    return response


def _missing_record(status: int) -> str | None:
    """The last part of the address of a page that was not found (the id a person typed or followed)."""
    return request.view_args and next(iter(request.view_args.values()), None) if status == 404 else None


def _page_asked() -> bool:
    view = view_function(current_app.view_functions.get(request.endpoint or ""), request.method)
    if view is not None:
        doc = getattr(view, "_apidoc", {})
        if "response" in doc:  # a list that is also a page: as the caller asks
            return (
                PAGE_TOO["responses"][200] in [doc.get("manual_doc", {}).get("responses", {}).get(200)] and wants_page()
            )
        return "text/html" in doc.get("manual_doc", {}).get("responses", {}).get("200", {}).get("content", {})
    return request.path.startswith("/public/") and wants_page()


def wants_page() -> bool:
    """The caller prefers a page to JSON (a browser's Accept); no Accept or */*: JSON."""
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def page_or(data, template: str, title: str, **page):
    """What a public list answers: its data (JSON, by the view's schema) or, for a browser, its page."""
    if not wants_page():
        return data
    html, status, headers = render(template, title, **page)
    response = Response(html, status, headers)
    response.vary.add("Accept")
    return response


def download(sheet: Sheet, name: str) -> Response:
    """A table as a CSV file (UTF-8 with BOM) named `name`.csv."""
    return Response(
        to_csv(sheet),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


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
        percent=percent,
        moment=moment,
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
    """The configured base URL of a service, or of `home` (the front door)."""
    port = FRONT_DOOR_PORT if service == "home" else PORTS[service]
    return ctx().config.site_urls.get(service) or f"http://127.0.0.1:{port}"


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
        "home": url("home", "/"),
        "today": _today(),
        "counties": COUNTIES,
        "towns": _towns_by_county(),
    }


def _today() -> str:
    return jiaxing_day(ctx().clock.now()).isoformat()


def _towns_by_county() -> list[tuple[str, list[tuple[str, str]]]]:
    """(county name, [(town code, town name)]) for a town select grouped by county."""
    return [(name, [(t, TOWNS[t]) for t in towns_of(code)]) for code, name in COUNTIES.items()]
