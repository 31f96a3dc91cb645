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
:attr:`ChinaMainlandCalendar.last_year`) are estimated, and flagged as such
(:meth:`WorkingCalendar.estimated`): weekends and the statutory holidays computed
for that year, without make-up working days. ``ChinaMainlandCalendar(strict=True)``
refuses them with :class:`CalendarRangeError` instead.
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any

import attrs

from domainrules._validate import bool_field, instance_field, lookup, named, show, wrong_type
from domainrules._validate import count as whole
from domainrules.errors import ArgumentTypeError, CalendarRangeError, UnknownCalendarError

__all__ = [
    "CALENDARS",
    "CHINA_MAINLAND",
    "ChinaMainlandCalendar",
    "MondayToFridayCalendar",
    "WorkingCalendar",
    "as_calendar",
    "get_calendar",
    "require_day",
]

# Counting more business days than this is a caller's error, not a review time.
_MAX_BUSINESS_DAYS = 366
# ... and counting between dates further apart than this (ten years).
_MAX_SPAN_DAYS = 3660
# Calendar dates outside these years are refused, as instants are (instants.py).
_FIRST_YEAR, _LAST_YEAR = 1900, 9000


def require_day(value: Any, field: str = "day") -> date:
    """``value`` if it is a calendar date (a ``date``, not a ``datetime``: which
    day an instant falls on depends on the zone) within the years 1900-9000."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ArgumentTypeError(
            f"{field}: expected a date, not {type(value).__name__} {show(value)}"
            + (" (take its date in the calendar's zone)" if isinstance(value, datetime) else ""),
            field=field,
            value=value,
        )
    if not _FIRST_YEAR <= value.year <= _LAST_YEAR:
        raise CalendarRangeError(
            f"{field}: {value.isoformat()} is outside the years {_FIRST_YEAR}-{_LAST_YEAR}",
            field=field,
            value=value,
        )
    return value


def _year_field(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise wrong_type(value, attribute.name, "a year (int)")
    if not _FIRST_YEAR <= value <= _LAST_YEAR:
        raise CalendarRangeError(
            f"{attribute.name}: a year from 1900 to 9000, not {show(value)}",
            field=attribute.name,
            value=value,
        )


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

    def estimated(self, day: date) -> bool:
        """Whether the answer for ``day`` is an estimate rather than a published fact.

        >>> from datetime import date
        >>> MondayToFridayCalendar().estimated(date(2099, 1, 1))
        False
        """
        require_day(day)
        return False

    def add_business_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted).

        ``count`` 0 is ``start`` when it is a working day, else the next working day.

        >>> from datetime import date
        >>> MondayToFridayCalendar().add_business_days(date(2025, 1, 4), 0)  # Saturday
        datetime.date(2025, 1, 6)
        """
        start = require_day(start, "start")
        count = whole(count, "count", maximum=_MAX_BUSINESS_DAYS)
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
        start, end = require_day(start, "start"), require_day(end, "end")
        if abs((end - start).days) > _MAX_SPAN_DAYS:
            raise CalendarRangeError(
                f"end: {start.isoformat()} .. {end.isoformat()} is more than {_MAX_SPAN_DAYS} "
                "days; business days are counted over shorter spans",
                field="end",
                value=end,
            )
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

    name: str = attrs.field(default="monday-to-friday", validator=instance_field(str))
    zone: str = attrs.field(default="UTC", validator=instance_field(str))

    def __repr__(self) -> str:
        return f"<MondayToFridayCalendar {self.name} in {self.zone}>"

    def is_working_day(self, day: date) -> bool:
        return require_day(day).weekday() < 5


def _published_years() -> tuple[int, int]:
    # The package lists each year's State Council schedule (the holidays moved and
    # the weekends worked in exchange) as data; its last year is the last one
    # published. Earlier years are checked by the package only from 2001.
    from holidays.countries.china import ChinaStaticHolidays

    schedules: dict[int, Any] = ChinaStaticHolidays.special_public_holidays
    return 2001, max(schedules)


def _countable_years() -> tuple[int, int]:
    # The years the package computes China's statutory holidays for (the lunar
    # calendar it needs ends in 2100); outside them it returns none at all.
    from holidays.countries.china import China

    return int(China.start_year), int(China.end_year)


# One year of the mainland China calendar: its public holidays and the weekend days
# worked in exchange (empty for an estimated year).
_Year = tuple[frozenset[date], frozenset[date]]


