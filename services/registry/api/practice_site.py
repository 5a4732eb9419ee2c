"""The registry's public pages about practitioners (公众网站, zh-CN, no token): an agency's practice disclosure
(执业公示: its practitioners by name and certificate kind) and the talent list (人才名单). Never an ID number, a
certificate number or a phone."""

from __future__ import annotations

from services.common.site.pages import HTML, paging, render, site_blueprint
from services.common.site.words import options
from services.common.web.app import ctx

from ..schemas.practitioners import DisclosurePageArgs, TalentPageArgs
from ..views import directory_entry
from ..views import practitioners as views
from .site import TEMPLATES

pages = site_blueprint("registry-practice", __name__, "/public", TEMPLATES, "Practice disclosure and talent (zh-CN)")


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


@pages.route("/talent")
@pages.arguments(TalentPageArgs, location="query")
@pages.doc(**HTML)
def talent(args):
    """人才名单: practitioners with a talent level under the city's talent policy, with their agency."""
    found = views.talent_page(ctx().read(), args)
    return render(
        "registry_talent.html",
        "安全生产人才名单",
        search=args,
        talents=found["items"],
        paging=paging(found["next_cursor"]),
        levels=options("talent_level"),
    )
