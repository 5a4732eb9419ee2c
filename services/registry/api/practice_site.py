"""The registry's public pages about practitioners (公众网站, zh-CN, no token): an agency's practice disclosure
(执业公示: its practitioners by name and certificate kind) and the talent list (人才名单), each a page (its JSON at
`/directory/...`) and CSV. Never an ID number, a certificate number or a phone."""

from __future__ import annotations

from services.common.site.pages import CSV, HTML, download, paging, render, site_blueprint
from services.common.site.sheets import Column, Sheet
from services.common.site.words import label, options
from services.common.web.app import ctx

from ..schemas.practitioners import DisclosurePageArgs, TalentPageArgs
from ..views import directory_entry
from ..views import practitioners as views
from .site import EVERYTHING, TEMPLATES

pages = site_blueprint("registry-practice", __name__, "/public", TEMPLATES, "Practice disclosure and talent (zh-CN)")
TALENT_TITLE = "安全生产人才名单"
DISCLOSURE_COLUMNS = [Column("姓名", width=10), Column("执业资格证书", width=40)]
TALENT_COLUMNS = [
    Column("姓名", width=10),
    Column("人才类别", width=24),
    Column("认定日期", width=11),
    Column("所在机构"),
]


@pages.route("/providers/<provider_id>/practitioners")
@pages.arguments(DisclosurePageArgs, location="query")
@pages.doc(**HTML)
def practitioners(args, provider_id):
    """执业公示: the agency's practitioners with a verified certificate valid today, by name and kind."""
    uow = ctx().read()
    provider = directory_entry(uow, provider_id)
    found = views.disclosure_page(uow, provider_id, args)
    return render(
        "registry_practitioners.html",
        "执业公示：从业人员",
        provider=provider,
        search=args,
        practitioners=found["items"],
        paging=paging(found["next_cursor"]),
        kinds=options("certificate_kind"),
    )


@pages.route("/providers/<provider_id>/practitioners.csv")
@pages.arguments(DisclosurePageArgs, location="query")
@pages.doc(**CSV)
def practitioners_csv(args, provider_id):
    """The agency's practice disclosure as CSV: every practitioner the search finds."""
    uow = ctx().read()
    provider = directory_entry(uow, provider_id)
    found = views.disclosure_page(uow, provider_id, {**args, "limit": EVERYTHING, "cursor": None})["items"]
    rows = [[p["name"], "、".join(label("certificate_kind", k) for k in p["kinds"])] for p in found]
    sheet = Sheet(
        f"{provider['name']}从业人员",
        f"截至 {uow.today.isoformat()}",
        DISCLOSURE_COLUMNS,
        rows,
        uow.now,
        name="从业人员",
    )
    sheet.notes = ["只列持有经监管部门核验、今日有效执业资格证书的人员；不公开身份证号、证书编号和电话。"]
    return download(sheet, "practitioners")


@pages.route("/talent")
@pages.arguments(TalentPageArgs, location="query")
@pages.doc(**HTML)
def talent(args):
    """人才名单: practitioners with a talent level under the city's talent policy, with their agency."""
    found = views.talent_page(ctx().read(), args)
    return render(
        "registry_talent.html",
        TALENT_TITLE,
        search=args,
        talents=found["items"],
        paging=paging(found["next_cursor"]),
        levels=options("talent_level"),
    )


@pages.route("/talent.csv")
@pages.arguments(TalentPageArgs, location="query")
@pages.doc(**CSV)
def talent_csv(args):
    """The talent list as CSV: every talent the search finds, with the agency by name."""
    uow = ctx().read()
    found = views.talent_page(uow, {**args, "limit": EVERYTHING, "cursor": None})["items"]
    rows = [[t["name"], label("talent_level", t["level"]), t["recognised_on"], t["agency_name"] or "—"] for t in found]
    return download(Sheet(TALENT_TITLE, f"截至 {uow.today.isoformat()}", TALENT_COLUMNS, rows, uow.now), "talent")
