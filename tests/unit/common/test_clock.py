"""A calendar day is a Jiaxing day whatever the server's zone; the fixed clock moves only when told."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.common.clock import FixedClock, isotime, jiaxing_day, jiaxing_day_of


def test_half_past_one_in_jiaxing_is_already_the_next_day():
    moment = datetime(2024, 2, 29, 17, 30, tzinfo=UTC)  # 01:30 on 1 March in Jiaxing
    assert jiaxing_day(moment) == date(2024, 3, 1)
    assert jiaxing_day_of(isotime(moment)) == date(2024, 3, 1)
    assert jiaxing_day(moment - timedelta(minutes=91)) == date(2024, 2, 29)  # 23:59 on 29 February


def test_a_fixed_clock_gives_the_jiaxing_day_of_its_moment_and_advances_on_request():
    clock = FixedClock(datetime(2025, 12, 31, 16, 0, tzinfo=UTC))
    assert clock.today() == date(2026, 1, 1)
    clock.advance(timedelta(days=1))
    assert clock.now() == datetime(2026, 1, 1, 16, 0, tzinfo=UTC) and clock.today() == date(2026, 1, 2)
