"""The write side: facts taken in and ratings refreshed (`refresh`), regulator and agency commands (`steps`),
correction notices (`publications`).

Every function runs in one unit of work, so a fact, the ledger, the rating, its history and the outgoing
events commit together.
"""

from __future__ import annotations

from .notices import publish_notices
from .publications import publish_corrections
from .refresh import rebuild, refresh, take_in
from .steps import (
    accept_claim,
    apply_for_repair,
    decide_repair,
    object_to,
    record_spot_check,
    record_violation,
    require_regulator,
    revoke,
    rule_on_objection,
)

__all__ = [
    "publish_corrections",
    "publish_notices",
    "rebuild",
    "refresh",
    "take_in",
    "accept_claim",
    "apply_for_repair",
    "decide_repair",
    "object_to",
    "record_spot_check",
    "record_violation",
    "require_regulator",
    "revoke",
    "rule_on_objection",
]
