"""Failure injection for crash-recovery tests: ANFU_CRASHPOINT=<name> kills the process at that point.

Unset in normal operation, where `crashpoint` is a dictionary lookup that does nothing.
"""

from __future__ import annotations

import os

RELAY_BEFORE_PUBLISH = "relay.before-publish"
RELAY_AFTER_PUBLISH = "relay.after-publish"  # published, not yet marked sent
CONSUMER_BEFORE_COMMIT = "consumer.before-commit"


def crashpoint(name: str) -> None:
    """Exit at once, as a SIGKILL would, when this point is armed."""
    if os.environ.get("ANFU_CRASHPOINT") == name:
        os._exit(137)
