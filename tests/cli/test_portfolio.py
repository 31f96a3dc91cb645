"""``domainrules portfolio``: registrar exports in, classified rows out."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules import Phase, PhaseClassifier, lifecycle_of
from domainrules.bulk import PreReleaseCheck
from domainrules.cli import main
from domainrules.cli.portfolio import field_for_header, parse_expiry
from domainrules.rulesets import DEFAULT_RULE_SET, PreRelease, RuleSet
from tests.cli.helpers import run_cli

AT = "2025-04-01T00:00:00Z"

EXPORT = """\
Domain Name,Domain Type,Status,Registration Date,Expiration Date,Registrant
example.cn,ccTLD,Normal,2020-03-01,2025-03-01T06:00:00+08:00,DocExample
example.com,gTLD,Normal,2019-01-01,2025-01-01T00:00:00Z,DocExample
example.hk,ccTLD,Normal,2020-01-01,2025-03-20T00:00:00+08:00,DocExample
renew-soon.net,gTLD,Normal,2020-01-01,2025-04-20T00:00:00Z,DocExample
later.org,gTLD,Normal,2020-01-01,2026-04-20T00:00:00Z,DocExample
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[list[str]], str]:
    status = main(["portfolio", *args, "--at", AT])
    captured = capsys.readouterr()
    return status, list(csv.reader(io.StringIO(captured.out))), captured.err


def test_csv_rows_come_back_with_phase_days_left_action_group_and_pre_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, rows, err = run(capsys, write(tmp_path, "export.csv", EXPORT))
    assert status == 1  # some domains need action
    assert rows[0][-7:-2] == ["phase", "days_left", "action", "group", "pre_release"]
    assert rows[0][-2:] == ["phase_ends_at", "deadline"]
    assert rows[0][:2] == ["Domain Name", "Domain Type"]
    added = {row[0]: row[-7:-2] for row in rows[1:]}
    assert added == {
        "example.cn": ["redemption", "-32", "redeem", "to be redeemed", "possible"],
        "example.com": ["released", "-90", "gone", "", ""],
        "example.hk": ["renewal-grace", "-13", "renew now", "to be renewed", ""],
        "renew-soon.net": ["active", "19", "renew", "to be renewed", ""],
        "later.org": ["active", "384", "", "", ""],
    }
    # The summary goes to stderr, so that stdout stays a clean CSV.
    assert "5 rows at 2025-04-01T00:00:00+00:00 (alibaba-2022)" in err
    assert "to be renewed   2" in err
    assert "to be redeemed  1" in err


def test_json_lines_end_with_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["portfolio", write(tmp_path, "export.csv", EXPORT), "--at", AT, "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1  # some domains need action
    assert lines[0]["line"] == 2
    assert lines[0]["name"] == "example.cn"
    assert lines[0]["registrant"] == "DocExample"
    assert lines[0]["expires_at"] == "2025-02-28T22:00:00+00:00"
    assert (lines[0]["phase"], lines[0]["days_left"], lines[0]["action"]) == (
        "redemption",
        -32,
        "redeem",
    )
    # A JSON boolean, on every row.
    assert [line["pre_release"] for line in lines[:-1]] == [True, False, False, False, False]
    summary = lines[-1]["summary"]
    assert summary["rows"] == 5 and summary["bad_rows"] == 0
    assert summary["phases"]["active"] == 2
    assert summary["groups"] == {"to be renewed": 2, "to be redeemed": 1}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Domain Name", "name"),
        ("domain", "name"),
        ("DOMAIN_NAME", "name"),
        ("域名", "name"),
        ("Expiration Date", "expires"),
        ("expires", "expires"),
        ("expiry_date", "expires"),
        ("到期时间", "expires"),
        ("Registration Date", "registered"),
        ("Registrant", "registrant"),
        ("Domain Type", "type"),
        ("Status", "status"),
        ("Notes", None),
    ],
)
def test_accepted_headers(header: str, field: str | None) -> None:
    assert field_for_header(header) == field


