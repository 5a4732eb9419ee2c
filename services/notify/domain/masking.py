"""Personal contacts never reach the logs: e-mail addresses and phone numbers are masked."""

from __future__ import annotations

import re

EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)")
PHONE = re.compile(r"(?<!\d)(\+?\d{3})\d{4,}(\d{4})(?!\d)")


def mask(text: str) -> str:
    """`lu.xiaofeng@example.cn` → `l***@example.cn`, `13906731234` → `139****1234`, anywhere in `text`."""
    return PHONE.sub(r"\1****\2", EMAIL.sub(r"\1***@\2", text))
