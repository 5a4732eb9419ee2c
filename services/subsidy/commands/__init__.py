"""Writes of the subsidy service: load → check who may → domain → save (budget moves) → publish.

`programmes.py` (the funder's officials, top-ups), `applications.py` (apply, review, payment, contracts ended
early), `recovery.py` (findings, money recovered, false-report violations).
"""

from .applications import Refused, apply, approve, contract_ended, pay, reject, require_step
from .programmes import (
    change_programme,
    close_programme,
    create_programme,
    new_version,
    open_programme,
    require_funder,
    top_up,
)
from .recovery import find, record_recovery, violation_recorded, violation_revoked

__all__ = [
    "Refused",
    "apply",
    "approve",
    "change_programme",
    "close_programme",
    "contract_ended",
    "create_programme",
    "find",
    "new_version",
    "open_programme",
    "pay",
    "record_recovery",
    "reject",
    "require_funder",
    "require_step",
    "top_up",
    "violation_recorded",
    "violation_revoked",
]