def test_json_lines_are_read_one_line_at_a_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        {"domain": "example.cn", "expires": "2025-03-01T06:00:00+08:00", "extra": [1, 2]},
        {"domain": "later.org", "expires": "2026-04-20T00:00:00Z"},
    ]
    path = write(tmp_path, "export.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    status, rows, _ = run(capsys, path)
    assert status == 1  # some domains need action
    assert rows[0] == [
        "name", "type", "status", "registered", "expires", "registrant",
        "phase", "days_left", "action", "group", "pre_release", "phase_ends_at", "deadline",
    ]  # fmt: skip
    assert [(r[0], r[6]) for r in rows[1:]] == [
        ("example.cn", "redemption"),
        ("later.org", "active"),
    ]


def test_a_json_array_is_refused_with_the_conversion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [{"domain": "a.com", "expires": "2026-01-01T00:00:00Z"}]
    path = write(tmp_path, "export.json", "\n" + json.dumps(records, indent=2))
    status, _, err = run(capsys, path)
    assert status == 2
    assert f"{path}:2: a JSON array; portfolio reads JSON Lines" in err
    assert "jq -c '.[]'" in err


def test_bad_rows_are_reported_with_their_line_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXPORT + (
        "bad_name.com,gTLD,Normal,2020-01-01,2026-01-01T00:00:00Z,X\n"
        "example.uk,ccTLD,Normal,2020-01-01,2026-01-01T00:00:00Z,X\n"
        "naive.com,gTLD,Normal,2020-01-01,2026-01-01 08:00,X\n"
        "nodate.com,gTLD,Normal,2020-01-01,,X\n"
        "short,row\n"
        ",gTLD,Normal,2020-01-01,2026-01-01T00:00:00Z,X\n"
        "late.com,gTLD,Normal,2020-01-01,tomorrow,X\n"
    )
    path = write(tmp_path, "export.csv", text)
    status, rows, err = run(capsys, path)
    assert status == 4
    assert len(rows) == 6  # the header and the five good rows
    for line, message in [
        (7, "label 'bad_name' is not valid"),
        (8, "example.uk: rule set 'alibaba-2022' has no rules for .uk"),
        (9, "no UTC offset; say which zone the export's dates are in with --zone"),
        (10, "nodate.com: no expiration date"),
        (11, "2 cells, expected 6"),
        (12, "no domain name"),
        (13, "'tomorrow' is not an ISO 8601 date"),
    ]:
        assert f"{path}:{line}: " in err and message in err, (line, err)
    assert "7 bad rows skipped" in err


def test_strict_stops_at_the_first_bad_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "export.csv", EXPORT.replace("2025-01-01T00:00:00Z", "2025-01-01"))
    status, rows, err = run(capsys, path, "--strict")
    assert status == 2
    assert f"{path}:3: example.com: column 'Expiration Date': '2025-01-01' has no UTC offset" in err
    assert "stopped at the first bad row (--strict)" in err
    assert [r[0] for r in rows[1:]] == ["example.cn"]


