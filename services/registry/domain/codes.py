"""Check characters of national identifiers (pure functions).

- Unified Social Credit Code 统一社会信用代码, GB 32100-2015: 18 characters from a 31-character set
  (no I, O, Z, S, V); positions 3–8 are a GB/T 2260 division code; the 18th is a weighted mod-31 check.
- Resident ID number 公民身份号码, GB 11643-1999: 17 digits (area, birth date, sequence) and an ISO 7064
  MOD 11-2 check character (0–9 or X).
"""

from __future__ import annotations

import operator
import re
from datetime import date

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {ch: value for value, ch in enumerate(USCC_CHARS)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_USCC_SHAPE = re.compile(rf"^[{USCC_CHARS}]{{2}}\d{{6}}[{USCC_CHARS}]{{10}}$")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters."""
    total = sum(map(operator.mul, map(_USCC_VALUE.__getitem__, first17), _USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why `code` is not a valid USCC, or None if it is."""
    if len(code) != 18:
        return "a unified social credit code has 18 characters"
    if not _USCC_SHAPE.match(code):
        return "characters outside the GB 32100 set (digits and A–Y without I, O, S, V, Z), or positions 3–8 not digits"
    if uscc_check_char(code[:17]) != code[17]:
        return f"wrong check character: expected {uscc_check_char(code[:17])}"
    return None


def id_check_char(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def id_number_problem(number: str) -> str | None:
    """Why `number` is not a valid resident ID number, or None if it is."""
    if not _ID_SHAPE.match(number):
        return "a resident ID number has 17 digits and a check digit or X"
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "positions 7–14 are not a birth date"
    if id_check_char(number[:17]) != number[17]:
        return f"wrong check digit: expected {id_check_char(number[:17])}"
    return None


def mask_id_number(number: str) -> str:
    """Masked for display: first 3 and last 4 characters kept (e.g. 110***********002X)."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
