"""domainrules.arrow: every row agrees with lifecycle_of and next_action."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow", reason="the [arrow] extra (pyarrow) is not installed")
pytest.importorskip("numpy", reason="the [arrow] extra (numpy) is not installed")

from domainrules import (  # noqa: E402
    DEFAULT_RULE_SET,
    ArgumentTypeError,
    DomainRulesError,
    InvalidCountError,
    InvalidInstantError,
    NaiveDatetimeError,
    lifecycle_of,
    next_action,
)
from domainrules.arrow import COLUMNS, add_next_actions, next_actions, result_schema  # noqa: E402

UTC = timezone.utc
AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
US = timedelta(microseconds=1)

# Suffixes as written: known, in other cases and spellings, IDN, suffixes that are
# not the whole rest, wildcard rules, a ccTLD the default rules do not cover.
SUFFIXES = [
    "com",
    "COM",
    "com.",
    "net",
    "cn",
    "com.cn",
    "gov.cn",
    "中国",
    "xn--fiqs8s",
    "公司.cn",
    "hk",
    "xyz",
    "uk",
    "co.uk",
    "ck",
    "kobe.jp",
    "jp",
    "example.com",
    "",
]
LABELS = [
    "example",
    "EXAMPLE",
    "a",
    "a-b",
    "-a",
    "a-",
    "ab--c",
    "a---b",
    "xn--fsqu00a",
    "例子",
    "bad_label",
    "com",
    "gov",
    "www",
    "tokyo",
    "x" * 63,
    "x" * 64,
    "",
    "9",
]


def reference(
    name: str | None, expires: datetime | None, at: datetime, within: int
) -> dict[str, Any]:
    """The answer of the scalar library for one row, as next_actions spells it."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    if name is None or expires is None:
        return row
    try:
        life = lifecycle_of(name, expires)
    except (DomainRulesError, UnicodeError, ValueError) as failure:
        row["error"] = str(failure)
        return row
    step = next_action(life, at, renew_within=within)
    span = life.span_of(step.phase)
    assert span is not None
    row.update(
        phase=step.phase.value,
        phase_ends_at=span.end,
        days_left=step.days_left,
        action=None if step.action is None else step.action.value,
        deadline=span.end if step.action is not None and step.action.group else None,
    )
    return row


names_st = st.one_of(
    st.none(),
    st.builds(
        lambda label, suffix: f"{label}.{suffix}",
        st.sampled_from(LABELS),
        st.sampled_from(SUFFIXES),
    ),
    st.text(max_size=20),
)
# Expiries near every cut-off of every family (a whole number of days before `at`,
# give or take a microsecond), and anywhere, in and out of the years the library takes.
near_cutoff = st.builds(
    lambda days, delta: AT - timedelta(days=days) + delta,
    st.integers(-40, 130),
    st.sampled_from([timedelta(0), US, -US, timedelta(seconds=1), timedelta(hours=-7)]),
)
anywhere = st.datetimes(
    min_value=datetime(1850, 1, 1), max_value=datetime(9500, 1, 1), timezones=st.just(UTC)
)
expiries_st = st.one_of(st.none(), near_cutoff, anywhere)


@settings(max_examples=300)
@given(
    rows=st.lists(st.tuples(names_st, expiries_st), max_size=40),
    within=st.sampled_from([0, 1, 30, 90]),
)
def test_every_row_agrees_with_lifecycle_of(
    rows: list[tuple[str | None, datetime | None]], within: int
) -> None:
    names = pa.array([name for name, _ in rows], pa.string())
    expires = pa.array([expiry for _, expiry in rows], pa.timestamp("us", tz="UTC"))
    result = next_actions(names, expires, AT, renew_within=within)
    assert result.num_rows == len(rows)
    for (name, expiry), got in zip(rows, result.to_pylist(), strict=True):
        # The same answer, or the same refusal with the library's own message.
        assert got == reference(name, expiry, AT, within), (name, expiry)


