"""Parquet batches (``domainrules.arrow.classify_batch``) against the row path.

The Parquet reader classifies a batch at a time; rows the batch refuses go through the
row path. Every generated export is run twice, once with batches and once with every
row classified on its own (the slow, obviously-correct reference), and the exit
status, the rows written and every line on stderr (bad rows, findings, summaries) must
be the same.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domainrules.cli import _portfolio_read, main, portfolio

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

AT = datetime(2025, 6, 1, tzinfo=timezone.utc)

NAMES = [
    "example.com",
    "Example.COM",
    "example.com.",
    "name-1.net",
    "a.org",
    "x.cn",
    "y.com.cn",
    "z.hk",
    "例子.中国",
    "例子.xn--fiqs8s",
    "xn--fiqs8s.cn",
    "b.xyz",
    "c.me",
    " spaced.com",
    "tab.com\t",
    "bad_name.com",
    "-lead.com",
    "a..com",
    "com.cn",
    "gov.cn",
    "x.uk",
    "nodot",
    "",
    "x" * 64 + ".com",
    "ab--cd.com",
    None,
]
GOOD = NAMES[:13]
# Mostly good names, so that most exports have good rows beside the bad ones.
names = st.one_of(st.sampled_from(GOOD), st.sampled_from(GOOD), st.sampled_from(NAMES))
STATUSES = ["Normal", "Expired", "Redemption Period", "pendingDelete", "clientHold", "", None]

# A rule set whose two versions differ for .com: each .com row's expiry picks one, so
# the batch refuses .com rows and the row path classifies them.
VERSIONED = """
format = 1
name = "versioned"
extends = "alibaba-2022"

[[versions]]
valid_from = 2025-04-01T00:00:00+00:00
selected_by = "expiry"

  [[versions.families]]
  name = "gtld"
  registrar = { renewal_grace = { days = 45 } }
