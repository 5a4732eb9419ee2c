"""Messages from the zh-CN Jinja2 templates: `templates/<name>.j2`, one file per event type, with three blocks:
`title` and `text` (plain, for the inbox, SMS and e-mail) and `html` (the e-mail's HTML part, autoescaped)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    html: str


@cache
def _env(html: bool) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=html, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["yuan"] = lambda fen: f"{fen / 100:,.2f}"
    return env


def _block(html: bool, name: str, block: str, context: dict) -> str:
    template = _env(html).get_template(f"{name}.j2")
    return "".join(template.blocks[block](template.new_context(context))).strip()


def render(name: str, context: dict) -> Message:
    return Message(_block(False, name, "title", context), _block(False, name, "text", context),
                   _block(True, name, "html", context))


def names() -> list[str]:
    """Every template (without the .j2)."""
    return sorted(p.stem for p in TEMPLATES.glob("*.j2"))
