"""The chain of what credit publishes (公示链) and correction notices (更正公告), no token."""

from __future__ import annotations

from services.common.errors import NotFound
from services.common.storage.store import UnitOfWork

from ..store import CreditStore

NOTICES_LISTED = 120
KINDS = {"bulletin": "月度信用公示", "correction": "更正公告"}


def chain(uow: UnitOfWork) -> list[dict]:
    """Every link, in the order published."""
    return CreditStore(uow).chain()


def notices(uow: UnitOfWork) -> list[dict]:
    """Correction notices, the newest first."""
    return CreditStore(uow).notices(NOTICES_LISTED)


def notice(uow: UnitOfWork, notice_id: str) -> dict:
    found = CreditStore(uow).notice(notice_id)
    if found is None:
        raise NotFound(f"no correction notice {notice_id!r}")
    return found


def title(notice_id: str) -> str:
    """`2024-05-001` -> 2024 年 5 月第 1 号更正公告."""
    year, month, number = notice_id.split("-")
    return f"{year} 年 {int(month)} 月第 {int(number)} 号信用公示更正公告"
