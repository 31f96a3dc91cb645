"""Working calendars: the mainland China calendar with make-up working days."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from domainrules import (
    ArgumentTypeError,
    CalendarRangeError,
    ChinaMainlandCalendar,
    InvalidCountError,
    MondayToFridayCalendar,
)
from domainrules.calendars import CHINA_MAINLAND

CN = CHINA_MAINLAND


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 26), True),  # Sunday made up for the Spring Festival
        (date(2025, 1, 28), False),  # Chinese New Year's Eve (since 2025)
        (date(2025, 2, 4), False),  # a weekday moved into the Spring Festival
        (date(2025, 2, 8), True),  # Saturday made up
        (date(2025, 10, 1), False),
        (date(2025, 10, 11), True),  # Saturday made up for National Day
        (date(2025, 10, 12), False),  # ordinary Sunday
        (date(2026, 1, 4), True),  # Sunday made up for New Year 2026
        (date(2026, 2, 28), True),
        (date(2026, 9, 20), True),
        (date(2026, 10, 7), False),
        (date(2026, 11, 27), True),  # ordinary Friday
    ],
)
def test_china_mainland_days(day: date, working: bool) -> None:
    assert CN.is_working_day(day) is working


def test_make_up_day_announced_with_next_year() -> None:
    # 2001-12-29 (Saturday) was worked for New Year 2002.
    assert ChinaMainlandCalendar().is_working_day(date(2001, 12, 29))


def test_golden_week_counting() -> None:
    # Tuesday 2025-09-30: the next working days are Oct 9, Oct 10, Saturday Oct 11.
    assert CN.add_business_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert CN.add_business_days(date(2025, 9, 30), 3) == date(2025, 10, 11)
    assert CN.business_days_between(date(2025, 9, 30), date(2025, 10, 11)) == 3


def test_zero_days_is_same_or_next_working_day() -> None:
    assert CN.add_business_days(date(2025, 10, 1), 0) == date(2025, 10, 9)
    assert CN.add_business_days(date(2025, 10, 9), 0) == date(2025, 10, 9)


def test_unpublished_year_is_refused_when_strict() -> None:
    cal = ChinaMainlandCalendar(strict=True)
    assert cal.last_year >= 2026
    with pytest.raises(CalendarRangeError) as caught:
        cal.is_working_day(date(cal.last_year + 1, 6, 1))
    assert caught.value.field == "day"
    assert isinstance(caught.value, LookupError)
    with pytest.raises(CalendarRangeError):
        cal.is_working_day(date(1999, 6, 1))


def test_counting_into_an_unpublished_year_is_refused_when_strict() -> None:
    cal = ChinaMainlandCalendar(last_year=2026, strict=True)
    with pytest.raises(CalendarRangeError):
        cal.add_business_days(date(2026, 12, 30), 5)


def test_unpublished_years_are_estimated_by_default() -> None:
    cal = ChinaMainlandCalendar()
    year = cal.last_year + 1
    assert cal.estimated(date(year, 3, 1)) and not cal.estimated(date(year - 1, 3, 1))
    assert cal.is_working_day(date(year, 10, 1)) is False  # National Day is statutory
    assert cal.is_working_day(date(year, 3, 1)) is (date(year, 3, 1).weekday() < 5)
    # No make-up working day is known in an estimated year: every weekend is off.
    weekends = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
    assert not any(cal.is_working_day(d) for d in weekends if d.weekday() >= 5)


def test_the_estimate_is_weekends_plus_statutory_holidays() -> None:
    import holidays

    year = CN.last_year + 1
    published = holidays.China(years=year)  # type: ignore[attr-defined]
    statutory = {d for d in published if d.year == year}
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
    for day in days:
        assert CN.is_working_day(day) is (day.weekday() < 5 and day not in statutory)


def test_published_years_agree_with_the_package() -> None:
    import holidays

    reference = holidays.China(years=range(2024, 2027))  # type: ignore[attr-defined]
    day = date(2024, 1, 1)
    while day.year < 2027:
        assert CN.is_working_day(day) is reference.is_working_day(day), day
        day += timedelta(days=1)


def test_calendars_by_name() -> None:
    from domainrules import CALENDARS, UnknownCalendarError, get_calendar

    assert get_calendar("china-mainland") is CN
    assert sorted(CALENDARS) == ["china-mainland", "monday-to-friday"]
    with pytest.raises(UnknownCalendarError) as caught:
        get_calendar("china")
    assert caught.value.field == "calendar" and isinstance(caught.value, LookupError)


@pytest.mark.parametrize("day", [None, "2026-01-01", datetime(2026, 1, 1, tzinfo=timezone.utc)])
def test_days_must_be_dates(day: object) -> None:
    from domainrules import ArgumentTypeError

    with pytest.raises(ArgumentTypeError):
        CN.is_working_day(day)  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [-1, 367])
def test_counts_out_of_range(count: int) -> None:
    with pytest.raises(InvalidCountError) as caught:
        MondayToFridayCalendar().add_business_days(date(2025, 1, 1), count)
    assert caught.value.field == "count" and caught.value.value == count


@pytest.mark.parametrize("count", [1.5, True, "3", None])
def test_counts_of_another_type(count: object) -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        MondayToFridayCalendar().add_business_days(date(2025, 1, 1), count)  # type: ignore[arg-type]
    assert caught.value.field == "count" and caught.value.value is count


@pytest.mark.parametrize("year", [1949, 2101, 2150])
def test_years_the_china_calendar_cannot_count_are_refused(year: int) -> None:
    # Not estimated as weekends only: the holidays package computes none there.
    with pytest.raises(CalendarRangeError, match="cannot be counted"):
        CN.is_working_day(date(year, 3, 9))
    with pytest.raises(CalendarRangeError):
        ChinaMainlandCalendar(strict=True).is_working_day(date(year, 3, 9))
    assert CN.is_working_day(date(2100, 3, 9)) is True  # a Tuesday, counted (estimated)


def test_monday_to_friday() -> None:
    cal = MondayToFridayCalendar()
    assert cal.add_business_days(date(2025, 1, 3), 5) == date(2025, 1, 10)
    assert cal.business_days_between(date(2025, 1, 10), date(2025, 1, 3)) == -5
