"""Instants: tz-aware in, UTC out; naive refused; year arithmetic and leap days."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domainrules import (
    ArgumentTypeError,
    DomainRulesError,
    InvalidInstantError,
    LeapDayPolicy,
    NaiveDatetimeError,
    instants,
    to_utc,
)
from domainrules.instants import add_years, local_date

UTC = timezone.utc
BEIJING = timezone(timedelta(hours=8))


def test_aware_datetimes_become_plain_utc() -> None:
    instant = datetime(2025, 3, 1, 6, 0, tzinfo=BEIJING)
    assert to_utc(instant) == datetime(2025, 2, 28, 22, 0, tzinfo=UTC)
    assert to_utc(instant).tzinfo is UTC


def test_pendulum_datetimes_are_accepted() -> None:
    instant = pendulum.datetime(2025, 3, 1, 6, tz="Asia/Shanghai")
    converted = to_utc(instant)
    assert type(converted) is datetime
    assert converted == datetime(2025, 2, 28, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-01T06:00:00+08:00",
        "2025-03-01T06:00+08:00",
        "2025-02-28T22:00:00Z",
        "2025-02-28T22:00:00.000000+00:00",
        "20250301T060000+0800",
    ],
)
def test_iso_text_with_an_offset(text: str) -> None:
    assert to_utc(text) == datetime(2025, 2, 28, 22, 0, tzinfo=UTC)


def test_naive_datetime_is_refused_with_its_field() -> None:
    with pytest.raises(NaiveDatetimeError) as caught:
        to_utc(datetime(2025, 3, 1, 6, 0), "at")
    assert caught.value.field == "at"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("text", ["2025-03-01T06:00:00", "2025-03-01"])
def test_text_without_an_offset_is_refused(text: str) -> None:
    with pytest.raises(NaiveDatetimeError):
        to_utc(text)


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01T00:00:00Z", "", "9" * 100])
def test_malformed_instants(value: str) -> None:
    with pytest.raises(InvalidInstantError) as caught:
        to_utc(value)
    assert caught.value.value == value  # as given, never an excerpt


@pytest.mark.parametrize("value", [3.5, None, 1735689600, b"2025-01-01T00:00:00Z"])
def test_instants_of_another_type(value: object) -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        to_utc(value, "at")  # type: ignore[arg-type]
    assert caught.value.field == "at" and caught.value.value is value


class _DayAhead(tzinfo):
    """A tzinfo reporting an offset datetime itself refuses (a day or more)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=25)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return "+25:00"


def test_a_tzinfo_beyond_a_day_is_an_invalid_instant() -> None:
    with pytest.raises(InvalidInstantError, match="24 hours") as caught:
        to_utc(datetime(2026, 1, 1, tzinfo=_DayAhead()), "at")
    assert caught.value.field == "at"


def test_local_date_in_the_registry_zone() -> None:
    # A Beijing-time expiry at 06:00 on Mar 1 is Feb 28 in UTC (RFC 5730: UTC).
    instant = to_utc("2025-03-01T06:00:00+08:00")
    assert instant.date() == date(2025, 2, 28)
    assert local_date(instant, "Asia/Shanghai") == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (LeapDayPolicy.CLAMP_TO_FEB_28, date(2025, 2, 28)),
        (LeapDayPolicy.ROLL_TO_MAR_1, date(2025, 3, 1)),
    ],
)
def test_feb_29_plus_one_year(policy: LeapDayPolicy, expected: date) -> None:
    leap = datetime(2024, 2, 29, 9, 30, tzinfo=UTC)
    moved = add_years(leap, 1, policy)
    assert moved.date() == expected
    assert (moved.hour, moved.minute) == (9, 30)


def test_feb_29_plus_four_years_stays_feb_29() -> None:
    assert add_years(datetime(2024, 2, 29, tzinfo=UTC), 4).date() == date(2028, 2, 29)


