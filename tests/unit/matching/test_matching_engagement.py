"""Expert requests: invitations follow the recorded order, answers, missed deadlines, completion, records (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.common.errors import Forbidden, Invalid
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from services.common.storage.mapping import from_doc, to_doc
from services.matching.domain.refusals import Refused
from services.matching.experts import outgoing
from services.matching.experts.domain.draw import Criteria, Draw
from services.matching.experts.domain.engagement import ANSWER_WINDOW, Answer, ExpertRequest, RequestStatus
from services.matching.experts.domain.records import FLAG_WINDOW, flagged, record_of

NOW = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)
ORDER = ("exp-c", "exp-a", "exp-d", "exp-b")


def request(needed: int = 2, order: tuple[str, ...] = ORDER, now: datetime = NOW) -> tuple[ExpertRequest, list]:
    draw = Draw("v", "seed", len(order), tuple(sorted(order)), (), order)
    criteria = Criteria(("危险化学品",), ("C",), "junior", (), date(2026, 5, 11), date(2026, 5, 12))
    return ExpertRequest.open(
        now,
        id="xr-1",
        requester_id="330400",
        requester_type="government",
        task="review",
        experts_needed=needed,
        criteria=criteria,
        reviewed_party_id=None,
        description="评审",
        draw=draw,
    )


def later(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def test_the_first_of_the_order_are_invited_with_a_deadline():
    r, invited = request()
    assert [(i.expert_id, i.position, i.answer_by) for i in invited] == [
        ("exp-c", 0, NOW + ANSWER_WINDOW),
        ("exp-a", 1, NOW + ANSWER_WINDOW),
    ]
    assert r.status == RequestStatus.INVITING and r.answer_due == NOW + ANSWER_WINDOW


def test_a_decline_invites_the_next_in_the_order_and_acceptances_complete_the_panel():
    r, _ = request()
    assert r.answer("exp-c", True, None, later(1)) == []
    [nxt] = r.answer("exp-a", False, "出差", later(2))
    assert (nxt.expert_id, nxt.position, nxt.answer_by) == ("exp-d", 2, later(2) + ANSWER_WINDOW)
    assert r.status == RequestStatus.INVITING
    r.answer("exp-d", True, None, later(3))
    assert r.status == RequestStatus.COMPLETE and [i.expert_id for i in r.panel] == ["exp-c", "exp-d"]
    assert r.answer_due is None


def test_only_the_invited_answer_once_before_the_deadline():
    r, _ = request()
    with pytest.raises(Forbidden):
        r.answer("exp-d", True, None, later(1))  # next in line, not invited yet
    r.answer("exp-c", True, None, later(1))
    with pytest.raises(Refused):
        r.answer("exp-c", False, None, later(2))
    with pytest.raises(Refused):
        r.answer("exp-a", True, None, NOW + ANSWER_WINDOW + timedelta(seconds=1))


def test_a_missed_deadline_expires_and_invites_the_next():
    r, _ = request()
    r.answer("exp-c", True, None, later(1))
    assert r.expire(later(47)) == ([], [])
    expired, invited = r.expire(later(49))
    assert [i.expert_id for i in expired] == ["exp-a"] and expired[0].status == Answer.EXPIRED
    assert [i.expert_id for i in invited] == ["exp-d"]


def test_the_order_running_out_leaves_the_request_short():
    r, _ = request(needed=2, order=("exp-a", "exp-b"))
    r.answer("exp-a", True, None, later(1))
    assert r.answer("exp-b", False, None, later(2)) == []
    assert r.status == RequestStatus.SHORT and len(r.panel) == 1


def test_completion_evaluates_exactly_the_panel():
    r, _ = request()
    with pytest.raises(Refused):
        r.complete({}, date(2026, 5, 12), date(2026, 5, 12))  # still inviting
    r.answer("exp-c", True, None, later(1))
    r.answer("exp-a", True, None, later(1))
    with pytest.raises(Invalid):
        r.complete({"exp-c": 5}, date(2026, 5, 12), date(2026, 5, 12))
    with pytest.raises(Invalid):
        r.complete({"exp-c": 5, "exp-a": 6}, date(2026, 5, 12), date(2026, 5, 12))
    with pytest.raises(Invalid):
        r.complete({"exp-c": 5, "exp-a": 4}, date(2026, 5, 13), date(2026, 5, 12))  # after today
    r.complete({"exp-c": 5, "exp-a": 2}, date(2026, 5, 12), date(2026, 5, 12))
    assert r.status == RequestStatus.COMPLETED and [i.score for i in r.panel] == [5, 2]


def test_the_record_counts_answers_and_evaluations_and_flags_repeats():
    requests = []
    for n in range(3):  # exp-c declines without a reason three times; exp-a lets one deadline pass
        r, _ = request(order=("exp-c", "exp-a", "exp-b"))
        r.answer("exp-c", False, None, later(1))
        r.answer("exp-b", True, None, later(1))
        if n == 0:
            r.expire(later(50))
        else:
            r.answer("exp-a", True, None, later(1))
            r.complete({"exp-a": 2, "exp-b": 5}, date(2026, 5, 4), date(2026, 5, 20))
        requests.append(r)
    c = record_of("exp-c", requests)
    assert (c.invited, c.accepted, c.declined, c.unexplained, c.engagements) == (3, 0, 3, 3, 0)
    a = record_of("exp-a", requests)
    assert (a.invited, a.unexplained, a.engagements, a.evaluations, a.average) == (3, 1, 2, (2, 2), 2.0)
    assert c.flags == ["unexplained_declines"] and a.flags == ["poor_evaluations"]
    assert [(x.expert_id, x.flags) for x in flagged(requests, later(2))] == [
        ("exp-a", ["poor_evaluations"]),
        ("exp-c", ["unexplained_declines"]),
    ]
    assert flagged(requests, NOW + FLAG_WINDOW + timedelta(days=1)) == []  # only the last year counts


def test_an_explained_decline_is_not_held_against_the_expert():
    requests = []
    for _ in range(3):
        r, _ = request(order=("exp-c", "exp-a", "exp-b"))
        r.answer("exp-c", False, "本人回避：曾为该企业提供咨询", later(1))
        requests.append(r)
    assert record_of("exp-c", requests).unexplained == 0 and flagged(requests, later(2)) == []


# --- events and documents -----------------------------------------------------------------------------------
def _published(event_type: str, data: dict) -> dict:
    return new_event(CATALOGUE[event_type], "xr-1", data, "/services/matching").data


def test_the_events_match_the_catalogue_and_a_request_survives_its_document():
    r, invited = request()
    requested = _published("expert-requested", outgoing.expert_requested(r))
    assert (requested["seed"], requested["eligible_count"], requested["counties"]) == ("seed", 4, [])
    drawn = _published("expert-drawn", outgoing.expert_drawn(r, invited[0]))
    assert (drawn["expert_id"], drawn["position"], drawn["first_day"]) == ("exp-c", 0, "2026-05-11")
    r.answer("exp-c", False, None, later(1))
    answered = _published("expert-engagement-answered", outgoing.engagement_answered(r, r.invitation("exp-c")))
    assert (answered["answer"], answered["reason"], answered["panel"], answered["accepted"]) == (
        "declined",
        None,
        "inviting",
        0,
    )
    r.answer("exp-a", True, None, later(1))
    r.answer("exp-d", True, None, later(1))
    r.complete({"exp-a": 4, "exp-d": 5}, date(2026, 5, 12), date(2026, 5, 12))
    completed = _published("expert-engagement-completed", outgoing.engagement_completed(r))
    assert completed["evaluations"] == [{"expert_id": "exp-a", "score": 4}, {"expert_id": "exp-d", "score": 5}]
    assert from_doc(ExpertRequest, to_doc(r)) == r
    assert CATALOGUE["expert-drawn"].subject_field == "request_id"
