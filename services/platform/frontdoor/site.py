"""The pages the front door serves itself, written as files in the public site's one look: the home page (门户首页,
a Caddy template whose parts each service renders live: `[[httpInclude ...]]`), the policy the platform
implements, and a page for an address nobody serves."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from services.common.reference import COUNTIES
from services.common.site.pages import NAV, SITE_NAME, TEMPLATES

from .routes import fragments

HERE = Path(__file__).resolve().parent
POLICY = (HERE / "policy.txt").read_text(encoding="utf-8")
POLICY_TITLE = POLICY.splitlines()[0]
#: every public page, for the home page's list
PAGES = (
    ("/public/providers", "服务机构名录（资质经核验）"),
    ("/public/experts", "安全生产专家库"),
    ("/public/talent", "安全生产人才名单"),
    ("/public/credit/page", "安全生产中介服务机构信用信息公示"),
    ("/public/credit/ratings", "机构信用等级"),
    ("/public/credit/severe-dishonesty-list", "严重失信名单"),
    ("/public/credit/rectification-list", "限期整改名单"),
    ("/public/credit/bulletins", "月度信用公示"),
    ("/public/credit/corrections", "信用公示更正公告"),
    ("/public/credit/chain", "信用公示校验链"),
    ("/public/credit/rules", "信用评价规则"),
    ("/public/subsidy/programmes", "补贴项目公示"),
    ("/public/subsidy/coverage", "各县（市、区）和镇（街道）服务覆盖情况"),
    ("/public/expert-draws", "专家抽取公示"),
    ("/public/policy", "政策原文"),
)
SERVICE_NAMES = (
    ("registry", "登记", "服务机构、专家和企业的登记，资质核验"),
    ("matching", "供需对接", "服务需求、报价、合同和履约，专家抽取"),
    ("credit", "信用评价", "违规记录、质量抽查、异议和信用修复，信用公示"),
    ("subsidy", "补贴", "补贴项目、申请和审核、支付和追回，覆盖和考核"),
    ("notify", "通知", "站内信、电子邮件、短信和回调"),
)


def environment() -> Environment:
    loaders = [FileSystemLoader(HERE / "templates"), FileSystemLoader(TEMPLATES)]
    return Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html"]))


def render(template: str, title: str, here: str, **data) -> str:
    site = {
        "name": SITE_NAME,
        "home": "/",
        "today": None,
        "nav": [{"href": path, "label": text, "current": path == here} for _, path, text in NAV],
        "counties": COUNTIES,
    }
    return environment().get_template(template).render(title=title, site=site, **data)


def paragraphs() -> list[tuple[str, str]]:
    """The policy's text after its title: section headings (一、…) and paragraphs."""
    found = []
    for line in (line.strip() for line in POLICY.splitlines()[1:]):
        if line:
            found.append(("heading" if re.match(r"^[一二三四五六七八九十]+、", line) else "text", line))
    return found


def pages() -> dict[str, str]:
    """File name -> its HTML."""
    return {
        "index.html": render("home.html", SITE_NAME, "/", parts=fragments(), pages=PAGES, services=SERVICE_NAMES),
        "policy.html": render("policy.html", POLICY_TITLE, "/public/policy", paragraphs=paragraphs()),
        "404.html": render("notfound.html", "没有找到这个页面", ""),
    }


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, html in pages().items():
        (folder / name).write_text(html, encoding="utf-8")
