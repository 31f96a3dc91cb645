"""``domainrules portfolio`` decides and says so: exit statuses, filters, columns, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from domainrules import lifecycle_of
from domainrules.cli import main
from domainrules.cli.portfolio import EXIT_BAD_ROWS

AT = "2025-04-01T00:00:00Z"
EXPORT = """\
Domain Name,Status,Expiration Date
example.cn,Normal,2025-03-01T06:00:00+08:00
example.com,Normal,2025-01-01T00:00:00Z
example.hk,急需续费,2025-03-20T00:00:00+08:00
renew-soon.net,Normal,2025-04-20T00:00:00Z
later.org,Normal,2026-04-20T00:00:00Z
"""
QUIET = "Domain Name,Expiration Date\nlater.org,2026-04-20T00:00:00Z\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["portfolio", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def rows_of(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


# --- exit statuses ----------------------------------------------------------------


def test_exit_0_when_nothing_is_due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run(capsys, write(tmp_path, "q.csv", QUIET), "--at", AT)
    assert status == 0


def test_exit_1_when_domains_need_action(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, write(tmp_path, "e.csv", EXPORT), "--at", AT)
    assert status == 1
    assert "3 domains need action" in err  # renew-soon, example.hk (renew now), example.cn


def test_exit_1_follows_the_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "e.csv", EXPORT)
    # Only the released domain kept: nothing the holder can do, so nothing is due.
    status, out, _ = run(capsys, path, "--at", AT, "--only", "released")
    assert status == 0 and [r["Domain Name"] for r in rows_of(out)] == ["example.com"]
    # Due within 13 days: example.cn's redemption ends 2025-04-13T22:00Z; example.hk's
    # grace 2025-04-18, renew-soon.net expires 2025-04-20.
    status, out, _ = run(capsys, path, "--at", AT, "--due-within", "13")
    assert status == 1
    assert [r["Domain Name"] for r in rows_of(out)] == ["example.cn"]


def test_exit_2_when_nothing_could_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, str(tmp_path / "missing.csv"), "--at", AT)
    assert status == 2
    text = "domain,expires\n" + "a.com,2025-01-01T00:00:00\n" * 50
    status, _, err = run(capsys, write(tmp_path, "naive.csv", text), "--at", AT)
    assert status == 2 and "no row could be read" in err


def test_exit_4_when_some_rows_are_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = QUIET + "bad,N/A\n"
    status, out, _err = run(capsys, write(tmp_path, "e.csv", text), "--at", AT)
    assert status == EXIT_BAD_ROWS == 4
    assert len(rows_of(out)) == 1


def test_the_exit_statuses_are_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    section = docs[docs.index("## `portfolio`") :]
    for status in ("| 0 |", "| 1 |", "| 2 |", "| 4 |"):
        assert status in section, status


# --- columns, filters, sorting ----------------------------------------------------------


def test_the_phase_end_and_the_deadline_are_the_librarys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, write(tmp_path, "e.csv", EXPORT), "--at", AT)
    for row in rows_of(out):
        life = lifecycle_of(row["Domain Name"], row["Expiration Date"])
        ends, deadline = life.phase_ends_at(AT), life.deadline_at(AT)
        assert row["phase_ends_at"] == (ends.isoformat() if ends else "")
        assert row["deadline"] == (deadline.isoformat() if deadline else "")


@pytest.mark.parametrize(
    ("only", "names"),
    [
        ("redemption", ["example.cn"]),
        ("renew-now", ["example.hk"]),
        ("Renew Now", ["example.hk"]),
        ("renew,redeem", ["example.cn", "renew-soon.net"]),
        ("gone", ["example.com"]),
    ],
)
def test_only_takes_a_phase_or_an_action(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], only: str, names: list[str]
) -> None:
    _, out, _ = run(capsys, write(tmp_path, "e.csv", EXPORT), "--at", AT, "--only", only)
    assert [r["Domain Name"] for r in rows_of(out)] == names


def test_an_unknown_only_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["portfolio", "x.csv", "--only", "redeemed"])
    assert exit_info.value.code == 2
    assert "'redeemed' is neither a phase nor an action" in capsys.readouterr().err


def test_sort_by_deadline_puts_the_gone_last(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, write(tmp_path, "e.csv", EXPORT), "--at", AT, "--sort", "deadline")
    assert [r["Domain Name"] for r in rows_of(out)] == [
        "example.cn",
        "example.hk",
        "renew-soon.net",
        "later.org",
        "example.com",
    ]


# --- instants ------------------------------------------------------------------------


def test_at_takes_a_date_the_start_of_the_day_in_each_registrys_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Expiring at 2025-03-31T16:30Z. 2025-04-01 starts at 16:00Z in Shanghai (.cn): the
    # .cn domain is still active then; it starts at 00:00Z in UTC (.com): that one has
    # expired.
    text = "domain,expires\na.cn,2025-03-31T16:30:00Z\na.com,2025-03-31T16:30:00Z\n"
    _, out, err = run(capsys, write(tmp_path, "e.csv", text), "--at", "2025-04-01")
    phases = {r["domain"]: r["phase"] for r in rows_of(out)}
    assert phases == {"a.cn": "active", "a.com": "renewal-grace"}
    assert "at the start of 2025-04-01 in each domain's registry zone" in err
    _status, out, err = run(capsys, write(tmp_path, "e.csv", text), "--at", "2025-03-31")
    phases = {r["domain"]: r["phase"] for r in rows_of(out)}
    # 2025-03-31 00:00 in Shanghai is 2025-03-30T16:00Z: a.cn is active then, as is a.com.
    assert phases == {"a.cn": "active", "a.com": "active"}


@pytest.mark.parametrize(
    ("cell", "fmt"),
    [("2027/02/15", "%Y/%m/%d"), ("15.02.2027", "%d.%m.%Y")],
)
def test_date_format_reads_what_exports_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str, fmt: str
) -> None:
    path = write(tmp_path, "e.csv", f"domain,expires\na.com,{cell}\n")
    status, _, err = run(capsys, path, "--at", AT)
    assert status == 2
    assert f"'{cell}' is not an ISO 8601 date or date-time; for dates written like this " in err
    assert f"--date-format '{fmt}'" in err
    # One message saying all that is needed: the format and the zone, no parser's words.
    assert "and the zone they are in with --zone" in err and "Unable to parse" not in err
    status, out, _ = run(
        capsys, path, "--at", AT, "--date-format", fmt, "--zone", "UTC", "--to", "jsonl"
    )
    assert status == 0
    assert json.loads(out.splitlines()[0])["expires_at"] == "2027-02-15T00:00:00+00:00"


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("N/A", "column 'expires': 'N/A' is not an ISO 8601 date or date-time"),
        ("9999-01-01T00:00:00Z", "is outside the years 1900-9000"),
        ("2025-02-30T00:00:00Z", "'2025-02-30T00:00:00Z' is not an ISO 8601 date"),
    ],
)
def test_a_bad_cell_is_named_without_the_parsers_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str, said: str
) -> None:
    path = write(tmp_path, "e.csv", f"domain,expires\nok.com,2026-01-01T00:00:00Z\na.com,{cell}\n")
    status, _, err = run(capsys, path, "--at", AT)
    assert status == 4
    assert f"{path}:3: a.com: " in err and said in err
    assert "Unable to parse" not in err and "(" not in err.splitlines()[0]


def test_identical_errors_are_summarised_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(f"d{i}.com,2026-01-01 08:00\n" for i in range(5000))
    status, _, err = run(capsys, write(tmp_path, "e.csv", "domain,expires\n" + rows), "--at", AT)
    assert status == 2
    lines = err.splitlines()
    assert sum("has no UTC offset" in line for line in lines) == 4  # three shown, one total
    assert "5,000 bad rows in all: column 'expires': '…' has no UTC offset" in err
    assert "(the first at 2, 3, 4; 4,997 more not shown)" in err
    assert len(lines) < 20


# --- findings ------------------------------------------------------------------------


def test_duplicates_and_contradicting_statuses_are_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXPORT + "EXAMPLE.com.,Normal,2025-01-01T00:00:00Z\n"
    status, _, err = run(capsys, write(tmp_path, "e.csv", text), "--at", AT)
    assert status == 1
    assert ":7: finding: EXAMPLE.com. is also on line 3" in err
    # "Normal" on a domain in redemption; 急需续费 (renewal urgently needed) agrees.
    assert (
        ":2: finding: example.cn: the status column says 'Normal', but the domain is redemption"
        in err
    )
    assert "example.hk: the status column" not in err
    assert "findings: 1 duplicate names, 3 status cells that contradict" in err


# --- formats ------------------------------------------------------------------------


def test_json_lines_carry_the_new_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, write(tmp_path, "e.csv", EXPORT), "--at", AT, "--to", "jsonl")
    first = json.loads(out.splitlines()[0])
    assert first["phase_ends_at"] == "2025-04-13T22:00:00+00:00"
    assert first["deadline"] == "2025-04-13T22:00:00+00:00"


def test_a_table_fits_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from domainrules.cli import portfolio

    monkeypatch.setattr(portfolio, "_is_terminal", lambda stream: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda *a: os.terminal_size((80, 24)))
    _status, out, _ = run(capsys, write(tmp_path, "e.csv", EXPORT), "--at", AT, "--to", "table")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["name", "phase", "action"] or "phase" in lines[0]
    assert all(len(line) <= 80 for line in lines), lines
    assert any(line.startswith("example.cn") and "redemption" in line for line in lines)


def test_parquet_in_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out_path = tmp_path / "out.parquet"
    status, _, _ = run(
        capsys, write(tmp_path, "e.csv", EXPORT), "--at", AT, "--output", str(out_path)
    )
    assert status == 1
    table = pq.read_table(out_path)
    assert table.column("phase").to_pylist() == [
        "redemption",
        "released",
        "renewal-grace",
        "active",
        "active",
    ]
    # Read back: the Parquet file has name and expires (a UTC timestamp) columns.
    status, out, _ = run(capsys, str(out_path), "--at", AT, "--to", "csv")
    assert status == 1
    assert [r["phase"] for r in rows_of(out)] == table.column("phase").to_pylist()


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_arrow(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_arrow)
    path = tmp_path / "x.parquet"
    path.write_bytes(b"PAR1")
    status, _, err = run(capsys, str(path), "--at", AT)
    assert status == 2
    assert "[arrow] extra" in err and err.count("\n") == 1


# --- progress and the duplicate check ---------------------------------------------------


def test_progress_on_a_terminal_shows_total_rate_and_eta(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from domainrules.cli import portfolio

    monkeypatch.setattr(portfolio, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr(portfolio, "_PROGRESS_AFTER", 0)
    monkeypatch.setattr(portfolio, "_PROGRESS_EVERY", 0)
    rows = "".join(f"d{i}.com,2026-01-01T00:00:00Z\n" for i in range(40_000))
    path = write(tmp_path, "e.csv", "domain,expires\n" + rows)
    status, _, err = run(capsys, path, "--at", AT, "--to", "csv")
    assert status == 0
    size = Path(path).stat().st_size
    # tqdm's bar: the part read of the file's size, the rate and the time left.
    assert f"/{size / 1e6:.2f}M" in err or "/1.0" in err or "M [" in err, err[-500:]
    assert "B/s" in err and "<" in err and "rows" in err


@pytest.mark.parametrize("count", [1, 100, 5000])
def test_the_names_seen_agree_with_a_dict(count: int) -> None:
    import random

    from domainrules.cli._portfolio_findings import _Seen

    rng = random.Random(count)
    seen, reference = _Seen(), dict[int, int]()
    for line in range(2, 2 + 3 * count):
        # Python's hash() is a signed 64-bit int: both signs, and repeats.
        hashed = rng.randrange(-(2**63), 2**63) if rng.random() < 0.5 else rng.randrange(count)
        key = (hashed & 0xFFFF_FFFF_FFFF_FFFF) | 1
        assert seen.add(hashed, line) == reference.get(key, 0)
        reference.setdefault(key, line)
