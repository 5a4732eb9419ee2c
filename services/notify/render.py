"""Messages from the zh-CN Jinja2 templates: `templates/<name>.j2`, one file per event type, with three blocks:
`title` and `text` (plain, for the inbox, SMS and e-mail) and `html` (the e-mail's HTML part, autoescaped).

Templates read the context of `domain.words.context` and name every code with the site's words: `label(kind,
value)`, `place(county, town)`, `authority(code)`, `regulator(code)`, money with `yuan`, times with `local`
(Jiaxing, to the minute). Links go to the public site's pages (ANFU_PUBLIC_URLS), never to an API path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from services.common.clock import JIAXING
from services.common.config import Config
from services.common.settings import env
from services.common.site.words import authority, label, place, yuan

from .domain.words import regulator

TEMPLATES = Path(__file__).parent / "templates"
#: notify's own names of the catalogue's codes (the site's words name the rest)
LABELS = {
    "step": {"town": "乡镇（街道）审核", "county": "县（市、区）审核", "finance": "财政部门", "system": "系统"},
    "task": {"review": "评审", "enforcement_support": "执法技术支持", "inspection": "检查", "consultation": "咨询"},
    "at_fault": {"agency": "服务机构", "buyer": "委托方", "none": "无"},
}


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    html: str


def local(moment: str) -> str:
    """An event's UTC timestamp as Jiaxing wall-clock time, to the minute."""
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(JIAXING).strftime("%Y-%m-%d %H:%M")


def named(kind: str, value) -> str:
    """The Chinese name of a code: notify's own, else the site's."""
    return LABELS.get(kind, {}).get(value) or label(kind, value)


@cache
def public_url(service: str) -> str:
    """The public base URL of a service's pages (ANFU_PUBLIC_URLS), for the links of notices."""
    return Config(service="notify", public_urls=env("ANFU_PUBLIC_URLS")).site_urls[service]


@cache
def _env(html: bool) -> Environment:
    env_ = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env_.filters.update(yuan=yuan, local=local, authority=authority, regulator=regulator)
    env_.globals.update(label=named, place=place)
    return env_


def _block(html: bool, name: str, block: str, context: dict) -> str:
    template = _env(html).get_template(f"{name}.j2")
    return "".join(template.blocks[block](template.new_context(context))).strip()


def render(name: str, context: dict) -> Message:
    return Message(
        _block(False, name, "title", context), _block(False, name, "text", context), _block(True, name, "html", context)
    )


def names() -> list[str]:
    """Every template (without the .j2)."""
    return sorted(p.stem for p in TEMPLATES.glob("*.j2"))
