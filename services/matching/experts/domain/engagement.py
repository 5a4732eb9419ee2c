"""An expert request (专家抽取申请) and its invitations: the panel follows the recorded order, nobody picks names.

The first N of the order are invited at once. Each answers within ANSWER_WINDOW; a decline or a missed
deadline invites the next in the order. inviting → complete (N accepted) or short (the order ran out);
complete / short (with someone accepted) → completed, when the requester records the work done and
evaluates each expert of the panel (1–5). An open request (inviting, complete, short) → cancelled by its
requester, with a reason: invitations still awaiting an answer lapse. Pure: times and days come in as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from services.common.clock import jiaxing_day
from services.common.errors import Forbidden, Invalid

from ...domain.refusals import IllegalTransition, Refused
from .draw import Criteria, Draw
from .subjects import Requester

TASKS = ("review", "enforcement_support", "inspection", "consultation")  # 评审, 执法支持, 检查, 咨询
ANSWER_WINDOW = timedelta(hours=48)


class RequestStatus(StrEnum):
    INVITING = "inviting"
    COMPLETE = "complete"  # the panel is complete
    SHORT = "short"  # the order ran out before the panel was complete
    COMPLETED = "completed"  # the work is done and evaluated
    CANCELLED = "cancelled"  # withdrawn by the requester, with a reason


OPEN = (RequestStatus.INVITING, RequestStatus.COMPLETE, RequestStatus.SHORT)


class Answer(StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"  # no answer by the deadline
    CANCELLED = "cancelled"  # the request was cancelled before he answered


@dataclass(frozen=True)
class Cancellation:
    at: datetime
    reason: str


@dataclass
class Invitation:
    expert_id: str
    position: int  # index in the draw's order
    invited_at: datetime
    answer_by: datetime
    status: Answer = Answer.INVITED
    answered_at: datetime | None = None
    reason: str | None = None
    score: int | None = None  # the requester's evaluation, 1–5

    @property
    def pending(self) -> bool:
        return self.status == Answer.INVITED


@dataclass
class ExpertRequest:
    id: str
    requester_id: str
    requester_type: str  # enterprise, insurer, government, association
    task: str
    experts_needed: int
    criteria: Criteria
    reviewed_party_id: str | None
    description: str
    requested_at: datetime
    draw: Draw
    invitations: list[Invitation] = field(default_factory=list)
    status: RequestStatus = RequestStatus.INVITING
    completed_on: date | None = None
    subject: str = ""  # what it is about (subjects.subject_of); empty in requests made before subjects
    requester: Requester | None = None  # who asked, as the audit shows it
    redraw_of: str | None = None  # the cancelled request about the same subject that this one draws again
    cancellation: Cancellation | None = None

    @classmethod
    def open(cls, now: datetime, **values) -> tuple[ExpertRequest, list[Invitation]]:
        """A new request with the first of its order invited."""
        request = cls(requested_at=now, **values)
        return request, request._settle(now)

    # --- the panel -------------------------------------------------------------------------------
    def invitation(self, expert_id: str) -> Invitation | None:
        """The expert's invitation (each is invited at most once per request); None if never invited."""
        return next((i for i in self.invitations if i.expert_id == expert_id), None)

    @property
    def panel(self) -> list[Invitation]:
        return [i for i in self.invitations if i.status == Answer.ACCEPTED]

    @property
    def answer_due(self) -> datetime | None:
        """The earliest deadline of a pending invitation (the expiry job looks for it)."""
        return min((i.answer_by for i in self.invitations if i.pending), default=None)

    def _settle(self, now: datetime) -> list[Invitation]:
        """Invite the next in the order until accepted + pending = needed; then say where the panel stands."""
        invited = []
        while len(self.panel) + sum(i.pending for i in self.invitations) < self.experts_needed and len(
            self.invitations
        ) < len(self.draw.order):
            position = len(self.invitations)
            invited.append(Invitation(self.draw.order[position], position, now, now + ANSWER_WINDOW))
            self.invitations.append(invited[-1])
        if len(self.panel) == self.experts_needed:
            self.status = RequestStatus.COMPLETE
        elif not any(i.pending for i in self.invitations):
            self.status = RequestStatus.SHORT
        return invited

    # --- answers ---------------------------------------------------------------------------------
    def answer(self, expert_id: str, accept: bool, reason: str | None, now: datetime) -> list[Invitation]:
        """The invited expert accepts or declines (a reason explains a decline); the next ones invited."""
        invitation = self.invitation(expert_id)
        if invitation is None:
            raise Forbidden("this expert was not invited to this request")
        if not invitation.pending:
            raise IllegalTransition("invitation", invitation.status, "answer")
        if now > invitation.answer_by:
            raise Refused("the answer deadline has passed", answer_by=invitation.answer_by.isoformat())
        invitation.status = Answer.ACCEPTED if accept else Answer.DECLINED
        invitation.answered_at, invitation.reason = now, (reason or None)
        return self._settle(now)

    def expire(self, now: datetime) -> tuple[list[Invitation], list[Invitation]]:
        """Invitations past their deadline expire; the next ones are invited. (expired, invited)"""
        expired = [i for i in self.invitations if i.pending and i.answer_by < now]
        for invitation in expired:
            invitation.status, invitation.answered_at = Answer.EXPIRED, now
        return expired, (self._settle(now) if expired else [])

    # --- completion ------------------------------------------------------------------------------
    def complete(self, scores: dict[str, int], completed_on: date, today: date) -> None:
        """The requester records the work done and evaluates every expert of the panel, 1–5."""
        if self.status not in (RequestStatus.COMPLETE, RequestStatus.SHORT) or not self.panel:
            raise IllegalTransition("expert request", self.status, "complete")
        panel = {i.expert_id for i in self.panel}
        if set(scores) != panel:
            raise Invalid(f"evaluate exactly the panel: {', '.join(sorted(panel))}", field="evaluations")
        if any(not 1 <= s <= 5 for s in scores.values()):
            raise Invalid("an evaluation is 1 to 5", field="evaluations")
        if not jiaxing_day(self.requested_at) <= completed_on <= today:
            raise Invalid("the work was completed between the request and today", field="completed_on")
        for invitation in self.panel:
            invitation.score = scores[invitation.expert_id]
        self.status, self.completed_on = RequestStatus.COMPLETED, completed_on

    # --- cancellation ----------------------------------------------------------------------------
    def cancel(self, reason: str, now: datetime) -> list[Invitation]:
        """The requester withdraws an open request, with a reason; invitations awaiting an answer lapse. The
        experts it engaged (invited or accepted), who are to be told."""
        if self.status not in OPEN:
            raise IllegalTransition("expert request", self.status, "cancel")
        if not reason.strip():
            raise Invalid("a cancellation gives its reason", field="reason")
        engaged = [i for i in self.invitations if i.pending or i.status == Answer.ACCEPTED]
        for invitation in self.invitations:
            if invitation.pending:
                invitation.status = Answer.CANCELLED
        self.status, self.cancellation = RequestStatus.CANCELLED, Cancellation(now, reason.strip())
        return engaged
