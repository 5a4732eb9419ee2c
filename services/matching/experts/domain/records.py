"""Each expert's engagement record (专家履职记录) and what is flagged to the regulator (pure).

Flagged, counting the invitations of the last FLAG_WINDOW: UNEXPLAINED_LIMIT or more declines without a reason
or missed deadlines, or POOR_LIMIT or more evaluations of POOR_SCORE or less. The registry's suspension flow
(a regulator) acts on the list; nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .engagement import Answer, ExpertRequest, Invitation

FLAG_WINDOW = timedelta(days=365)
UNEXPLAINED_LIMIT = 3
POOR_SCORE, POOR_LIMIT = 2, 2


@dataclass(frozen=True)
class Record:
    expert_id: str
    invited: int
    accepted: int
    declined: int
    unexplained: int  # declined without a reason, or no answer by the deadline
    engagements: int  # accepted and completed work
    evaluations: tuple[int, ...]

    @property
    def average(self) -> float | None:
        return round(sum(self.evaluations) / len(self.evaluations), 2) if self.evaluations else None

    @property
    def flags(self) -> list[str]:
        found = []
        if self.unexplained >= UNEXPLAINED_LIMIT:
            found.append("unexplained_declines")
        if sum(score <= POOR_SCORE for score in self.evaluations) >= POOR_LIMIT:
            found.append("poor_evaluations")
        return found


def _unexplained(i: Invitation) -> bool:
    return i.status == Answer.EXPIRED or (i.status == Answer.DECLINED and not i.reason)


def record_of(expert_id: str, requests: Iterable[ExpertRequest], since: datetime | None = None) -> Record:
    """The expert's record over the requests given (invitations from `since`, if given)."""
    mine = [
        i
        for r in requests
        for i in r.invitations
        if i.expert_id == expert_id and (since is None or i.invited_at >= since)
    ]
    scores = tuple(i.score for i in mine if i.score is not None)
    return Record(
        expert_id,
        invited=len(mine),
        accepted=sum(i.status == Answer.ACCEPTED for i in mine),
        declined=sum(i.status == Answer.DECLINED for i in mine),
        unexplained=sum(_unexplained(i) for i in mine),
        engagements=len(scores),
        evaluations=scores,
    )


def flagged(requests: list[ExpertRequest], now: datetime) -> list[Record]:
    """Records of the last FLAG_WINDOW that carry a flag, by expert id."""
    since = now - FLAG_WINDOW
    ids = sorted({i.expert_id for r in requests for i in r.invitations})
    return [rec for rec in (record_of(x, requests, since) for x in ids) if rec.flags]
