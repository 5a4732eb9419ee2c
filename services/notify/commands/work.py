"""Work queues (待办), learnt from events: subsidy applications at each step (subsidy-step-changed), objections and
repair applications awaiting a regulator (objection-filed / -ruled, repair-applied / -decided; a revoked violation
ends them); and the daily digest that counts them for each organisation."""

from __future__ import annotations

from datetime import date

from services.common.clock import isotime
from services.common.events.envelope import Event
from services.common.storage.store import UnitOfWork

from ..domain.rules import NOTICES
from ..store import NotifyStore
from ..store.cases import CaseStore
from .notices import regulators, tell

OPENS = {"objection-filed": ("objection", "filed_on"), "repair-applied": ("repair", "applied_on")}
CLOSES = {"objection-ruled": "objection", "repair-decided": "repair"}


def case_step(uow: UnitOfWork, event: Event) -> None:
    """An objection or repair application filed (it awaits the regulators of the agency) or decided."""
    data = event.data
    case = f"violation:{data['violation_id']}" if data.get("violation_id") else f"claim:{data['contract_id']}"
    if event.type in OPENS:
        kind, day = OPENS[event.type]
        values = {"kind": kind, "orgs": regulators(NotifyStore(uow), data), "since": data[day]}
        CaseStore(uow).count_step(f"{kind}|{case}", values, opened=1)
    else:
        CaseStore(uow).count_step(f"{CLOSES[event.type]}|{case}", {"kind": CLOSES[event.type]}, closed=1)


def subsidy_step(uow: UnitOfWork, event: Event) -> None:
    """Who an application awaits now (nobody once decided)."""
    data = event.data
    awaiting = data["awaiting"]
    values = {
        "kind": f"subsidy-{awaiting}" if awaiting else "subsidy",
        "orgs": [data["division"]] if awaiting and data["division"] else [],
        "since": data["since"],
        "due_on": data["due_on"],
        "pending": awaiting is not None,
    }
    CaseStore(uow).save_step(f"subsidy|{data['application_id']}", values, event.time)


def send_work_digest(uow: UnitOfWork, org: str, lines: list[dict], day: date) -> str | None:
    """One notice a day of what awaits the organisation."""
    origin = {"event_id": f"work-{day.isoformat()}", "type": "work-digest", "subject": org, "time": isotime(uow.now)}
    return tell(uow, NOTICES["work-digest"], org, {"org_id": org}, origin, {"lines": lines, "day": day.isoformat()})
