"""Work queues (待办) as the daily digest states them: what awaits each official, finance or regulator, counted by
kind, with the earliest day due and how many are overdue. Pure: notify's projection of the queues in."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

#: what each kind of item is, in the order the digest lists them
KINDS = {
    "subsidy-town": "补贴申请待乡镇（街道）审核",
    "subsidy-county": "补贴申请待县（市、区）审核",
    "subsidy-finance": "补贴待拨付",
    "objection": "异议待裁决",
    "repair": "信用修复申请待审核",
}


def by_org(items: list[dict]) -> dict[str, list[dict]]:
    """Each pending item under every organisation it awaits."""
    found: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        for org in item.get("orgs") or []:
            found[org].append(item)
    return dict(sorted(found.items()))


def lines(items: list[dict], today: date) -> list[dict]:
    """One line per kind: what it is, how many, since when the oldest waits, the earliest due day, how many overdue."""
    found = []
    for kind, what in KINDS.items():
        mine = [i for i in items if i.get("kind") == kind]
        if not mine:
            continue
        due = sorted(i["due_on"] for i in mine if i.get("due_on"))
        since = sorted(i["since"] for i in mine if i.get("since"))
        found.append(
            {
                "what": what,
                "count": len(mine),
                "since": since[0] if since else None,
                "due_on": due[0] if due else None,
                "overdue": sum(1 for d in due if date.fromisoformat(d) < today),
            }
        )
    return found