@attrs.frozen
class ChinaMainlandCalendar(WorkingCalendar):
    """The mainland China working calendar: weekends and public holidays off, make-up
    working weekends on (from ``holidays.China``).

    ``first_year``/``last_year`` default to the years the installed ``holidays``
    package has published schedules for (2001 to 2026 with holidays 0.109). Outside
    them the calendar estimates: weekends and the statutory holidays the package
    computes for that year are days off, and no make-up working day is known
    (:meth:`estimated` says which dates; a change plan lists them in its notes).
    ``strict=True`` refuses such dates with :class:`CalendarRangeError` instead.
    Years the package cannot compute holidays for at all (before 1950 and after 2100
    with holidays 0.109) are refused with :class:`CalendarRangeError` either way.

    Safe to share between threads: each year is computed once, under a lock, into
    immutable sets (the ``holidays`` package fills its years lazily in shared state).

    >>> from datetime import date
    >>> cal = ChinaMainlandCalendar()
    >>> cal.is_working_day(date(2026, 9, 20))  # Sunday, made up for National Day 2026
    True
    >>> cal.is_working_day(date(2027, 3, 1)), cal.estimated(date(2027, 3, 1))
    (True, True)
    >>> cal.is_working_day(date(2101, 3, 1))
    Traceback (most recent call last):
    ...
    domainrules.errors.CalendarRangeError: 2101-03-01: the mainland China working calendar cannot be counted in 2101: the installed holidays package computes China's statutory holidays for 1950-2100 only
    >>> ChinaMainlandCalendar(strict=True).is_working_day(date(2027, 3, 1))
    Traceback (most recent call last):
    ...
    domainrules.errors.CalendarRangeError: 2027-03-01: the mainland China working calendar of 2027 is not published in the installed holidays package (it covers 2001-2026); without strict=True it is estimated (weekends and statutory holidays, no make-up working days)
    """

    name: str = attrs.field(default="china-mainland", validator=instance_field(str))
    zone: str = attrs.field(default="Asia/Shanghai", validator=instance_field(str))
    #: Refuse dates outside the published years instead of estimating them.
    strict: bool = attrs.field(default=False, validator=bool_field)
    first_year: int = attrs.field(factory=lambda: _published_years()[0], validator=_year_field)
    last_year: int = attrs.field(factory=lambda: _published_years()[1], validator=_year_field)
    _years: dict[int, _Year] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _lock: threading.Lock = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_years", {})
        object.__setattr__(self, "_lock", threading.Lock())

    def __repr__(self) -> str:
        # Short, for signatures, help() and hovers: its name and the published years.
        strict = ", strict" if self.strict else ""
        return (
            f"<ChinaMainlandCalendar {self.name} in {self.zone}, published "
            f"{self.first_year}-{self.last_year}{strict}>"
        )

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls in a year with a published schedule."""
        return self.first_year <= require_day(day).year <= self.last_year

    def estimated(self, day: date) -> bool:
        """Whether the answer for ``day`` is an estimate (its year is not published)."""
        return not self.covers(day)

    def is_working_day(self, day: date) -> bool:
        day = require_day(day)
        if self.strict and not self.covers(day):
            raise CalendarRangeError(
                f"{day.isoformat()}: the mainland China working calendar of {day.year} is not "
                f"published in the installed holidays package (it covers "
                f"{self.first_year}-{self.last_year}); without strict=True it is estimated "
                "(weekends and statutory holidays, no make-up working days)",
                field="day",
                value=day,
            )
        first, last = _countable_years()
        if not first <= day.year <= last:
            # Estimating such a year would count its weekends only, silently: refuse.
            raise CalendarRangeError(
                f"{day.isoformat()}: the mainland China working calendar cannot be counted in "
                f"{day.year}: the installed holidays package computes China's statutory "
                f"holidays for {first}-{last} only",
                field="day",
                value=day,
            )
        holidays, worked_weekends = self._year(day.year)
        if day.weekday() >= 5:
            return day in worked_weekends
        return day not in holidays

    def _year(self, year: int) -> _Year:
        known = self._years.get(year)
        if known is not None:
            return known
        with self._lock:
            known = self._years.get(year)
            if known is None:
                known = self._compute(year)
                self._years[year] = known
        return known

    def _compute(self, year: int) -> _Year:
        from holidays.countries.china import China

        # A fresh instance, never shared: the package fills years in lazily. A make-up
        # working day may be announced with the next year's schedule (2001-12-29 for
        # New Year 2002): load that year too.
        calendar = China(years={year, year + 1})  # type: ignore[no-untyped-call]
        holidays = frozenset(day for day in calendar if day.year == year)
        if not self.first_year <= year <= self.last_year:
            return holidays, frozenset()
        worked = frozenset(day for day in calendar.weekend_workdays if day.year == year)
        return holidays, worked


#: The default calendar for review times and ICP waits.
CHINA_MAINLAND = ChinaMainlandCalendar()

#: Every shipped calendar by name.
CALENDARS: Mapping[str, WorkingCalendar] = MappingProxyType(
    {calendar.name: calendar for calendar in (CHINA_MAINLAND, MondayToFridayCalendar())}
)


def get_calendar(name: str) -> WorkingCalendar:
    """The shipped calendar called ``name``; ``UnknownCalendarError`` lists the others.

    >>> get_calendar("china-mainland") is CHINA_MAINLAND
    True
    """
    return lookup(
        name,
        CALENDARS,
        field="calendar",
        unknown=UnknownCalendarError,
        message="calendar: no calendar {name}; shipped: {shipped}",
    )


def as_calendar(value: WorkingCalendar | str, field: str = "calendar") -> WorkingCalendar:
    """``value`` if it is a :class:`WorkingCalendar`, else the shipped calendar it names."""
    return named(value, WorkingCalendar, get_calendar, field)  # type: ignore[type-abstract]
