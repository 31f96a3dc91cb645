"""The columnar path on CSV input against the row path, byte for byte.

A UTF-8 CSV export is read in runs of plain lines split by Arrow; from the first line
that needs more (a quote, a carriage return, a blank line, a row of another width, a
line too long, bytes that are not UTF-8) the row path's own reader reads the rest.
Generated exports with all of these, read with a small buffer and a small line limit
(so that runs, their boundaries and the switch to the reader are all exercised), must
give the row path's exit status, output and stderr.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domainrules.cli import portfolio
from tests.cli.helpers import run_in_process

pytest.importorskip("pyarrow")

from domainrules.cli import _portfolio_columns, _portfolio_read

NAMES = [
    "example.com",
    "Example.COM",
    "example.com.",
    "name-1.net",
    "x.cn",
    "y.com.cn",
    "例子.中国",
    "Bücher.de",
    "b.xyz",
    " spaced.com",
    "bad_name.com",
    "x.uk",
    "",
]
EXPIRES = [
    "2025-05-20T00:00:00Z",
    "2025-03-01T06:00:00+08:00",
    "2025-06-20T10:30:00.250000+00:00",
    "2024-12-01T00:00:00Z",
    "2025-04-02",
    "2025-04-02 08:00",
    "2025/04/02",
    "N/A",
    "",
    "0001-01-01T00:00:00Z",
]
STATUSES = ["Normal", "Expired", "Redemption Period", "", "pendingDelete"]
good_line = st.builds(
    lambda n, s, e, r: f"{n},{s},{e},{r}\n",
    st.sampled_from(NAMES),
    st.sampled_from(STATUSES),
    st.sampled_from(EXPIRES),
    st.sampled_from(["Holder", "", "é", "x" * 30]),
)
odd_line = st.sampled_from(
    [
        "\n",
        "   \n",
        "only.com,Normal\n",
        "a.com,Normal,2025-05-20T00:00:00Z,x,extra\n",
        '"quoted.com",Normal,2025-05-20T00:00:00Z,"Doe, John"\n',
        '"multi.com",Normal,2025-05-20T00:00:00Z,"two\nlines"\n',
        '"never.com,Normal,2025-05-20T00:00:00Z,x\n',
        "crlf.com,Normal,2025-05-20T00:00:00Z,x\r\n",
        "long.com,Normal,2025-05-20T00:00:00Z," + "y" * 150 + "\n",
        "\ufeffbom.com,Normal,2025-05-20T00:00:00Z,x\n",
    ]
)
lines = st.lists(st.one_of(good_line, good_line, good_line, odd_line), min_size=0, max_size=40)
options = st.fixed_dictionaries(
    {
        "to": st.sampled_from(["csv", "jsonl", "parquet"]),
        "only": st.sampled_from([None, "redemption", "renew,redeem"]),
        "due": st.sampled_from([None, 30]),
        "sort": st.sampled_from([None, None, "name", "deadline", "action"]),
        "strict": st.sampled_from([False, False, False, True]),
        "zone": st.sampled_from([None, "Asia/Shanghai"]),
        "date_format": st.sampled_from([None, None, "%Y/%m/%d"]),
        "chunk": st.sampled_from([48, 97, 400, 1 << 20]),
        "bom": st.booleans(),
        "bad_bytes": st.booleans(),
        "end_newline": st.booleans(),
    }
)


def _run(args: list[str], output: Path | None, *, columns: bool) -> tuple[int, bytes, str]:
    patches: list[Any] = (
        [] if columns else [mock.patch.object(portfolio, "_COLUMNAR_TO", frozenset())]
    )
    return run_in_process(args, output, patches)


def _export(body: list[str], chosen: dict[str, Any]) -> bytes:
    text = "Domain Name,Status,Expiration Date,Registrant\n" + "".join(body)
    if not chosen["end_newline"] and text.endswith("\n") and body:
        text = text[:-1]
    data = text.encode("utf-8")
    if chosen["bom"]:
        data = b"\xef\xbb\xbf" + data
    if chosen["bad_bytes"] and body:
        data = data.replace(b"Holder", b"Hol\xffder", 1)
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=lines, chosen=options)
def test_columns_and_rows_read_csv_the_same(body: list[str], chosen: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "export.csv"
        path.write_bytes(_export(body, chosen))
        args = ["portfolio", str(path), "--at", "2025-04-01T00:00:00Z", "--to", chosen["to"]]
        output = None
        if chosen["to"] == "parquet":
            output = folder / "out.parquet"
            args += ["--output", str(output)]
        for flag, key in (
            ("--only", "only"),
            ("--due-within", "due"),
            ("--sort", "sort"),
            ("--zone", "zone"),
            ("--date-format", "date_format"),
        ):
            if chosen[key] is not None:
                args += [flag, str(chosen[key])]
        if chosen["strict"]:
            args.append("--strict")
        with (
            mock.patch.object(_portfolio_columns, "_CHUNK", chosen["chunk"]),
            mock.patch.object(_portfolio_read, "MAX_LINE_BYTES", 120),
            mock.patch.object(_portfolio_read, "_PARQUET_BATCH", 3),
            mock.patch.object(portfolio, "_COLUMNAR_CSV_BYTES", 0),
        ):
            expected = _run(args, output, columns=False)
            assert _run(args, output, columns=True) == expected


def test_the_columnar_path_reads_plain_csv(tmp_path: Path) -> None:
    """Plain lines are split by Arrow (the differential test compares two paths)."""
    path = tmp_path / "e.csv"
    path.write_text("domain,expires\na.com,2025-05-20T00:00:00Z\nb.net,2025-01-01\n")
    calls: list[int] = []
    real = _portfolio_columns._clean_piece

    def spy(*args: Any) -> Any:
        found = real(*args)
        calls.append(found is not None)
        return found

    with (
        mock.patch.object(_portfolio_columns, "_clean_piece", spy),
        mock.patch.object(portfolio, "_COLUMNAR_CSV_BYTES", 0),
    ):
        status, out, _ = _run(
            ["portfolio", str(path), "--at", "2025-04-01", "--to", "csv"], None, columns=True
        )
    assert calls == [True]
    assert status == 4  # b.net's date has no offset
    assert out.startswith(b"domain,expires,phase")


def test_a_small_csv_file_is_read_row_by_row(tmp_path: Path) -> None:
    """Below the size where loading pyarrow pays, and on a pipe, rows are read one by
    one (the same output: only the time differs)."""
    path = tmp_path / "e.csv"
    path.write_text("domain,expires\na.com,2025-05-20T00:00:00Z\n")
    with mock.patch.object(_portfolio_columns, "csv_pieces") as pieces:
        _run(["portfolio", str(path), "--at", "2025-04-01", "--to", "csv"], None, columns=True)
    pieces.assert_not_called()
