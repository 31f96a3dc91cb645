"""Working calendars: which dates are business days, and counting them.

The registrar counts review times in business days (the registrar's guide,
section 1) of the mainland China working calendar: public holidays are days off, and
the make-up working days the State Council announces each year (调休, usually a
Saturday or Sunday next to a holiday) are working days. The
:class:`ChinaMainlandCalendar` takes both from the ``holidays`` package
(``holidays.China``: ``is_working_day``, ``weekend_workdays``). Any other
:class:`WorkingCalendar` can be passed wherever a calendar is used.

>>> from datetime import date
>>> from domainrules.calendars import CHINA_MAINLAND
>>> CHINA_MAINLAND.is_working_day(date(2025, 9, 28))  # a Sunday, made up for National Day
True
>>> CHINA_MAINLAND.is_working_day(date(2025, 10, 8))  # a Wednesday inside the Golden Week
False
>>> CHINA_MAINLAND.add_business_days(date(2025, 9, 30), 3)  # Oct 9, 10, and Saturday Oct 11
datetime.date(2025, 10, 11)

The State Council publishes a year's schedule late in the year before. Years the
installed ``holidays`` package has no published schedule for (see
:attr:`ChinaMainlandCalendar.last_year`) are refused with :class:`CalendarRangeError`
rather than guessed; ``allow_estimates=True`` accepts the package's estimate
(statutory holidays, no make-up working days) for them.
"""

from __future__ import annotations

import abc
from datetime import date, timedelta
from typing import Any

import attrs

from domainrules.errors import CalendarRangeError

__all__ = [
    "CHINA_MAINLAND",
    "ChinaMainlandCalendar",
    "MondayToFridayCalendar",
    "WorkingCalendar",
]

# Counting more business days than this is a caller's error, not a review time.
_MAX_BUSINESS_DAYS = 366


class WorkingCalendar(abc.ABC):
    """A calendar of working days in one time zone.

    Subclasses answer :meth:`is_working_day`; counting is shared.

    >>> from datetime import date
    >>> MondayToFridayCalendar().add_business_days(date(2025, 1, 3), 1)  # Friday -> Monday
    datetime.date(2025, 1, 6)
    """

    #: A short name for messages and plans.
    name: str
    #: The IANA zone whose calendar dates this calendar speaks of.
    zone: str

    @abc.abstractmethod
    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day."""

    def add_business_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted).

        ``count`` 0 is ``start`` when it is a working day, else the next working day.

        >>> from datetime import date
        >>> MondayToFridayCalendar().add_business_days(date(2025, 1, 4), 0)  # Saturday
        datetime.date(2025, 1, 6)
        """
        if (
            not isinstance(count, int)
            or isinstance(count, bool)
            or not (0 <= count <= _MAX_BUSINESS_DAYS)
        ):
            raise CalendarRangeError(
                f"count: a number of business days from 0 to {_MAX_BUSINESS_DAYS}, not {count!r}",
                field="count",
                value=count,
            )
        day = start
        if count == 0:
            while not self.is_working_day(day):
                day += timedelta(days=1)
            return day
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def business_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``: how many business days ``end`` is after ``start``.

        >>> from datetime import date
        >>> MondayToFridayCalendar().business_days_between(date(2025, 1, 3), date(2025, 1, 7))
        2
        """
        if end < start:
            return -self.business_days_between(end, start)
        return sum(
            self.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1)
        )


@attrs.frozen
class MondayToFridayCalendar(WorkingCalendar):
    """Monday to Friday, no holidays: a neutral calendar for tests and comparisons.

    >>> from datetime import date
    >>> MondayToFridayCalendar().is_working_day(date(2025, 1, 1))
    True
    """

    name: str = "monday-to-friday"
    zone: str = "UTC"

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5


def _published_years() -> tuple[int, int]:
    # The package lists each year's State Council schedule (the holidays moved and
    # the weekends worked in exchange) as data; its last year is the last one
    # published. Earlier years are checked by the package only from 2001.
    from holidays.countries.china import ChinaStaticHolidays

    schedules: dict[int, Any] = ChinaStaticHolidays.special_public_holidays
    return 2001, max(schedules)


@attrs.frozen
class ChinaMainlandCalendar(WorkingCalendar):
    """The mainland China working calendar: weekends and public holidays off, make-up
    working weekends on (from ``holidays.China``).

    ``first_year``/``last_year`` default to the years the installed ``holidays``
    package has published schedules for (2001 to 2026 with holidays 0.109).

    >>> from datetime import date
    >>> cal = ChinaMainlandCalendar()
    >>> cal.is_working_day(date(2026, 9, 20))  # Sunday, made up for National Day 2026
    True
    >>> cal.is_working_day(date(2027, 3, 1))
    Traceback (most recent call last):
    ...
    domainrules.errors.CalendarRangeError: 2027-03-01: the mainland China working calendar of 2027 is not published in the installed holidays package (it covers 2001-2026); pass ChinaMainlandCalendar(allow_estimates=True) to accept its estimate without make-up working days
    >>> ChinaMainlandCalendar(allow_estimates=True).is_working_day(date(2027, 3, 1))
    True
    """

    name: str = "china-mainland"
    zone: str = "Asia/Shanghai"
    #: Accept the package's estimates (no make-up working days) outside the published years.
    allow_estimates: bool = False
    first_year: int = attrs.field(factory=lambda: _published_years()[0])
    last_year: int = attrs.field(factory=lambda: _published_years()[1])
    _holidays: Any = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        from holidays.countries.china import China

        # Populated lazily, one year at a time, by the package itself.
        object.__setattr__(self, "_holidays", China())  # type: ignore[no-untyped-call]

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls in a year with a published schedule."""
        return self.first_year <= day.year <= self.last_year

    def is_working_day(self, day: date) -> bool:
        if not self.covers(day) and not self.allow_estimates:
            raise CalendarRangeError(
                f"{day.isoformat()}: the mainland China working calendar of {day.year} is not "
                f"published in the installed holidays package (it covers "
                f"{self.first_year}-{self.last_year}); pass "
                "ChinaMainlandCalendar(allow_estimates=True) to accept its estimate without "
                "make-up working days",
                field="day",
                value=day,
            )
        calendar = self._holidays
        # A make-up working day may be announced with the next year's schedule
        # (2001-12-29 for New Year 2002): load that year first.
        _ = date(day.year + 1, 1, 1) in calendar
        return bool(calendar.is_working_day(day))


#: The default calendar for review times and ICP waits.
CHINA_MAINLAND = ChinaMainlandCalendar()
