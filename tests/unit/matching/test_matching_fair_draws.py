"""Fair draws (pure): what a request is about, one open request per requester and subject, cancellation with a
reason, redraws, and who asked as the audit shows it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.common.errors import Invalid
from services.common.events.catalogue import CATALOGUE
from services.common.events.envelope import new_event
from services.common.storage.mapping import from_doc, to_doc
from services.matching.domain.refusals import IllegalTransition, Refused
from services.matching.experts import outgoing
from services.matching.experts.domain.engagement import Answer, ExpertRequest, RequestStatus
from services.matching.experts.domain.records import record_of
from services.matching.experts.domain.subjects import Requester, Subject, subject_of
from tests.unit.matching.test_matching_engagement import NOW, later, request

FIRM, AGENCY = "91330482MA2B3C4D5E", "91330400MA28A1B2C3"


@pytest.mark.parametrize(
    "requester_type, requester_id, reviewed, subject",
    [
        ("enterprise", FIRM, None, FIRM),
        ("enterprise", FIRM, AGENCY, FIRM),  # an enterprise's requests are about itself, whatever it names
        ("government", "330482", FIRM, FIRM),
        ("government", "330482", None, "330482"),  # no party named: the requester's own matter
        ("insurer", AGENCY, FIRM, FIRM),
        ("association", AGENCY, None, AGENCY),
    ],
)
def test_the_subject_is_the_reviewed_party_and_for_an_enterprise_itself(
    requester_type, requester_id, reviewed, subject
):
    assert subject_of(requester_type, requester_id, reviewed) == subject


def test_one_open_request_per_subject_and_asking_again_after_a_cancellation_is_a_redraw():
    subject = Subject(Subject.key("330482", FIRM))
    assert subject.id == f"330482/{FIRM}" and subject.open("xr-1") is None
    with pytest.raises(Refused) as refused:
        subject.open("xr-2")
    assert refused.value.extensions == {"rule": "one_open_request", "open_request": "xr-1"}
    subject.close("xr-9", cancelled=True)  # another request (made before subjects were kept): no effect
    assert subject.open_request == "xr-1"
    subject.close("xr-1", cancelled=True)
    assert subject.open("xr-2") == "xr-1"  # the redraw of xr-1
    subject.close("xr-2", cancelled=False)  # completed
    assert subject.open("xr-3") is None and subject.cancelled_request is None
    assert from_doc(Subject, to_doc(subject)) == subject


def test_cancelling_lapses_the_pending_invitations_and_names_the_engaged_experts():
    r, _ = request(needed=2)
    r.answer("exp-c", True, None, later(1))
    r.answer("exp-a", False, "出差", later(1))  # exp-d invited next
    engaged = r.cancel("  评审日期调整  ", later(2))
    assert [(i.expert_id, i.status) for i in engaged] == [("exp-c", Answer.ACCEPTED), ("exp-d", Answer.CANCELLED)]
    assert [i.status for i in r.invitations] == [Answer.ACCEPTED, Answer.DECLINED, Answer.CANCELLED]
    assert (r.status, r.cancellation.at, r.cancellation.reason) == (RequestStatus.CANCELLED, later(2), "评审日期调整")
    assert r.answer_due is None
    with pytest.raises(IllegalTransition):
        r.answer("exp-d", True, None, later(3))  # his invitation lapsed
    with pytest.raises(IllegalTransition):
        r.cancel("again", later(3))
    assert record_of("exp-d", [r]).unexplained == 0  # a lapsed invitation is not held against him
    assert from_doc(ExpertRequest, to_doc(r)) == r


def test_a_cancellation_needs_a_reason_and_an_open_request():
    r, _ = request(needed=1, order=("exp-a",))
    with pytest.raises(Invalid):
        r.cancel(" ", later(1))
    assert r.status == RequestStatus.INVITING and r.invitations[0].pending
    r.answer("exp-a", False, None, later(1))
    assert r.status == RequestStatus.SHORT
    assert r.cancel("无人接受邀请", later(2)) == []  # a short request is still open: cancelling it frees the subject
    done, _ = request(needed=1)
    done.answer("exp-c", True, None, later(1))
    done.complete({"exp-c": 4}, date(2026, 5, 12), date(2026, 5, 12))
    with pytest.raises(IllegalTransition):
        done.cancel("太晚了", later(2))


def test_the_audit_names_a_government_division_an_organisation_by_name_and_an_enterprise_by_industry_and_town():
    assert Requester.government("330400") == Requester(name="嘉兴市")
    assert Requester.government("330482") == Requester(name="平湖市", county="330482")
    town = Requester.government("330482001")
    assert (town.county, town.town, town.place) == ("330482", "330482001", "330482001") and town.name
    firm = Requester.enterprise("C", "330482", "330482001")
    assert (firm.name, firm.industry, firm.place) == (None, "C", "330482001")
    assert Requester.organisation("平安财险嘉兴中心支公司", "330402", None).place == "330402"
    assert Requester.government("330400").place is None


def test_the_cancellation_and_the_redraw_are_published_as_the_catalogue_says():
    r, _ = request(needed=2)
    r.answer("exp-c", True, None, later(1))
    engaged = r.cancel("评审日期调整", later(2))
    data = new_event(CATALOGUE["expert-request-cancelled"], r.id, outgoing.request_cancelled(r, engaged), "/x").data
    assert (data["reason"], data["cancelled_at"], data["experts"], data["first_day"]) == (
        "评审日期调整",
        "2026-05-04T04:00:00+00:00",
        ["exp-c", "exp-a"],
        "2026-05-11",
    )
    again, _ = request(now=NOW + timedelta(days=1))
    again.redraw_of = r.id
    requested = new_event(CATALOGUE["expert-requested"], again.id, outgoing.expert_requested(again), "/x").data
    assert requested["redraw_of"] == r.id
