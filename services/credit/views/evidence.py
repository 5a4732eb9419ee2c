"""Reads of evidence files (证明材料): the agency that sent one, the regulators who rule on it (whose division holds
the agency's home) and admin; for anyone else it does not exist."""

from __future__ import annotations

from services.common.errors import NotFound
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from ..commands import require_regulator
from ..store import CreditStore
from ..store.evidence import EvidenceStore


def attachment(uow: UnitOfWork, who: Principal, attachment_id: str) -> tuple[dict, bytes]:
    """The file's record and its content, if the caller may read it."""
    store = EvidenceStore(uow)
    doc = store.attached(attachment_id)
    agency_id = doc and doc["metadata"]["agency_id"]
    if doc is None or (who.role == "agency" and who.org != agency_id):
        raise NotFound(f"no attachment {attachment_id!r}")
    if who.role != "agency":
        require_regulator(who, CreditStore(uow).agency(agency_id) or {"_id": agency_id})
    return doc, store.content(attachment_id)
