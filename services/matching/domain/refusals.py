"""The refusals every part of matching raises (the market's and the experts'): a kit `Conflict`, so 409."""

from __future__ import annotations

from services.common.errors import Conflict


class Refused(Conflict):
    """A business rule refuses the change (409)."""


class IllegalTransition(Refused):
    """The thing is not in a state that allows this action."""

    def __init__(self, thing: str, status: str, action: str):
        super().__init__(f"cannot {action} a {status} {thing}", state=str(status))
