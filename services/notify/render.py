"""Messages from the zh-CN Jinja2 templates: `templates/<name>.j2`, one file per event type, with three blocks:
`title` and `text` (plain, for the inbox, SMS and e-mail) and `html` (the e-mail's HTML part, autoescaped)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from services.common.clock import JIAXING
from services.common.reference.practice import CERTIFICATE_KINDS, TALENT_LEVELS
from services.common.site.words import authority, yuan

TEMPLATES = Path(__file__).parent / "templates"
#: zh-CN names of the catalogue's codes, as the templates show them (`label.subsidy[data.kind]`)
LABELS = {
    "subsidy": {
        "enterprise_purchase": "购买安全服务补助",
        "cluster_base_support": "集聚基地扶持",
        "town_reward": "以奖代补",
    },
    "step": {"town": "乡镇（街道）审核", "county": "县（市、区）审核", "finance": "财政部门", "system": "系统"},
    "task": {"review": "评审", "enforcement_support": "执法技术支持", "inspection": "检查", "consultation": "咨询"},
    "certificate": dict(CERTIFICATE_KINDS),
    "talent": dict(TALENT_LEVELS),
}


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    html: str


def local(moment: str) -> str:
    """An event's UTC timestamp as Jiaxing wall-clock time, to the minute."""
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(JIAXING).strftime("%Y-%m-%d %H:%M")


@cache
def _env(html: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yuan"] = yuan  # the site's one way to write money: 元 with two decimals
    env.filters["local"] = local
    env.filters["authority"] = authority  # a division code by its name (330400 -> 嘉兴市), any other name as it is
    env.globals["label"] = LABELS
    return env


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
