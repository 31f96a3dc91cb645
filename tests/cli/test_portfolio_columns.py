"""The columnar Parquet path (``_portfolio_columns``) against the row path.

``portfolio`` reads a Parquet file a record batch at a time and writes CSV, JSON Lines
or Parquet from whole columns. The row path (every row turned into Python values,
classified and written one by one) is the obviously-correct reference: for every
generated export and set of options the two must give the same exit status, the same
bytes out and the same lines on stderr (bad rows, findings and their summaries, in the
same order). Batches are made small so that the state carried from batch to batch
(duplicates, how many of a kind were shown, Parquet row groups) is exercised.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domainrules.cli import _portfolio_read, _portfolio_write, portfolio
from tests.cli.helpers import run_in_process

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
np = pytest.importorskip("numpy")

from domainrules.cli import _portfolio_columns as columns  # noqa: E402

AT = datetime(2025, 6, 1, tzinfo=timezone.utc)

NAMES = [
    "example.com",
    "Example.COM",
    "example.com.",
    "EXAMPLE.com",
    "name-1.net",
    "a.org",
    "x.cn",
    "y.com.cn",
    "z.hk",
    "例子.中国",
    "例子.xn--fiqs8s",
    "xn--fiqs8s.cn",
    "Bücher.de",
    "b.xyz",
    "c.me",
    " spaced.com",
    "tab.com\t",
    "bad_name.com",
    "-lead.com",
    "a..com",
    "com.cn",
    "x.uk",
    "nodot",
    "",
    "x" * 64 + ".com",
    "ab--cd.com",
    "comma,name.com",
    None,
]
GOOD = NAMES[:15]
names = st.one_of(st.sampled_from(GOOD), st.sampled_from(GOOD), st.sampled_from(NAMES))
STATUSES = ["Normal", "Expired", "Redemption Period", "pendingDelete", "clientHold", "", None]
# Cells a writer must quote or escape: commas, quotes, line breaks, control
# characters, non-ASCII text, a lone surrogate-free emoji.
TEXTS = st.one_of(
    st.none(),
    st.none(),
    st.sampled_from(["Holder", "", "Doe, John", 'say "hi"', "two\nlines", "cr\rhere", "é", "😀"]),
    st.text(max_size=6),
)
hours = st.integers(-200 * 24, 400 * 24)
good_expiries = st.one_of(
    hours.map(lambda h: AT + timedelta(hours=h)),
    st.integers(-200, 400).map(lambda days: AT + timedelta(days=days)),
    st.tuples(hours, st.integers(1, 999_999)).map(
        lambda t: AT + timedelta(hours=t[0], microseconds=t[1])
    ),
)
expiries = st.one_of(
    good_expiries,
    good_expiries,
    good_expiries,
    st.none(),
    st.just(datetime(1, 1, 1, tzinfo=timezone.utc)),
    st.just(datetime(9999, 12, 31, tzinfo=timezone.utc)),
)
rows = st.lists(
    st.tuples(names, st.sampled_from(STATUSES), expiries, TEXTS),
    min_size=1,
    max_size=40,
)
options = st.fixed_dictionaries(
    {
        "at": st.sampled_from(["2025-06-01T00:00:00Z", "2025-06-01", "2025-06-01T13:30:00+08:00"]),
        "only": st.sampled_from([None, "redemption", "renew,redeem", "active", "gone"]),
        "due": st.sampled_from([None, 0, 30]),
        "to": st.sampled_from(["csv", "jsonl", "parquet"]),
        "renew": st.sampled_from([None, 0, 60]),
        "column": st.sampled_from(
            ["timestamp", "timestamp", "timestamp-ms", "shanghai", "naive", "text", "date"]
        ),
        "batch": st.sampled_from([3, 7, 16_384]),
        "sort": st.sampled_from([None, None, *portfolio.SORT_KEYS]),
        "strict": st.sampled_from([False, False, False, True]),
        "status": st.booleans(),
    }
)


def _write_parquet(path: Path, data: list[tuple[Any, ...]], column: str, status: bool) -> None:
    instants = [e for _, _, e, _ in data]
    if column == "timestamp":
        expires = pa.array(instants, pa.timestamp("us", tz="UTC"))
    elif column == "timestamp-ms":
        expires = pa.array(
            [None if e is None else e.replace(microsecond=0) for e in instants],
            pa.timestamp("ms", tz="UTC"),
        )
    elif column == "shanghai":
        expires = pa.array(instants, pa.timestamp("us", tz="Asia/Shanghai"))
    elif column == "naive":
        expires = pa.array(
            [None if e is None else e.replace(tzinfo=None) for e in instants], pa.timestamp("us")
        )
    elif column == "date":
        expires = pa.array([None if e is None else e.date() for e in instants], pa.date32())
    else:  # text as an export writes it: --date-format
        expires = pa.array(
            [None if e is None else e.strftime("%Y/%m/%d %H:%M:%S") for e in instants],
            pa.string(),
        )
    table = {
        "Domain Name": pa.array([n for n, _, _, _ in data], pa.string()),
        "Domain Type": pa.array([len(str(n)) for n, _, _, _ in data], pa.int32()),
        "Registration Date": pa.array([date(2020, 1, 1)] * len(data), pa.date32()),
        "Expiration Date": expires,
        "Registrant": pa.array([r for _, _, _, r in data], pa.string()),
    }
    if status:
        table["Status"] = pa.array([s for _, s, _, _ in data], pa.string())
    pq.write_table(pa.table(table), path, row_group_size=11)


def _run(args: list[str], output: Path | None, *, mode: str) -> tuple[int, bytes, str]:
    """Exit status, what was written (stdout, or the --output file), stderr; ``mode``:
    "columns" (the columnar path), "refused" (the columnar path, every batch refused
    by the Arrow path: each row classified on its own) or "rows" (the row path)."""
    patches: list[Any] = []
    if mode == "rows":
        patches.append(mock.patch.object(portfolio, "_COLUMNAR_TO", frozenset()))
    if mode == "refused":
        patches.append(mock.patch.object(_portfolio_read, "_batch_arrays", lambda *a: None))
    return run_in_process(args, output, patches)


@contextlib.contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def _args(folder: Path, data: list[tuple[Any, ...]], chosen: dict[str, Any]) -> list[str]:
    path = folder / "export.parquet"
    _write_parquet(path, data, chosen["column"], chosen["status"])
    args = ["portfolio", str(path), "--at", chosen["at"], "--to", chosen["to"]]
    if chosen["to"] == "parquet":
        args += ["--output", str(folder / "out.parquet")]
    if chosen["column"] in ("naive", "date"):
        args += ["--zone", "Asia/Shanghai"]
    if chosen["column"] == "text":
        args += ["--date-format", "%Y/%m/%d %H:%M:%S", "--zone", "+08:00"]
    if chosen["only"]:
        args += ["--only", chosen["only"]]
    if chosen["due"] is not None:
        args += ["--due-within", str(chosen["due"])]
    if chosen["renew"] is not None:
        args += ["--renew-within", str(chosen["renew"])]
    if chosen["sort"]:
        args += ["--sort", chosen["sort"]]
    if chosen["strict"]:
        args.append("--strict")
    return args


def _compare(args: list[str], output: Path | None, batch: int) -> None:
    with (
        mock.patch.object(_portfolio_read, "_PARQUET_BATCH", batch),
        mock.patch.object(_portfolio_write._ParquetWriter, "BATCH", 5),
    ):
        expected = _run(args, output, mode="rows")
        assert _run(args, output, mode="columns") == expected
        assert _run(args, output, mode="refused") == expected


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rows, chosen=options)
def test_columns_and_rows_write_the_same(
    data: list[tuple[Any, ...]], chosen: dict[str, Any]
) -> None:
    with _folder() as folder:
        args = _args(folder, data, chosen)
        output = folder / "out.parquet" if chosen["to"] == "parquet" else None
        _compare(args, output, chosen["batch"])


@pytest.mark.parametrize("sort", [None, *portfolio.SORT_KEYS])
@pytest.mark.parametrize("to", ["csv", "jsonl", "parquet"])
def test_many_of_each_finding_across_batches(tmp_path: Path, to: str, sort: str | None) -> None:
    """Duplicates and contradictions past the first few, bad rows of several kinds,
    spread over many batches: counted in all, the first few shown, in row order."""
    data = []
    for i in range(60):
        name = ["a.com", "b.cn", "bad_name.com", "A.COM.", f"n{i}.net"][i % 5]
        expires = AT - timedelta(days=(i * 7) % 45, hours=i % 4)
        data.append((name, ["Normal", "Expired", None][i % 3], expires, "x"))
    path = tmp_path / "e.parquet"
    _write_parquet(path, data, "timestamp", True)
    output = tmp_path / "out.parquet" if to == "parquet" else None
    args = ["portfolio", str(path), "--at", "2025-06-01", "--to", to]
    if output is not None:
        args += ["--output", str(output)]
    if sort is not None:
        args += ["--sort", sort]
    _compare(args, output, 4)
    status, _, err = _run(args, output, mode="columns")
    assert status == portfolio.EXIT_BAD_ROWS
    assert "findings in all: a duplicate name" in err


def test_the_columnar_path_is_taken(tmp_path: Path) -> None:
    """The differential tests compare two paths, not one path with itself."""
    data = [("example.com", "Normal", AT, "x"), ("bad_name.com", None, AT, "y")]
    path = tmp_path / "e.parquet"
    _write_parquet(path, data, "timestamp", True)
    calls: list[int] = []
    real = columns.classify_columns

    def spy(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    with mock.patch.object(columns, "classify_columns", spy):
        _run(["portfolio", str(path), "--at", "2025-06-01", "--to", "csv"], None, mode="columns")
        _run(["portfolio", str(path), "--at", "2025-06-01", "--to", "table"], None, mode="columns")
    assert calls == [1]  # the table is written row by row


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-2_208_988_800_000_000, 221_845_392_000_000_000), st.booleans()),
        max_size=30,
    )
)
def test_iso_texts_is_isoformat(values: list[tuple[int, bool]]) -> None:
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    us = np.array([v for v, _ in values], dtype=np.int64)
    valid = np.array([ok for _, ok in values], dtype=bool)
    expected = [(epoch + timedelta(microseconds=v)).isoformat() if ok else None for v, ok in values]
    assert columns.iso_texts(us, valid).to_pylist() == expected


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), max_size=20), max_size=6))
def test_seen_keys_is_a_set_of_first_lines(batches: list[list[int]]) -> None:
    """SeenKeys against a dict: the line each key was first seen on, 0 when new."""
    seen = columns.SeenKeys()
    reference: dict[int, int] = {}
    line = 0
    for batch in batches:
        lines = np.arange(line + 1, line + 1 + len(batch), dtype=np.int64)
        got = seen.add(np.array(batch, dtype=np.uint64), lines).tolist()
        expected = []
        for key, at in zip(batch, lines.tolist(), strict=True):
            expected.append(reference.get(key, 0))
            reference.setdefault(key, at)
        assert got == expected
        line += len(batch)


def test_utc_timestamps_as_text_are_the_casts() -> None:
    """The shortcut for timestamp[UTC] columns writes what Arrow's cast writes."""
    values = [0, -5, 1_735_689_600_123_456, -2_208_988_800_000_000, None]
    for unit, scale in (("s", 1_000_000), ("ms", 1_000), ("us", 1), ("ns", 1)):
        array = pa.array(
            [None if v is None else (v // scale if unit != "ns" else v * 1000) for v in values],
            pa.timestamp(unit, tz="UTC"),
        )
        expected = pa.compute.cast(array, pa.string())
        assert _portfolio_read._as_text(array).to_pylist() == expected.to_pylist()