def test_instant_errors_pickle() -> None:
    with pytest.raises(NaiveDatetimeError) as caught:
        to_utc("2025-03-01T06:00:00", "expires_at")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is NaiveDatetimeError
    assert copy.field == "expires_at"


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00+14:00",
        "1800-01-01T00:00:00Z",
        datetime(9999, 12, 31, 23, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
    ],
)
def test_instants_outside_the_supported_years_are_refused(value: object) -> None:
    with pytest.raises(InvalidInstantError, match=r"years|UTC"):
        to_utc(value)  # type: ignore[arg-type]


# --- the fast path of to_utc against its slow path ----------------------------

# Near-valid characters: other scripts' digits (str.isdigit and \d take them), case
# variants, whitespace, and the separators in the wrong place.
_NEAR = "0123456789+-:.TtZz \n\u0663\uff13\u0969\U0001d7d8"


def _stamp(year: int, month: int, day: int, hour: int, minute: int, second: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"


_OFFSETS = st.one_of(
    st.sampled_from(["Z", "z", "", "+00:00", "-00:00", "+24:00", "-24:00", "+23:60", "+0800"]),
    st.builds(
        lambda sign, h, m: f"{sign}{h:02d}:{m:02d}",
        st.sampled_from("+-"),
        st.integers(0, 25),
        st.integers(0, 61),
    ),
)
_STAMPS = st.builds(
    lambda stamp, separator, fraction, offset: stamp.replace("T", separator) + fraction + offset,
    st.builds(
        _stamp,
        st.one_of(st.integers(1, 9999), st.sampled_from([1899, 1900, 9000, 9001])),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(0, 25),
        st.integers(0, 61),
        st.integers(0, 61),
    ),
    st.sampled_from(["T", " ", "t", "_"]),
    st.sampled_from(["", ".5", ".12", ".123", ".1234", ".123456", ".1234567", "."]),
    _OFFSETS,
)


@st.composite
def _near_valid(draw: st.DrawFn) -> str:
    """A valid or almost valid stamp: generated, then perhaps one character changed."""
    text: str = draw(_STAMPS)
    if text and draw(st.booleans()):
        where = draw(st.integers(0, len(text) - 1))
        text = text[:where] + draw(st.sampled_from(_NEAR)) + text[where + 1 :]
    return text


def _outcome(parse: Callable[[str], datetime], text: str) -> tuple[object, ...]:
    try:
        utc = parse(text)
    except DomainRulesError as failure:
        return ("refused", type(failure), str(failure))
    return ("read", utc, type(utc), utc.tzinfo)


@given(st.one_of(_near_valid(), st.from_regex(instants._RFC3339, fullmatch=True)))
def test_the_fast_path_answers_as_the_slow_path(text: str) -> None:
    slow = _outcome(lambda t: instants._slow_utc(t, "expires_at"), text)
    assert _outcome(to_utc, text) == slow


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-01T06:00:00+08:00",
        "2025-03-01T06:00:00Z",
        "2025-03-01 06:00:00.5-05:30",
        "2025-03-01T06:00:00.123456+00:00",
    ],
)
def test_the_common_spellings_take_the_fast_path(text: str) -> None:
    # Guards the speed, not the answer: these are the spellings exports use.
    assert instants._RFC3339.fullmatch(text) is not None
    assert to_utc(text) == instants._slow_utc(text, "expires_at")


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-01T06:00:00",  # naive
        "2025-03-01T06:00:00+24:00",
        "2025-03-01T06:00:00+23:60",
        "1899-12-31T23:00:00Z",
        "9000-12-31T23:00:00-05:00",  # 9001 in UTC
        "2025-02-29T06:00:00Z",
        "\u0662025-03-01T06:00:00Z",  # an Arabic-Indic digit
        "2025-03-01T06:00:00+0\uff18:00",  # a fullwidth digit
    ],
)
def test_the_fast_path_refuses_what_the_slow_path_refuses(text: str) -> None:
    assert _outcome(to_utc, text)[0] == "refused"
    assert _outcome(to_utc, text) == _outcome(lambda t: instants._slow_utc(t, "expires_at"), text)
