"""Wall-clock expiries in a zone with daylight saving: a time the zone skips or repeats is
a bad cell naming the value, never one reading chosen silently; a bare date is the start
of that day."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pendulum
import pytest

from domainrules.cli.portfolio import parse_expiry
from domainrules.errors import ArgumentTypeError, InvalidInstantError
from domainrules.instants import wall_clock_instant

NEW_YORK = pendulum.timezone("America/New_York")


@pytest.mark.parametrize(
    ("text", "date_format", "said"),
    [
        ("2025-03-09T02:30:00", None, "does not exist in America/New_York"),
        ("2025-11-02 01:30", None, "is ambiguous in America/New_York"),
        ("09.03.2025 02:30", "%d.%m.%Y %H:%M", "does not exist in America/New_York"),
        ("02.11.2025 01:30", "%d.%m.%Y %H:%M", "is ambiguous in America/New_York"),
    ],
)
def test_a_skipped_or_repeated_wall_time_is_refused(
    text: str, date_format: str | None, said: str
) -> None:
    with pytest.raises(ValueError, match=said) as caught:
        parse_expiry(text, NEW_YORK, date_format=date_format)
    assert repr(text) in str(caught.value)


def test_wall_times_either_side_of_a_change_and_bare_dates_are_read() -> None:
    assert parse_expiry("2025-03-09T03:30:00", NEW_YORK) == datetime(
        2025, 3, 9, 7, 30, tzinfo=timezone.utc
    )
    assert parse_expiry("2025-11-02 02:30", NEW_YORK) == datetime(
        2025, 11, 2, 7, 30, tzinfo=timezone.utc
    )
    # A bare date is the start of that day, whatever happens later in it.
    assert parse_expiry("2025-03-09", NEW_YORK) == datetime(2025, 3, 9, 5, tzinfo=timezone.utc)
    assert parse_expiry("09.03.2025", NEW_YORK, date_format="%d.%m.%Y") == datetime(
        2025, 3, 9, 5, tzinfo=timezone.utc
    )


def test_wall_clock_instant_agrees_with_a_round_trip_on_every_half_hour() -> None:
    # The slow, obvious definition: a wall time is one instant iff exactly one UTC
    # instant (on the half hours around it) shows it on the zone's clock.
    start = datetime(2025, 3, 7, tzinfo=timezone.utc)
    shown: dict[datetime, list[datetime]] = {}
    for step in range(24 * 4 * 2):
        instant = start + timedelta(minutes=30 * step)
        shown.setdefault(instant.astimezone(NEW_YORK).replace(tzinfo=None), []).append(instant)
    for step in range(2 * 24 * 2):  # two days of wall times, well inside the instants'
        wall = datetime(2025, 3, 8) + timedelta(minutes=30 * step)
        instants = shown.get(wall, [])
        if len(instants) == 1:
            assert wall_clock_instant(wall, NEW_YORK) == instants[0]
        else:  # skipped (none) or repeated (two): every wall time here is in range
            with pytest.raises(InvalidInstantError):
                wall_clock_instant(wall, NEW_YORK)


def test_wall_clock_instant_takes_a_naive_datetime_and_a_tzinfo() -> None:
    with pytest.raises(ArgumentTypeError):
        wall_clock_instant(datetime(2025, 1, 1, tzinfo=timezone.utc), NEW_YORK)
    with pytest.raises(ArgumentTypeError):
        wall_clock_instant(datetime(2025, 1, 1), "America/New_York")  # type: ignore[arg-type]