@settings(max_examples=100)
@given(
    rows=st.lists(st.tuples(names_st, st.one_of(st.none(), near_cutoff)), max_size=30),
    unit=st.sampled_from(["s", "ms", "us", "ns"]),
    tz=st.sampled_from(["UTC", "Asia/Shanghai", "-05:00"]),
)
def test_any_unit_and_zone_gives_the_same_answer(
    rows: list[tuple[str | None, datetime | None]], unit: str, tz: str
) -> None:
    per_unit = {"s": 10**6, "ms": 10**3, "us": 1, "ns": 1}[unit]
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    micros = [
        None if expiry is None else (expiry - epoch) // US // per_unit * per_unit
        for _, expiry in rows
    ]
    names = pa.array([name for name, _ in rows], pa.string())
    in_us = pa.array(micros, pa.int64()).cast(pa.timestamp("us", tz="UTC"))
    expected = next_actions(names, in_us, AT).to_pylist()
    raw = [None if m is None else m * 1000 if unit == "ns" else m // per_unit for m in micros]
    other = pa.array(raw, pa.int64()).cast(pa.timestamp(unit, tz=tz))
    got = next_actions(names, other, AT).to_pylist()
    for row in [*got, *expected]:
        for column in ("phase_ends_at", "deadline"):
            if row[column] is not None and not isinstance(row[column], datetime):
                row[column] = row[column].to_pydatetime()  # pandas Timestamp for ns
    assert got == expected


def test_nanoseconds_are_compared_exactly() -> None:
    # One nanosecond before, at and after the expiry instant `at`.
    at_ns = (AT - datetime(1970, 1, 1, tzinfo=UTC)) // US * 1000
    expires = pa.array([at_ns - 1, at_ns, at_ns + 1], pa.timestamp("ns", tz="UTC"))
    result = next_actions(pa.array(["a.com"] * 3), expires, AT)
    assert result.column("phase").to_pylist() == ["renewal-grace", "renewal-grace", "active"]
    ends = result.column("phase_ends_at").cast(pa.int64()).to_pylist()
    assert ends == [at_ns - 1 + 30 * 86400 * 10**9, at_ns + 30 * 86400 * 10**9, at_ns + 1]


def test_nanosecond_phase_end_past_2262_is_a_row_error() -> None:
    late = pa.array([2**63 - 2], pa.timestamp("ns", tz="UTC"))
    row = next_actions(pa.array(["a.com"]), late, "2262-04-11T23:50:00Z").to_pylist()[0]
    assert row["phase"] is None and "2262" in row["error"]


def test_the_schema_and_dictionaries() -> None:
    result = next_actions(
        pa.array(["a.com"]), pa.array([AT], pa.timestamp("ms", tz="Europe/Berlin")), AT
    )
    assert result.schema == result_schema("ms")
    assert result.column("phase").dictionary.to_pylist()[0] == "active"


def test_empty_and_all_null_batches() -> None:
    empty = next_actions(pa.array([], pa.string()), pa.array([], pa.timestamp("us", "UTC")), AT)
    assert empty.num_rows == 0 and empty.schema == result_schema("us")
    nulls = next_actions(
        pa.array([None, None], pa.string()), pa.array([None, None], pa.timestamp("us", "UTC")), AT
    )
    assert all(value is None for row in nulls.to_pylist() for value in row.values())


def test_name_kinds_sliced_chunked_dictionary_large_and_view() -> None:
    names = pa.array(["skip.com", "a.com", "例子.中国", None, "www.example.com"])
    expires = pa.array([AT] * 5, pa.timestamp("us", "UTC"))
    expected = next_actions(names.slice(1), expires.slice(1), AT).to_pylist()
    for kind in (
        pa.chunked_array([names.slice(1, 2), names.slice(3)]),
        names.slice(1).cast(pa.large_string()),
        names.slice(1).dictionary_encode(),
        names.slice(1).cast(pa.string_view()),
    ):
        assert next_actions(kind, pa.chunked_array([expires.slice(1)]), AT).to_pylist() == expected
    assert expected[1]["phase"] == "renewal-grace"
    assert "below the registrable level" in expected[3]["error"]


def test_the_batch_function_keeps_the_columns() -> None:
    batch = pa.record_batch(
        {
            "name": ["a.cn", "b.hk"],
            "expires_at": pa.array([AT, AT], pa.timestamp("us", "UTC")),
            "id": [1, 2],
        }
    )
    later = AT + timedelta(days=40)
    out = add_next_actions(batch, later)
    assert out.schema.names == ["name", "expires_at", "id", *COLUMNS]
    assert out.column("phase").to_pylist() == [
        lifecycle_of(name, AT).phase_at(later).value for name in ("a.cn", "b.hk")
    ]
    with pytest.raises(InvalidCountError, match="no column 'domain'"):
        add_next_actions(batch, AT, name="domain")
    with pytest.raises(InvalidCountError, match="already has the column"):
        add_next_actions(out, AT)


def test_naive_timestamps_are_refused_or_read_in_the_given_zone() -> None:
    names = pa.array(["a.com", "b.com", "c.com"])
    wall = pa.array(
        [datetime(2025, 3, 1, 6), datetime(2024, 3, 31, 2, 30), datetime(2024, 10, 27, 2, 30)],
        pa.timestamp("us"),
    )
    with pytest.raises(NaiveDatetimeError, match="zone="):
        next_actions(names, wall, AT)
    rows = next_actions(names, wall, AT, zone="Europe/Berlin").to_pylist()
    reference_row = reference("a.com", datetime(2025, 3, 1, 5, tzinfo=UTC), AT, 30)
    assert rows[0] == reference_row
    # The spring gap and the autumn repeat name no single instant: row errors.
    assert "skipped or repeated in Europe/Berlin" in rows[1]["error"]
    assert "skipped or repeated" in rows[2]["error"]
    shanghai = next_actions(names.slice(0, 1), wall.slice(0, 1), AT, zone="+08:00").to_pylist()
    assert shanghai[0] == reference("a.com", datetime(2025, 2, 28, 22, tzinfo=UTC), AT, 30)
    with pytest.raises(InvalidInstantError, match="zone"):
        next_actions(names, wall, AT, zone="Mars/Base")


def test_wrong_arguments_raise_for_the_batch() -> None:
    names = pa.array(["a.com"])
    stamps = pa.array([AT], pa.timestamp("us", "UTC"))
    with pytest.raises(ArgumentTypeError, match="expected timestamps"):
        next_actions(names, pa.array(["2025-01-01T00:00:00Z"]), AT)
    with pytest.raises(ArgumentTypeError, match="expected text"):
        next_actions(pa.array([1]), stamps, AT)
    with pytest.raises(ArgumentTypeError):
        next_actions(["a.com"], stamps, AT)
    with pytest.raises(InvalidCountError, match="2 values for 1 names"):
        next_actions(names, pa.array([AT, AT], pa.timestamp("us", "UTC")), AT)
    with pytest.raises(NaiveDatetimeError):
        next_actions(names, stamps, "2025-01-01T00:00:00")
    with pytest.raises(DomainRulesError):
        next_actions(names, stamps, AT, rules="no-such-rules")


def test_rules_are_applied() -> None:
    uk = DEFAULT_RULE_SET.with_family(
        DEFAULT_RULE_SET.family("gtld").__class__(
            "nominet", frozenset({"uk"}), DEFAULT_RULE_SET.family("gtld").lifecycle, False
        )
    )
    names = pa.array(["a.uk", "b.co.uk"])
    stamps = pa.array([AT, AT], pa.timestamp("us", "UTC"))
    assert "no rules for .uk" in next_actions(names, stamps, AT).column("error")[0].as_py()
    assert next_actions(names, stamps, AT, rules=uk).column("phase").to_pylist() == [
        "renewal-grace",
        "renewal-grace",
    ]


def test_every_label_before_every_suffix_in_one_batch() -> None:
    # One batch of every combination: the fast path, the hyphen check, the labels that
    # are rules below a suffix and the slow path side by side, each row as lifecycle_of.
    names = [f"{label}.{suffix}" for label in LABELS for suffix in SUFFIXES]
    expiries = [AT - timedelta(days=days) + delta for days in (0, 30, 45) for delta in (US, -US)]
    rows = [(name, expiry) for name in names for expiry in expiries]
    result = next_actions(
        pa.array([name for name, _ in rows]),
        pa.array([expiry for _, expiry in rows], pa.timestamp("us", tz="UTC")),
        AT,
    )
    for (name, expiry), got in zip(rows, result.to_pylist(), strict=True):
        assert got == reference(name, expiry, AT, 30), (name, expiry)
