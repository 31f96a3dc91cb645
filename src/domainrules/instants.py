"""Instants: tz-aware values in, UTC out; exact-day periods; year arithmetic.

Every instant the library takes may be a tz-aware :class:`datetime.datetime`
(pendulum's ``DateTime`` included) or ISO 8601 text with an offset. A naive
datetime, or text without an offset, does not name an instant and is refused:
guessing a zone would move every computed date by hours.

>>> from domainrules.instants import to_utc
>>> to_utc("2025-03-01T06:00:00+08:00")
datetime.datetime(2025, 2, 28, 22, 0, tzinfo=datetime.timezone.utc)
>>> to_utc("2025-03-01T06:00:00")
Traceback (most recent call last):
...
domainrules.errors.NaiveDatetimeError: expires_at: '2025-03-01T06:00:00' has no UTC offset; give one (e.g. +08:00 or Z)

Periods are exact 24-hour days added to a UTC instant, as EPP registries
(RFC 5730, Nomulus) model them: the same instant in any zone gives the same
answer (RFC 5730; Google's Nomulus).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone, tzinfo
from typing import TypeAlias

import pendulum

from domainrules._validate import Choice, show, wrong_type
from domainrules.errors import ArgumentTypeError, InvalidInstantError, NaiveDatetimeError

__all__ = [
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "UTC",
    "Instant",
    "LeapDayPolicy",
    "add_years",
    "local_date",
    "to_utc",
    "wall_clock_instant",
]

UTC = timezone.utc

#: What the library accepts as an instant.
Instant: TypeAlias = datetime | str

# ISO text longer than this is not a timestamp; refuse before parsing it.
_MAX_ISO_LENGTH = 64
_OFFSET_MINUTES = re.compile(r"[+-]\d{2}:?(\d{2})$")
# The spelling nearly every caller and export uses (RFC 3339): read with the standard
# library's parser, many times faster than pendulum's. Digits are ASCII [0-9] (``\d``
# would take other scripts' digits) and every field is range-checked here, so the
# fast path only ever answers what the slow path answers, exactly as it does; any
# other text, or a value it cannot answer, goes to the slow path (a differential
# test holds the two together).
_RFC3339 = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[T ]"
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_fromisoformat = datetime.fromisoformat
# A fraction of a second: a datetime holds microseconds, so digits past the sixth
# that are not zero would be dropped by the parser without a word.
_FRACTION = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}[.,]([0-9]+)")


#: Instants outside these years are refused: no registration lives there, and
#: adding periods or terms near datetime's own limits would overflow.
EARLIEST_YEAR = 1900
LATEST_YEAR = 9000


def to_utc(value: Instant, field: str = "expires_at") -> datetime:
    """Return ``value`` as a ``datetime`` in UTC; refuse naive or malformed input.

    ``field`` names the argument in the error, so a caller can tell which of
    several instants was wrong.
    """
    if not isinstance(field, str):
        raise ArgumentTypeError(
            f"field: expected text, not {type(field).__name__}", field="field", value=field
        )
    if type(value) is str and _RFC3339.fullmatch(value) is not None:
        # The fast path. Python 3.10's parser takes neither "Z" nor fractions other
        # than 3 or 6 digits: such text is left to the slow path.
        try:
            utc = _fromisoformat(value[:-1] + "+00:00" if value[-1] == "Z" else value)
            utc = utc.astimezone(UTC)
        except (ValueError, OverflowError):
            pass
        else:
            if EARLIEST_YEAR <= utc.year <= LATEST_YEAR:
                return utc
    return _slow_utc(value, field)


def _slow_utc(value: Instant, field: str) -> datetime:
    """:func:`to_utc` without its fast path: the reference the fast path is tested against."""
    utc = _to_utc(value, field)
    if not EARLIEST_YEAR <= utc.year <= LATEST_YEAR:
        raise InvalidInstantError(
            f"{field}: {utc.isoformat()} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR} "
            "this library computes with",
            field=field,
            value=value,
        )
    return utc


def _to_utc(value: Instant, field: str) -> datetime:
    if isinstance(value, datetime):
        try:
            offset = value.utcoffset()
        except ValueError as error:
            # datetime itself refuses a tzinfo reporting a day or more: bad input,
            # said as such (an exception the tzinfo raises itself passes through).
            raise InvalidInstantError(
                f"{field}: its tzinfo {show(value.tzinfo)} reports an offset of 24 hours or "
                f"more ({error}); a UTC offset is under 24 hours",
                field=field,
                value=value,
            ) from None
        if value.tzinfo is None or offset is None:
            raise NaiveDatetimeError(
                f"{field}: {value.isoformat()} is a naive datetime; attach a zone "
                "(e.g. datetime(..., tzinfo=timezone.utc))",
                field=field,
                value=value,
            )
        if value.tzinfo is UTC and type(value) is datetime:
            return value
        try:
            utc = value.astimezone(UTC)
        except OverflowError:
            raise InvalidInstantError(
                f"{field}: {value.isoformat()} cannot be expressed in UTC", field=field, value=value
            ) from None
        # pendulum's DateTime is a datetime subclass; hand back the plain type.
        return datetime(
            utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, UTC
        )
    if isinstance(value, str):
        return _parse_iso(value, field)
    raise wrong_type(value, field, "a tz-aware datetime or ISO 8601 text")


def _parse_iso(text: str, field: str) -> datetime:
    if len(text) > _MAX_ISO_LENGTH:
        raise InvalidInstantError(
            f"{field}: {len(text)} characters is too long for an ISO 8601 instant",
            field=field,
            value=text,
        )
    fraction = _FRACTION.search(text)
    if fraction is not None and fraction.group(1)[6:].strip("0"):
        raise InvalidInstantError(
            f"{field}: {text!r} has digits below a microsecond, which an instant here "
            "cannot hold exactly; round it to microseconds",
            field=field,
            value=text,
        )
    try:
        # tz=None keeps text without an offset naive, so that it can be refused
        # below instead of being taken as UTC.
        parsed = pendulum.parse(text.strip(), exact=True, tz=None)
    except (ValueError, TypeError, OverflowError) as error:
        raise InvalidInstantError(
            f"{field}: {text!r} is not an ISO 8601 instant ({error})", field=field, value=text
        ) from None
    if not isinstance(parsed, datetime):
        raise NaiveDatetimeError(
            f"{field}: {text!r} is a {type(parsed).__name__.lower()}, not an instant; "
            "give a date and time with a UTC offset",
            field=field,
            value=text,
        )
    if parsed.tzinfo is None:
        raise NaiveDatetimeError(
            f"{field}: {text!r} has no UTC offset; give one (e.g. +08:00 or Z)",
            field=field,
            value=text,
        )
    # pendulum reads "+23:60" as +24:00 and builds offsets of a day or more that
    # fail only when used: a UTC offset is under 24 hours, its minutes under 60.
    minutes = _OFFSET_MINUTES.search(text.strip())
    try:
        offset = parsed.utcoffset()
    except (ValueError, OverflowError):
        offset = None
    if offset is None or (minutes is not None and int(minutes.group(1)) > 59):
        raise InvalidInstantError(
            f"{field}: {text!r} has no valid UTC offset (hours -23..+23, minutes 00..59)",
            field=field,
            value=text,
        )
    return _to_utc(parsed, field)


def local_date(instant: datetime, zone: str) -> date:
    """The calendar date of ``instant`` in the IANA ``zone``.

    >>> from datetime import datetime, timezone
    >>> local_date(datetime(2025, 2, 28, 22, 0, tzinfo=timezone.utc), "Asia/Shanghai")
    datetime.date(2025, 3, 1)
    """
    return instant.astimezone(pendulum.timezone(zone)).date()


def wall_clock_instant(wall: datetime, zone: tzinfo, field: str = "expires_at") -> datetime:
    """The UTC instant a wall-clock time names in ``zone``, refused when the zone skips
    it (the gap of a daylight-saving change) or repeats it (the hour turned back): either
    reading would be a guess.

    >>> import pendulum
    >>> berlin = pendulum.timezone("Europe/Berlin")
    >>> wall_clock_instant(datetime(2025, 7, 1, 12, 0), berlin).isoformat()
    '2025-07-01T10:00:00+00:00'
    >>> wall_clock_instant(datetime(2025, 3, 30, 2, 30), berlin)
    Traceback (most recent call last):
    ...
    domainrules.errors.InvalidInstantError: expires_at: 2025-03-30T02:30:00 does not exist in Europe/Berlin (skipped by a daylight-saving change)
    """
    if type(wall) is not datetime or wall.tzinfo is not None:
        raise ArgumentTypeError(
            f"{field}: expected a datetime without a zone, not {show(wall)}",
            field=field,
            value=wall,
        )
    if not isinstance(zone, tzinfo):
        raise ArgumentTypeError(
            f"{field}: expected a tzinfo for the zone, not {type(zone).__name__}",
            field=field,
            value=zone,
        )
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        skipped = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall
        how = "does not exist in" if skipped else "is ambiguous in"
        why = "skipped by" if skipped else "repeated by"
        raise InvalidInstantError(
            f"{field}: {wall.isoformat()} {how} {zone} ({why} a daylight-saving change)",
            field=field,
            value=wall,
        )
    return to_utc(first, field)


class LeapDayPolicy(Choice):
    """What ``Feb 29 + 1 year`` is. Nomulus, dateutil and PHP disagree."""

    #: Feb 28, as Nomulus does (and keeps adding to the stored expiry). The default.
    CLAMP_TO_FEB_28 = "clamp-to-feb-28"
    #: Mar 1, as PHP does.
    ROLL_TO_MAR_1 = "roll-to-mar-1"


def add_years(
    instant: datetime, years: int, policy: LeapDayPolicy = LeapDayPolicy.CLAMP_TO_FEB_28
) -> datetime:
    """``instant`` moved ``years`` calendar years, keeping the time of day (in UTC).

    >>> from datetime import datetime, timezone
    >>> leap = datetime(2024, 2, 29, 12, tzinfo=timezone.utc)
    >>> add_years(leap, 1).date(), add_years(leap, 1, LeapDayPolicy.ROLL_TO_MAR_1).date()
    (datetime.date(2025, 2, 28), datetime.date(2025, 3, 1))
    >>> add_years(leap, 4).date()
    datetime.date(2028, 2, 29)
    """
    year = instant.year + years
    try:
        return instant.replace(year=year)
    except ValueError:
        # Only Feb 29 into a common year gets here.
        if policy is LeapDayPolicy.CLAMP_TO_FEB_28:
            return instant.replace(year=year, day=28)
        return instant.replace(year=year, month=3, day=1)