def test_naive_dates_need_an_explicit_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "domain,expires\nexample.cn,2025-03-01 06:00:00\nexample.com,2025-03-01\n"
    path = write(tmp_path, "export.csv", text)
    status, _, err = run(capsys, path)
    assert status == 2 and err.count("no UTC offset") == 2
    status = main(["portfolio", path, "--at", AT, "--json", "--zone", "Asia/Shanghai"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1  # some domains need action
    assert lines[0]["expires_at"] == "2025-02-28T22:00:00+00:00"
    # A bare date is the start of that day in the zone.
    assert lines[1]["expires_at"] == "2025-02-28T16:00:00+00:00"
    main(["portfolio", path, "--at", AT, "--json", "--zone", "+08:00"])
    assert json.loads(capsys.readouterr().out.splitlines()[0])["expires_at"] == (
        "2025-02-28T22:00:00+00:00"
    )


def test_parse_expiry_accepts_iso_with_offset_and_z() -> None:
    assert parse_expiry("2025-01-01T00:00:00Z", None).isoformat() == "2025-01-01T00:00:00+00:00"
    with pytest.raises(ValueError, match="outside the years"):
        parse_expiry("9999-01-01T00:00:00Z", None)


def test_a_date_format_without_an_offset_needs_the_zone() -> None:
    with pytest.raises(ValueError) as caught:
        parse_expiry("2027/02/15", None, date_format="%Y/%m/%d")
    assert str(caught.value) == (
        "'2027/02/15' has no UTC offset; say which zone the export's dates are in with --zone"
    )
    shanghai = timezone(timedelta(hours=8))
    read = parse_expiry("2027/02/15 10:00", shanghai, date_format="%Y/%m/%d %H:%M")
    assert read == datetime(2027, 2, 15, 2, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="outside the years 1900-9000"):
        parse_expiry("0001/01/01 00:00", timezone.utc, date_format="%Y/%m/%d %H:%M")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--zone", "Mars/Olympus"], "--zone: 'Mars/Olympus' is neither an IANA time zone"),
        (["--rules", "nope"], "--rules: no rule set 'nope'"),
        (["--encoding", "nope"], "--encoding: unknown encoding 'nope'"),
        (["--renew-within", "-1"], "--renew-within: '-1' is not a whole number from 0 to 3650"),
        (["--renew-within", "9" * 5000], "--renew-within"),
        (["--encoding", "rot13"], "--encoding: 'rot13' is not a text encoding"),
        (["--zone", "+05:75"], "--zone"),
        (["--at", "2025-01-01T00:00:00+24:00"], "--at: "),
        (["--at", "2025-02-30"], "--at: '2025-02-30' is not a date"),
        (["--date-format", "%Y/%m"], "--date-format: '%Y/%m' needs a year, month and day"),
    ],
)
def test_bad_options_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    try:
        status = main(["portfolio", write(tmp_path, "e.csv", EXPORT), *args])
    except SystemExit as exit_info:  # argparse's own checks
        status = int(str(exit_info.code))
    assert status == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("e.csv", "", "e.csv: empty file, expected a header row"),
        ("e.csv", "Name Server,Notes\nns1.example.com,x\n", "no column for name and expires"),
        ("e.txt.gz", "x", "cannot tell the format from the name"),
        ("e.json", '[{"domain": "a.com", "expires": "2025-01-01T00:00:00Z"}', "a JSON array"),
        ("e.json", "1", "expected a JSON object, not int"),
        ("e.jsonl", '{"domain": "a.com",\n', "not JSON"),
    ],
)
def test_bad_files_exit_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, message: str
) -> None:
    status = main(["portfolio", write(tmp_path, name, text), "--at", AT])
    assert status == 2
    err = capsys.readouterr().err
    assert message in err
    assert name in err


def test_line_numbers_count_physical_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = 'domain,expires,notes\na.com,2026-01-01T00:00:00Z,"two\nlines"\nbad_.com,2026-01-01T00:00:00Z,x\n'
    path = write(tmp_path, "e.csv", text)
    _, _, err = run(capsys, path)
    assert f"{path}:4: " in err
    lines = '{"domain": "a.com", "expires": "2026-01-01T00:00:00Z"}\n\n{"domain": "b_.com", "expires": "2026-01-01T00:00:00Z"}\n'
    path = write(tmp_path, "e.json", lines)
    _, _, err = run(capsys, path)
    assert f"{path}:3: " in err


def test_a_byte_order_mark_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(EXPORT.encode("utf-8-sig"))
    done = run_cli("portfolio", str(path), "--at", AT)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("Domain Name,")
    done = run_cli("portfolio", "-", "--at", AT, "--json", stdin=EXPORT)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["summary"]["rows"] == 5


def test_text_that_is_not_utf8_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("域名,到期时间\n例子.中国,2025-03-01T06:00:00+08:00\n".encode("gbk"))
    done = run_cli("portfolio", str(path), "--at", AT)
    assert done.returncode == 2
    assert "not utf-8-sig text" in done.stderr and "--encoding" in done.stderr
    done = run_cli("portfolio", str(path), "--at", AT, "--encoding", "gbk")
    assert done.returncode == 1, done.stderr
    assert "例子.中国" in done.stdout


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    rows = "".join(f"d{i}.com,2026-01-01T00:00:00Z\n" for i in range(20000))
    done = run_cli("portfolio", write(tmp_path, "e.csv", "domain,expires\n" + rows), "--at", AT)
    assert done.returncode == 0
    assert "\r" not in done.stderr
    assert done.stdout.count("\n") == 20001


