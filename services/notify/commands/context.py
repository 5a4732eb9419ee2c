"""What a template reads, gathered from notify's projections (organisations' names, the violation a notice is about)
and worded by `domain.words.context`."""

from __future__ import annotations

from services.common.clock import jiaxing_day_of
from services.common.storage.store import UnitOfWork

from ..domain import words
from ..domain.rules import Rule, extras
from ..render import public_url
from ..store import NotifyStore
from ..store.cases import CaseStore


def context(uow: UnitOfWork, rule: Rule, org: str, data: dict, origin: dict, legal: bool, more: dict) -> dict:
    store = NotifyStore(uow)
    orgs = [org, *(data[f] for f in words.NAMED if isinstance(data.get(f), str))]
    names = {o: store.org(o).get("name") for o in orgs}
    known = CaseStore(uow).violation(data.get("violation_id"))
    if origin["type"] == "violation-recorded":
        known = {**known, "source": origin.get("source")}  # the event itself says where it came from
    facts = extras(rule.template, data, jiaxing_day_of(origin["time"]))
    return words.context(data, org, names, origin, legal, known, public_url("credit"), **facts, **more)
