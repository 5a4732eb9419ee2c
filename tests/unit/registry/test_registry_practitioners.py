"""Practitioners (issue 28): the resident ID number's check digit, one agency at a time (a second registration
while employed elsewhere is refused by a named rule), dated joining and leaving, certificates verified by a
regulator, talent levels, and continuing-education shortfalls against the effective-dated requirement."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.common.errors import Conflict, Invalid, NotFound
from services.common.reference import practice
from services.registry.domain.codes import id_check_char
from services.registry.domain.education import check_recordable, closing_day, shortfall, year_to_assess
from services.registry.domain.practitioners import (
    ONE_AGENCY,
    Certificate,
    Employment,
    HeldElsewhere,
    Practitioner,
    Refusal,
    Talent,
)

from .registry_factories import ID_NUMBER, USCC, USCC2, declared, make_provider

NOW = datetime(2026, 3, 1, 8, tzinfo=UTC)
TODAY = date(2026, 3, 1)


def certificate(kind="registered_safety_engineer", number="RSE-1", since="2024-01-01", until="2028-12-31", **kw):
    values = dict(
        kind=kind,
        certificate_no=number,
        issuer="应急管理部",
        valid_from=date.fromisoformat(since),
        valid_until=date.fromisoformat(until),
    )
    return Certificate(**{**values, **kw})


def verified(**kw) -> Certificate:
    return certificate(**{"verified": True, "verified_by": "regulator:330400", "verified_at": NOW, **kw})


def person(**kw) -> Practitioner:
    return Practitioner(**{"id": "prc-1", "name": "张伟", "id_number": ID_NUMBER, **kw})


def field_of(err: Invalid) -> str:
    return err.extensions["errors"][0]["field"]


def test_the_resident_id_number_needs_its_check_digit():
    first17 = ID_NUMBER[:17]
    wrong = "0" if id_check_char(first17) != "0" else "1"
    with pytest.raises(Invalid, match="check digit") as err:
        person(id_number=first17 + wrong)
    assert field_of(err.value) == "id_number"


def test_one_agency_at_a_time_refuses_a_second_registration_by_the_rule_and_keeps_who_holds_him():
    employed = person().joined(USCC, date(2025, 6, 1), TODAY)
    assert employed.employer == USCC
    with pytest.raises(HeldElsewhere) as refused:
        employed.joined(USCC2, TODAY, TODAY)
    assert refused.value.extensions == {"rule": ONE_AGENCY}
    assert USCC not in refused.value.detail, "the other agency is not named to the one refused"
    with pytest.raises(Conflict, match="already") as again:
        employed.joined(USCC, TODAY, TODAY)
    assert not isinstance(again.value, HeldElsewhere), "registering him twice at his own agency is no 挂靠"


def test_after_leaving_he_may_join_another_agency_from_that_day_on():
    left = person().joined(USCC, date(2025, 6, 1), TODAY).left(date(2026, 1, 31), TODAY)
    assert left.employer is None and left.employments[0].left_on == date(2026, 1, 31)
    with pytest.raises(Invalid) as early:
        left.joined(USCC2, date(2026, 1, 30), TODAY)
    assert field_of(early.value) == "joined_on"
    moved = left.joined(USCC2, date(2026, 1, 31), TODAY)
    assert [e.agency_id for e in moved.employments] == [USCC, USCC2] and moved.employer == USCC2


def test_joining_and_leaving_are_dated_between_joining_and_today():
    with pytest.raises(Invalid) as future:
        person().joined(USCC, date(2026, 3, 2), TODAY)
    assert field_of(future.value) == "joined_on"
    employed = person().joined(USCC, date(2025, 6, 1), TODAY)
    for day in (date(2025, 5, 31), date(2026, 3, 2)):
        with pytest.raises(Invalid) as wrong:
            employed.left(day, TODAY)
        assert field_of(wrong.value) == "left_on"
    with pytest.raises(Conflict, match="no agency"):
        person().left(TODAY, TODAY)


def test_a_record_never_holds_two_open_employments():
    with pytest.raises(Invalid, match="only the last"):
        person(employments=(Employment(USCC, date(2024, 1, 1)), Employment(USCC2, date(2025, 1, 1))))


def test_a_declared_certificate_counts_only_once_a_regulator_verified_it():
    declared = person().with_certificate(certificate(verified=True))
    assert declared.certificates[0].verified is False, "an agency cannot declare a certificate verified"
    assert declared.verified_certificates(TODAY) == ()
    checked, found = declared.with_verified("registered_safety_engineer", "RSE-1", "regulator:330400", NOW)
    assert found.verified and checked.verified_certificates(TODAY) == (found,)
    with pytest.raises(Conflict, match="verified already"):
        checked.with_verified("registered_safety_engineer", "RSE-1", "regulator:330400", NOW)
    with pytest.raises(NotFound):
        checked.with_verified("safety_assessor", "RSE-1", "regulator:330400", NOW)
    with pytest.raises(Conflict, match="recorded already"):
        checked.with_certificate(certificate())
    assert not verified(until="2026-02-28").counts_on(TODAY), "a lapsed certificate does not count"


def test_a_certificate_listed_twice_is_refused_in_the_holders_own_words():
    with pytest.raises(Invalid, match=r"certificate \(kind and number\) is listed twice") as err:
        person(certificates=(certificate(), certificate(issuer="另一发证机关")))
    assert field_of(err.value) == "certificates"
    with pytest.raises(Invalid, match=r"certificate \(category and number\) is listed twice") as err:
        make_provider(qualifications=(declared(), declared(level="甲级")))
    assert field_of(err.value) == "qualifications"


def test_certificate_kinds_and_talent_levels_are_reference_data_with_chinese_names():
    assert practice.CERTIFICATE_KINDS["registered_safety_engineer"] == "注册安全工程师"
    with pytest.raises(Invalid) as err:
        certificate(kind="astrologer")
    assert field_of(err.value) == "certificates.kind"
    with pytest.raises(Invalid):
        Talent("Z", TODAY, "嘉人才〔2026〕1号", "regulator:330400", NOW)
    recognised = person().with_talent(Talent("C", TODAY, "嘉人才〔2026〕1号", "regulator:330400", NOW), TODAY)
    assert recognised.talent.level == "C" and practice.TALENT_LEVELS["C"].startswith("C类")


def test_refusals_are_remembered_up_to_a_bound():
    refused = person()
    for n in range(60):
        refused = refused.with_refusal(Refusal(USCC2, TODAY, NOW.replace(minute=n)))
    assert len(refused.refusals) == 50 and refused.refusals[-1].at.minute == 59


def test_hours_count_for_the_year_trained_until_that_year_is_closed():
    assert check_recordable(date(2025, 12, 30), date(2026, 1, 15)) == 2025
    with pytest.raises(Conflict) as closed:
        check_recordable(date(2025, 12, 30), date(2026, 1, 16))
    assert closed.value.extensions["rule"] == "continuing-education-year-closed"
    with pytest.raises(Invalid):
        check_recordable(date(2026, 3, 2), TODAY)
    assert closing_day(2025) == date(2026, 1, 15)
    assert (year_to_assess(date(2026, 1, 15)), year_to_assess(date(2026, 1, 16))) == (2024, 2025)


def test_a_practitioner_below_the_requirement_of_his_certificates_by_the_year_end_is_flagged():
    held = (verified(), verified(kind="safety_assessor", number="SA-1"))
    flag = shortfall(held, 2025, 20)
    assert (flag.year, flag.required, flag.hours, flag.version) == (2025, 24, 20, "2025"), "the highest requirement"
    assert flag.kinds == ("registered_safety_engineer", "safety_assessor")
    assert shortfall(held, 2025, 24) is None
    assert shortfall(held, 2024, 16) is None, "the 2016 table asked 16 hours of an engineer in 2024"
    assert shortfall(held, 2024, 15).version == "2016"


def test_only_a_verified_certificate_held_on_the_last_day_of_the_year_requires_hours():
    assert shortfall((certificate(),), 2025, 0) is None, "declared, not verified"
    assert shortfall((verified(until="2025-12-30"),), 2025, 0) is None, "lapsed before the year's end"
    assert shortfall((), 2025, 0) is None


def test_hours_add_up_per_year_and_an_assessment_is_kept_once():
    trained = person().with_hours(2025, 8).with_hours(2025, 10).with_hours(2026, 2)
    assert (trained.hours_in(2025), trained.hours_in(2026), trained.hours_in(2024)) == (18, 2, 0)
    flag = shortfall((verified(),), 2025, trained.hours_in(2025))
    assessed = trained.assessed(2025, flag)
    assert assessed.ce_assessed == 2025 and assessed.ce_flags == (flag,)
    assert assessed.assessed(2026, None).ce_flags == (flag,)


def test_the_reference_tables_apply_from_their_day_until_the_next():
    assert practice.education_on(date(2015, 12, 31)) is None
    assert practice.education_on(date(2024, 12, 31)).version == "2016"
    assert practice.education_on(date(2025, 1, 1)).version == "2025"
    version, rules = practice.staffing_on("testing_inspection", date(2025, 12, 31))
    assert version == "2016" and [r.minimum for r in rules] == [2]
    assert practice.staffing_on("testing_inspection", date(2026, 1, 1))[0] == "2026"
    assert practice.staffing_on("safety_consulting", TODAY)[1] == ()
    assert "registered_safety_engineer" in practice.staffing_kinds("testing_inspection")