def test_rows_with_the_wrong_number_of_cells_are_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Padding or cutting them would put phase, days_left and action under other headers.
    text = "domain,expires,notes\na.com,2026-01-01T00:00:00Z\nb.com,2026-01-01T00:00:00Z,x,y\nc.com,2026-01-01T00:00:00Z,ok\n"
    path = write(tmp_path, "e.csv", text)
    status, rows, err = run(capsys, path)
    assert status == 4
    assert f"{path}:2: 2 cells, expected 3" in err
    assert f"{path}:3: 4 cells, expected 3" in err
    assert rows[1:] == [
        [
            "c.com",
            "2026-01-01T00:00:00Z",
            "ok",
            "active",
            "275",
            "",
            "",
            "",
            *["2026-01-01T00:00:00+00:00"] * 2,
        ]
    ]


def test_an_unterminated_quote_spoils_its_own_line_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "domain,expires,notes\n"
        'a.com,2026-01-01T00:00:00Z,"never closed\n'
        "b.com,2026-01-01T00:00:00Z,x\n"
        "c.com,2026-01-01T00:00:00Z,x\n"
        "d.com,2026-01-01T00:00:00Z,x\n"
    )
    path = write(tmp_path, "e.csv", text)
    status, rows, err = run(capsys, path)
    assert status == 4
    assert f"{path}:2: a quoted cell is never closed" in err
    assert [r[0] for r in rows[1:]] == ["b.com", "c.com", "d.com"]
    assert "1 bad rows skipped" in err


def test_a_quote_closed_lines_later_with_the_wrong_cells_gives_back_the_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "domain,expires,notes\n"
        'a.com,2026-01-01T00:00:00Z,"opened\n'
        "b.com,2026-01-01T00:00:00Z,x\n"
        'c.com,2026-01-01T00:00:00Z,"closed" here"\n'
        "d.com,2026-01-01T00:00:00Z,x\n"
    )
    path = write(tmp_path, "e.csv", text)
    status, rows, err = run(capsys, path)
    assert status == 4
    assert f"{path}:2: " in err  # the first line is the bad row
    assert [r[0] for r in rows[1:]] == ["b.com", "d.com"]
    assert f"{path}:4: " in err  # c.com's own stray quote


def test_a_quoted_cell_over_two_lines_is_one_row_named_by_its_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "domain,expires,notes\n"
        'a.com,2026-01-01T00:00:00Z,"two\nlines"\n'
        'bad_.com,2026-01-01T00:00:00Z,"also\ntwo"\n'
    )
    path = write(tmp_path, "e.csv", text)
    status, rows, err = run(capsys, path)
    assert status == 4
    assert rows[1][:3] == ["a.com", "2026-01-01T00:00:00Z", "two\nlines"]
    assert f"{path}:4-5: " in err
    main(["portfolio", path, "--at", AT, "--json"])
    assert json.loads(capsys.readouterr().out.splitlines()[0])["line"] == 2


def test_bytes_that_are_not_the_encoding_spoil_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(
        b"domain,expires\na.com,2026-01-01T00:00:00Z\n\xff\xfe.com,x\nb.com,2026-01-01T00:00:00Z\n"
    )
    status, rows, err = run(capsys, str(path))
    assert status == 4
    assert f"{path}:3: not utf-8-sig text (invalid start byte at byte 1 of the line)" in err
    assert [r[0] for r in rows[1:]] == ["a.com", "b.com"]