"""

good_expiries = st.one_of(
    st.integers(-200 * 24, 400 * 24).map(lambda hours: AT + timedelta(hours=hours)),
    st.integers(-200, 400).map(lambda days: AT + timedelta(days=days)),  # whole days
)
expiries = st.one_of(
    good_expiries,
    good_expiries,
    st.none(),
    st.just(datetime(1, 1, 1, tzinfo=timezone.utc)),
    st.just(datetime(9999, 12, 31, tzinfo=timezone.utc)),
)
rows = st.lists(
    st.tuples(names, st.sampled_from(STATUSES), expiries),
    min_size=1,
    max_size=40,
)
options = st.fixed_dictionaries(
    {
        "at": st.sampled_from(["2025-06-01T00:00:00Z", "2025-06-01", "2025-06-01T13:30:00+08:00"]),
        "only": st.sampled_from([None, "redemption", "renew,redeem", "active"]),
        "due": st.sampled_from([None, 0, 30]),
        "sort": st.sampled_from([None, "name", "deadline", "action", "phase"]),
        "to": st.sampled_from(["csv", "jsonl", "table"]),
        "renew": st.sampled_from([None, 0, 60]),
        "versioned": st.booleans(),
        "column": st.sampled_from(["timestamp", "timestamp", "naive", "text"]),
    }
)


def _write_parquet(path: Path, data: list[tuple[Any, Any, Any]], column: str) -> None:
    names = pa.array([n for n, _, _ in data], pa.string())
    statuses = pa.array([s for _, s, _ in data], pa.string())
    instants = [e for _, _, e in data]
    if column == "timestamp":
        expires = pa.array(instants, pa.timestamp("us", tz="UTC"))
    elif column == "naive":
        expires = pa.array(
            [None if e is None else e.replace(tzinfo=None) for e in instants], pa.timestamp("us")
        )
    else:  # text as an export writes it: --date-format
        expires = pa.array(
            [None if e is None else e.strftime("%Y/%m/%d %H:%M:%S") for e in instants],
            pa.string(),
        )
    table = pa.table({"Domain Name": names, "Status": statuses, "Expiration Date": expires})
    pq.write_table(table, path, row_group_size=7)  # several batches per file


def _run(args: list[str], *, batches: bool) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        # The row path, with and without its batch answers (the columnar path has its
        # own differential test: test_portfolio_columns.py).
        stack.enter_context(mock.patch.object(portfolio, "_COLUMNAR_TO", frozenset()))
        if not batches:
            stack.enter_context(
                mock.patch.object(
                    _portfolio_read, "_batch_answers", lambda names, *rest: [None] * len(names)
                )
            )
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            status = main(args)
        except SystemExit as exit_:
            status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def _args(folder: Path, data: list[tuple[Any, Any, Any]], chosen: dict[str, Any]) -> list[str]:
    path = folder / "export.parquet"
    _write_parquet(path, data, chosen["column"])
    args = ["portfolio", str(path), "--at", chosen["at"], "--to", chosen["to"]]
    if chosen["column"] == "naive":
        args += ["--zone", "Asia/Shanghai"]
    if chosen["column"] == "text":
        args += ["--date-format", "%Y/%m/%d %H:%M:%S", "--zone", "+08:00"]
    if chosen["only"]:
        args += ["--only", chosen["only"]]
    if chosen["due"] is not None:
        args += ["--due-within", str(chosen["due"])]
    if chosen["sort"]:
        args += ["--sort", chosen["sort"]]
    if chosen["renew"] is not None:
        args += ["--renew-within", str(chosen["renew"])]
    if chosen["versioned"]:
        rules = folder / "versioned.toml"
        rules.write_text(VERSIONED, encoding="utf-8")
        args += ["--rules-file", str(rules)]
    return args


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rows, chosen=options)
def test_batches_and_rows_say_the_same(
    data: list[tuple[Any, Any, Any]], chosen: dict[str, Any]
) -> None:
    with _folder() as folder:
        args = _args(folder, data, chosen)
        assert _run(args, batches=True) == _run(args, batches=False)


def test_the_batch_path_is_taken(tmp_path: Path) -> None:
    """The differential test compares two paths, not one path with itself."""
    data = [("example.com", "Normal", AT), ("bad_name.com", None, AT), ("x.cn", None, None)]
    path = tmp_path / "e.parquet"
    _write_parquet(path, data, "timestamp")
    seen: list[list[Any]] = []
    real = _portfolio_read._batch_answers

    def spy(*args: Any) -> list[Any]:
        seen.append(real(*args))
        return seen[-1]

    with mock.patch.object(_portfolio_read, "_batch_answers", spy):
        status, _, err = _run(["portfolio", str(path), "--at", "2025-06-01"], batches=True)
    assert status == portfolio.EXIT_BAD_ROWS
    answered = [found is not None for batch in seen for found in batch]
    assert answered == [True, False, False]  # the bad name and the null expiry: row path
    assert "bad_name" in err and "no expiration date" in err


def test_a_versioned_suffix_goes_row_by_row(tmp_path: Path) -> None:
    """Versions that differ for .com: the batch refuses the rows, the row path answers
    them, and no row is reported bad."""
    rules = tmp_path / "v.toml"
    rules.write_text(VERSIONED, encoding="utf-8")
    data = [("a.com", None, AT - timedelta(days=50)), ("b.net", None, AT - timedelta(days=50))]
    path = tmp_path / "e.parquet"
    _write_parquet(path, data, "timestamp")
    args = ["portfolio", str(path), "--at", "2025-06-01T00:00:00Z", "--rules-file", str(rules)]
    status, out, err = _run([*args, "--to", "csv"], batches=True)
    assert "bad rows" not in err.split("phase / group")[0]
    assert "a.com" in out and "b.net" in out
    assert (status, out, err) == _run([*args, "--to", "csv"], batches=False)


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(st.tuples(names, good_expiries), min_size=1, max_size=30),
    on_day=st.booleans(),
    renew_within=st.sampled_from([0, 30, 60]),
)
def test_classify_batch_is_classify_row_by_row(
    data: list[tuple[Any, datetime]], on_day: bool, renew_within: int
) -> None:
    """The library's batch answers, row by row, are PhaseClassifier.classify's; a row
    it gives no answer is one classify refuses (or a name with spaces, or a null)."""
    from domainrules.arrow import answers_as_classified, classify_batch
    from domainrules.bulk import PhaseClassifier
    from domainrules.errors import DomainRulesError

    classifier = (
        PhaseClassifier.on_day(AT.date()) if on_day else PhaseClassifier("2025-06-01T05:00:00Z")
    )
    batch = classify_batch(
        pa.array([n for n, _ in data], pa.string()),
        pa.array([e for _, e in data], pa.timestamp("us", tz="UTC")),
        classifier,
        renew_within=renew_within,
    )
    for (name, expires), found in zip(data, answers_as_classified(batch), strict=True):
        if found is None:
            if name is None or name != name.strip():
                continue
            with pytest.raises((DomainRulesError, UnicodeError, ValueError)):
                classifier.classify(name, expires, renew_within=renew_within)
        else:
            assert found == classifier.classify(name, expires, renew_within=renew_within)