def test_a_long_line_is_a_bad_row_read_in_flat_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import tracemalloc

    from domainrules.cli.portfolio import MAX_LINE_BYTES

    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("domain,expires,notes\na.com,2026-01-01T00:00:00Z,")
        for _ in range(20):  # a 20 MiB line
            stream.write("x" * (1 << 20))
        stream.write("\nb.com,2026-01-01T00:00:00Z,x\n")
    for extra in ([], ["--json"], ["--format", "json"]):
        # Once untraced first: what a first run sets up once (pyarrow's modules and
        # kernels, caches) is not the line, and depends on what ran before.
        main(["portfolio", str(path), "--at", AT, *extra])
        capsys.readouterr()
        tracemalloc.start()
        try:
            status = main(["portfolio", str(path), "--at", AT, *extra])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        err = capsys.readouterr().err
        # Read as JSON Lines, no line is a record: no good row, the input could not be read.
        assert status == (2 if "--format" in extra else 4)
        assert f"{path}:2: a line of 20,971,548 bytes, more than the {MAX_LINE_BYTES:,}" in err
        assert peak < 2 * 1024 * 1024, peak  # the line is 20 MiB
    path.write_bytes(path.read_bytes().decode("utf-8").encode("utf-16"))
    tracemalloc.start()
    try:
        status = main(["portfolio", str(path), "--at", AT, "--encoding", "utf-16"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    captured = capsys.readouterr()
    assert status == 4 and f"{path}:2: a line of" in captured.err
    assert captured.out.splitlines()[1].startswith("b.com,")
    assert peak < 2 * 1024 * 1024, peak


def test_json_lines_go_on_after_a_bad_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        '{"domain": "a.com", "expires": "2026-01-01T00:00:00Z"}',
        '{"domain": "b.com", "expires": ' + "9" * 5000 + "}",
        "[" * 10_000,
        '{"domain": "c.com", "expires": NaN}',
        '{"domain": "d.com", "expires": "2026-01-01T00:00:00+24:00"}',
        '{"domain": ["e.com"], "expires": "2026-01-01T00:00:00Z"}',
        '{"domain": "f.com", "expires": "2026-01-01T00:00:00Z"',
        '{"domain": "g.com", "expires": "2026-01-01T00:00:00Z"}',
    ]
    path = write(tmp_path, "e.jsonl", "\n".join(lines) + "\n")
    status = main(["portfolio", path, "--at", AT, "--json"])
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert status == 4
    assert [r["name"] for r in out[:-1]] == ["a.com", "g.com"]
    assert out[-1]["summary"]["bad_rows"] == 6
    for line, message in [
        (2, "a 5,000-digit number"),
        (3, "nested more than 64 deep"),
        (4, "NaN is not JSON"),
        (5, "is not an ISO 8601 date or date-time"),
        (6, "<list>"),
        (7, "not JSON"),
    ]:
        assert f"{path}:{line}: " in captured.err and message in captured.err, (line, message)


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-01T06:00:00+08:00",
        "2025-03-01 06:00:00Z",
        "20250301T060000Z",
        "2025-W09-6T06:00:00Z",
        "2025-03-01T06:00+08:00",
        "2025-03-01T06:00:00.123456-05:30",
    ],
)
def test_expiries_are_read_by_the_librarys_instant_parser(text: str) -> None:
    from domainrules.instants import to_utc

    assert parse_expiry(text, None) == to_utc(text)


@pytest.mark.parametrize("text", ["2025/03/01T06:00:00Z", "2025-3-1T06:00:00Z", "tomorrow"])
def test_spellings_the_instant_parser_refuses_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not an ISO 8601 date or date-time"):
        parse_expiry(text, timezone.utc)


# --- pre-release --------------------------------------------------------------

_SUFFIXES = ("com", "net", "cn", "com.cn", "xn--fiqs8s", "hk", "xyz", "COM.", "中国")


def _late_listing_rules() -> RuleSet:
    # A gTLD family listed only from day 3 of redemption, and .hk never listed.
    gtld, hk = DEFAULT_RULE_SET.family("gtld"), DEFAULT_RULE_SET.family("hk")
    late = attrs.evolve(gtld.lifecycle, pre_release=PreRelease(from_redemption_day=3))
    rules = DEFAULT_RULE_SET.with_family(attrs.evolve(gtld, lifecycle=late))
    return rules.with_family(
        attrs.evolve(hk, lifecycle=attrs.evolve(hk.lifecycle, pre_release=None))
    )


@settings(max_examples=300)
@given(
    suffix=st.sampled_from(_SUFFIXES),
    seconds=st.integers(min_value=-120 * 86_400, max_value=10 * 86_400),
    late=st.booleans(),
)
def test_pre_release_answers_as_the_lifecycle_does(suffix: str, seconds: int, late: bool) -> None:
    # The bulk answer (classifier + the per-suffix check) against one Lifecycle per domain.
    rules = _late_listing_rules() if late else DEFAULT_RULE_SET
    at = datetime(2025, 4, 1, tzinfo=timezone.utc)
    expires = at + timedelta(seconds=seconds)
    name = f"example.{suffix}"
    check = PreReleaseCheck(at, rules=rules)
    phase = PhaseClassifier(at, rules=rules)(name, expires)
    bulk = phase is Phase.REDEMPTION and check(name, expires)
    assert bulk == lifecycle_of(name, expires, rules=rules).may_be_pre_released_at(at)
    # Asked again, from the cache: the same.
    assert (phase is Phase.REDEMPTION and check(name, expires)) == bulk


def test_pre_release_is_empty_where_the_family_has_none_and_waits_for_its_day() -> None:
    rules = _late_listing_rules()
    at = datetime(2025, 4, 1, tzinfo=timezone.utc)
    check = PreReleaseCheck(at, rules=rules)
    # 31 days after expiry: day 1 of a .com redemption; listable from day 3 only.
    assert not check("example.com", at - timedelta(days=31))
    assert check("example.com", at - timedelta(days=33))
    assert not check("example.hk", at - timedelta(days=40))
    assert check("example.cn", at - timedelta(days=31))


def test_pre_release_in_json_is_a_boolean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = "domain,expires\nexample.com,2025-02-10T00:00:00Z\nexample.net,2025-03-20T00:00:00Z\n"
    status = main(["portfolio", write(tmp_path, "x.csv", export), "--at", AT, "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1  # some domains need action
    assert [(r["phase"], r["pre_release"]) for r in lines[:-1]] == [
        ("redemption", True),
        ("renewal-grace", False),
    ]


def test_parquet_is_never_read_from_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    # Parquet's index is at the file's end: a pipe cannot be read that way.
    assert main(["portfolio", "-", "--format", "parquet", "--at", AT]) == 2
    assert "Parquet cannot be read from stdin" in capsys.readouterr().err


@pytest.mark.parametrize("stdin", [None, io.StringIO("domain,expires\n")])
def test_stdin_that_is_closed_or_has_no_file_is_bad_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: object
) -> None:
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["portfolio", "-", "--at", AT]) == 2
    assert "standard input is closed; pass the file's name instead of -" in capsys.readouterr().err


def test_parquet_is_never_written_to_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("domainrules.cli.portfolio._is_terminal", lambda stream: True)
    export = write(tmp_path, "e.csv", EXPORT)
    assert main(["portfolio", export, "--to", "parquet", "--at", AT]) == 2
    assert "--to parquet: stdout is a terminal" in capsys.readouterr().err


def test_a_nul_in_a_cell_is_written_as_it_is_on_every_python(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Python 3.10's csv writer cannot write a NUL (an internal error before); later
    # Pythons write it as it is, unquoted, and so does every version now.
    path = tmp_path / "nul.jsonl"  # JSON Lines: 3.10's csv reader refuses a NUL
    path.write_text(
        '{"domain": "a.com", "expires": "2026-01-01T00:00:00Z", "registrant": "x\\u0000y,z"}\n'
    )
    assert main(["portfolio", str(path), "--at", AT, "--to", "csv"]) in (0, 1)
    line = capsys.readouterr().out.splitlines()[1]
    assert line.startswith('a.com,,,,2026-01-01T00:00:00Z,"x\x00y,z",')


def test_csv_rows_write_what_the_csv_module_writes() -> None:
    import csv
    import io

    from domainrules.cli._portfolio_write import CsvRows, _minimal

    # (A lone "\r" is left out: 3.13 quotes it, 3.10 and 3.11 do not.)
    for row in (["a", 'b"c', "d,e", "f\ng", "", None, 3, 1.5, "h i"], ["x"]):
        expected = io.StringIO()
        csv.writer(expected, lineterminator="\n").writerow(row)
        assert ",".join(map(_minimal, row)) + "\n" == expected.getvalue()
        written = io.StringIO()
        CsvRows(written).writerow(row)
        assert written.getvalue() == expected.getvalue()
