"""The command line's trust boundary: no input, file name or output encoding gives a traceback.

Every subcommand is driven with hostile arguments and files; each run must end with
exit 0, 1 or 2 and no traceback (70 would be a bug of ours: this test lists it).
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from domainrules.cli import EPILOG, main
from domainrules.cli._policies import MAX_DOCUMENT_BYTES
from domainrules.cli.portfolio import MAX_LINE_BYTES

AT = "2025-04-01T00:00:00Z"
DOMAIN = {"name": "example.com", "expires_at": "2027-03-01T00:00:00Z"}
REGISTRATION = {"registrant": {"kind": "individual", "name": "Doc"}, "account": "1"}
POLICY = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": "domain:*", "Resource": "*"}],
}

HOSTILE_INSTANTS = [
    "2025-01-01T00:00:00+24:00",
    "2025-01-01T00:00:00-24:00",
    "2025-01-01T00:00:00+23:60",
    "2025-01-01T00:00:00",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "",
    "\udcff",
    "9" * 5000,
    "2025-01-01T00:00:00Z" + " " * 100_000,
]
HOSTILE_NAMES = ["", ".", "\udcff.com", "a" * 300 + ".com", "例子.中国", "-x-.com", "com", "\x00"]
# What a JSON file may hold that a program reading it carelessly trips over.
HOSTILE_DOCUMENTS = {
    "digits": '{"name": "example.com", "expires_at": ' + "9" * 5000 + "}",
    "deep": "[" * 100_000 + "]" * 100_000,
    "deep-object": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "nan": '{"name": "example.com", "expires_at": NaN}',
    "huge-float": '{"name": "example.com", "expires_at": 1e999}',
    "big-int": '{"name": "example.com", "expires_at": "2027-03-01T00:00:00Z", "created_at": 99999999999999999999}',
    "surrogate": '{"name": "\\udcff.com", "expires_at": "2027-03-01T00:00:00Z"}',
    "wrong-types": '{"name": ["example.com"], "expires_at": {"x": 1}, "statuses": "ok"}',
    "null": "null",
    "array": "[]",
    "string": '"x"',
    "not-json": "{",
    "offset": '{"name": "example.com", "expires_at": "2027-03-01T00:00:00+24:00"}',
    "nested-statuses": '{"name": "example.com", "expires_at": "2027-03-01T00:00:00Z", "statuses": [[[["x"]]]]}',
    "registration-deep": '{"registrant": {"kind": {"kind": {"kind": 1}}}, "account": 1e308}',
}


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    """``main(args)`` in this process: (exit status, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            status = main(list(args))
        except SystemExit as exit_info:  # argparse's usage errors
            status = exit_info.code if isinstance(exit_info.code, int) else 2
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    yield run


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths: dict[str, str] = {}

    def put(name: str, data: str | bytes) -> None:
        path = tmp_path / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", errors="surrogatepass")
        paths[name] = str(path)

    put("domain.json", json.dumps(DOMAIN))
    put("registration.json", json.dumps(REGISTRATION))
    put("policy.json", json.dumps(POLICY))
    for key, text in HOSTILE_DOCUMENTS.items():
        put(f"{key}.json", text)
    put("latin1.json", '{"name": "café.com"}'.encode("latin-1"))
    put("utf16.json", json.dumps(DOMAIN).encode("utf-16"))
    put("export.csv", "domain,expires\nexample.com,2026-01-01T00:00:00Z\n")
    put("export.jsonl", '{"domain": "example.com", "expires": "2026-01-01T00:00:00Z"}\n')
    put("hostile.csv", _hostile_csv())
    put("hostile.jsonl", _hostile_jsonl())
    put("bad-bytes.csv", b"domain,expires\n\xff\xfe,x\nexample.com,2026-01-01T00:00:00Z\n")
    put("empty.csv", "")
    paths["missing"] = str(tmp_path / "missing.json")
    paths["directory"] = str(tmp_path)
    paths["undecodable-name"] = os.fsdecode(bytes(tmp_path) + b"/\xff\xfe.json")
    paths["dev-null"] = os.devnull
    return paths


def _hostile_csv() -> str:
    rows = [
        "domain,expires,notes",
        'example.com,"2026-01-01T00:00:00Z,x',  # a quote that is never closed
        "\udcff.com,2026-01-01T00:00:00Z,x",
        "example.com,2026-01-01T00:00:00+24:00,x",
        "example.com," + "9" * 5000 + ",x",
        "a" * 300 + ".com,2026-01-01T00:00:00Z,x",
        "example.com,2026-01-01T00:00:00Z",
        "example.com,2026-01-01T00:00:00Z,x,y",
        'x,"a""b"c,d',
        "\x00,\x00,\x00",
        "example.com,0001-01-01T00:00:00+23:59,x",
        "example.com,2026-01-01T00:00:00Z,ok",
    ]
    return "\n".join(rows) + "\n"


def _hostile_jsonl() -> str:
    return "\n".join(
        [*HOSTILE_DOCUMENTS.values(), '{"domain": "ok.com", "expires": "2026-01-01T00:00:00Z"}']
    )


def _commands(files: dict[str, str]) -> Iterator[list[str]]:
    hostile_files = [files[k] for k in files if k not in ("export.csv", "export.jsonl")]
    for instant in HOSTILE_INSTANTS:
        yield ["timeline", "example.com", "--expires", instant]
        yield ["timeline", "example.com", "--expires", AT, "--at", instant]
        yield ["transfer-check", files["domain.json"], "--at", instant]
        yield ["portfolio", files["export.csv"], "--at", instant]
        yield ["change", files["registration.json"], files["registration.json"],
               "--domain", "example.com", "--expires", instant]  # fmt: skip
        yield ["change", files["registration.json"], files["registration.json"],
               "--domain", files["domain.json"], "--at", instant]  # fmt: skip
    for name in HOSTILE_NAMES:
        yield ["timeline", name, "--expires", AT]
        yield ["rules", name]
        yield ["rules", "alibaba-2022", "--svg", name]
        yield ["authorize", "--policy", files["policy.json"], "--api", name, "--account", "1",
               "--domain", name]  # fmt: skip
        yield ["authorize", "--policy", files["policy.json"], "--api", "QueryDomainList",
               "--account", name, "--context", name]  # fmt: skip
        yield ["permitted", "--policy", files["policy.json"], "--account", "1", "--domain", name]
        yield ["permitted", "--owner", name, "--account", name]
        yield ["authorize", "--owner", name, "--api", "QueryDomainList", "--account", "1"]
        yield ["least-privilege", "--api", name, "--account", name, "--domain", name]
        yield ["change", files["registration.json"], files["registration.json"],
               "--domain", name, "--expires", AT]  # fmt: skip
    for path in hostile_files:
        yield ["transfer-check", path, "--at", AT]
        yield ["change", path, files["registration.json"], "--domain", files["domain.json"]]
        yield ["change", files["registration.json"], path, "--domain", path]
        yield ["authorize", "--policy", path, "--api", "QueryDomainList", "--account", "1"]
        yield ["permitted", "--policy", path, "--account", "1"]
        yield ["lint", path]
        yield ["portfolio", path, "--at", AT, "--format", "csv"]
        yield ["portfolio", path, "--at", AT, "--format", "json", "--json"]
    for encoding in ("utf-16", "utf-32", "ascii", "gbk", "utf-7", "rot13", "base64", "nope"):
        yield ["portfolio", files["hostile.csv"], "--at", AT, "--encoding", encoding]
    for zone in (
        "+24:00",
        "-23:60",
        "Mars/Olympus",
        os.path.join(os.pardir, os.pardir, "etc", "passwd"),
        "\udcff",
        "9" * 5000,
    ):
        yield ["portfolio", files["export.csv"], "--at", AT, "--zone", zone]
    for number in ("-1", "9" * 5000, "1e3", "", "٣"):
        yield ["portfolio", files["export.csv"], "--at", AT, "--renew-within", number]
        yield ["change", files["registration.json"], files["registration.json"],
               "--domain", files["domain.json"], "--typo-edits", number]  # fmt: skip
    yield ["portfolio", files["hostile.csv"], "--at", AT, "--json", "--zone", "Asia/Shanghai"]
    yield ["portfolio", files["hostile.jsonl"], "--at", AT, "--json"]
    yield ["change", files["registration.json"], files["registration.json"],
           "--domain", files["domain.json"], "--policy-version", "\udcff"]  # fmt: skip
    yield ["authorize", "--policy", files["policy.json"], "--api", "QueryDomainList",
           "--account", "1", "--catalog", "\udcff", "--context", "acs:MFAPresent=maybe"]  # fmt: skip


def test_every_subcommand_with_hostile_input_exits_0_1_or_2_without_a_traceback(
    cli: Run, files: dict[str, str]
) -> None:
    failures = []
    commands = list(_commands(files))
    assert {c[0] for c in commands} >= {
        "timeline", "rules", "portfolio", "change", "transfer-check",
        "authorize", "permitted", "least-privilege", "lint",
    }  # fmt: skip
    for args in commands:
        status, _, err = cli(*args)
        # 4: portfolio read some rows and skipped the bad ones.
        allowed = (0, 1, 2, 4) if args[0] == "portfolio" else (0, 1, 2)
        if status not in allowed or "Traceback" in err:
            failures.append((status, [a[:60] for a in args], err[-300:]))
        elif status == 2:
            # One line naming what is wrong (portfolio: one line per bad row, then a total).
            assert err.strip(), args
    assert not failures, "\n".join(map(repr, failures))


@pytest.mark.parametrize("offset", ["+24:00", "-24:00", "+23:60"])
@pytest.mark.parametrize("option", ["--expires", "--at"])
def test_impossible_offsets_name_the_option(cli: Run, offset: str, option: str) -> None:
    args = {"--expires": AT, "--at": AT}
    args[option] = "2025-01-01T00:00:00" + offset
    status, _, err = cli("timeline", "example.com", *itertools.chain(*args.items()))
    assert status == 2
    assert err.startswith(f"domainrules timeline: error: {option}: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("digits", "line 1, column 39: a 5,000-digit number; at most 40 digits"),
        ("deep", "line 1, column 65: nested more than 64 deep"),
        ("nan", "NaN is not JSON"),
        ("huge-float", "1e999 is out of the range of a number"),
        ("offset", "$.expires_at: expires_at: '2027-03-01T00:00:00+24:00'"),
        ("big-int", "created_at"),
    ],
)
def test_records_beyond_the_limits_are_bad_input(
    cli: Run, files: dict[str, str], document: str, message: str
) -> None:
    path = files[f"{document}.json"]
    status, _, err = cli("transfer-check", path, "--at", AT)
    assert status == 2, err
    assert err.startswith(f"domainrules transfer-check: error: {path}: ")
    assert message in err
    assert err.count("\n") == 1


def test_file_names_missing_a_directory_and_undecodable(cli: Run, files: dict[str, str]) -> None:
    for key, message in [
        ("missing", "No such file or directory"),
        ("directory", "is a directory"),
        ("undecodable-name", "No such file or directory"),
    ]:
        for args in (["transfer-check", files[key]], ["lint", files[key]]):
            status, _, err = cli(*args)
            assert status == 2, (key, err)
            assert message.lower() in err.lower(), (key, err)
            assert "Traceback" not in err
    status, _, err = cli("portfolio", files["directory"], "--format", "csv")
    assert status == 2 and "is a directory" in err.lower()


def test_a_huge_policy_file_is_refused_by_its_size_before_it_is_read(
    cli: Run, tmp_path: Path
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:  # sparse: 300 MB on paper, nothing on disk
        stream.truncate(300 * 1024 * 1024)
    tracemalloc.start()
    try:
        status, _, err = cli("lint", str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 2
    assert f"314,572,800 bytes is more than the {MAX_DOCUMENT_BYTES:,} bytes" in err
    assert peak < 4 * 1024 * 1024
    status, _, err = cli("authorize", "--policy", str(path), "--api", "x", "--account", "1")
    assert status == 2 and "314,572,800 bytes" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_before_it_is_read(cli: Run) -> None:
    tracemalloc.start()
    try:
        status, _, err = cli("lint", "/dev/zero")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 2 and "/dev/zero: is a character device, not a regular file" in err
    assert peak < 4 * MAX_DOCUMENT_BYTES


def test_an_internal_error_exits_70_with_one_line_asking_for_a_report(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from domainrules.cli import timeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(timeline, "lifecycle_of", broken)
    status, _, err = cli("timeline", "example.com", "--expires", AT)
    assert status == 70
    assert err.startswith("domainrules timeline: internal error (RuntimeError: a bug\\nover two")
    assert "please report it" in err
    assert err.count("\n") == 1
    assert "70 internal error" in EPILOG


def _child(*args: str | bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "domainrules", *args],
        capture_output=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def test_an_ascii_output_encoding_escapes_what_it_cannot_show() -> None:
    args = ("timeline", "例子.中国", "--expires", AT, "--at", AT)
    done = _child(*args, PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    assert b"\\u4f8b\\u5b50" in done.stdout
    # JSON stays the same JSON: \\u escapes instead of the characters.
    utf8 = _child(*args, "--json", PYTHONIOENCODING="utf-8")
    ascii_ = _child(*args, "--json", PYTHONIOENCODING="ascii")
    assert ascii_.returncode == 0 and ascii_.stdout.isascii()
    assert json.loads(ascii_.stdout) == json.loads(utf8.stdout.decode("utf-8"))
    # An error message with a name the stream cannot encode.
    done = _child("timeline", "例子.uk", "--expires", AT, PYTHONIOENCODING="ascii")
    assert done.returncode == 2 and b"Traceback" not in done.stderr


def test_undecodable_bytes_in_a_file_name_and_a_lone_surrogate_in_output(tmp_path: Path) -> None:
    name = bytes(tmp_path) + b"/\xff\xfe.csv"
    with open(name, "wb") as stream:
        stream.write(b"domain,expires,notes\nexample.com,2026-01-01T00:00:00Z,x\n")
    done = _child("portfolio", name, "--at", AT)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    done = _child("portfolio", bytes(tmp_path) + b"/\xff.csv", "--at", AT)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    # A JSON line may spell a lone surrogate; it reaches the output as an escape.
    export = tmp_path / "e.jsonl"
    export.write_text(
        '{"domain": "example.com", "expires": "2026-01-01T00:00:00Z", "registrant": "\\udcff"}\n'
    )
    for encoding in ("utf-8", "ascii"):
        done = _child("portfolio", str(export), "--at", AT, PYTHONIOENCODING=encoding)
        assert done.returncode == 0 and b"Traceback" not in done.stderr
        done = _child("portfolio", str(export), "--at", AT, "--json", PYTHONIOENCODING=encoding)
        assert done.returncode == 0 and b"Traceback" not in done.stderr
        assert json.loads(done.stdout.splitlines()[0])["registrant"] == "\udcff"


def test_utf16_on_a_utf8_file_and_a_utf16_file(cli: Run, tmp_path: Path) -> None:
    text = "domain,expires\nexample.com,2026-01-01T00:00:00Z\n"
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text(text + "x\n", encoding="utf-8")  # an odd number of bytes
    status, _, err = cli("portfolio", str(utf8), "--at", AT, "--encoding", "utf-16")
    assert status == 2 and "Traceback" not in err
    assert f"{utf8}:1: " in err
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text(text, encoding="utf-16")
    status, out, err = cli("portfolio", str(utf16), "--at", AT, "--encoding", "utf-16")
    assert status == 0, err
    assert out.splitlines()[1].startswith("example.com,2026-01-01T00:00:00Z,active,")
    status, out, err = cli("portfolio", str(utf16), "--at", AT)
    assert status == 2 and "--encoding" in err


def test_a_closed_pipe_mid_portfolio_is_quiet(tmp_path: Path) -> None:
    rows = "".join(f"d{i}.com,2026-01-01T00:00:00Z\n" for i in range(50_000))
    path = tmp_path / "e.csv"
    path.write_text("domain,expires\n" + rows, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "domainrules", "portfolio", str(path), "--at", AT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.read(100)
    child.stdout.close()
    err = child.stderr.read()
    child.wait(timeout=120)
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert child.returncode == 0


def test_the_line_cap_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"{MAX_LINE_BYTES:,} bytes" in docs
    assert f"{MAX_DOCUMENT_BYTES:,} bytes" in docs
    assert "| 70 |" in docs or "`70`" in docs


# --- records: one spelling of each key, regular files, closed streams -------------


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_key_twice_in_a_json_record_is_exit_2_naming_the_key(cli: Run, tmp_path: Path) -> None:
    # The last value would win silently: a lock listed, then an empty list of statuses.
    domain = _write(
        tmp_path,
        "domain.json",
        '{"name": "example.com", "expires_at": "2027-03-01T00:00:00Z", '
        '"statuses": ["clientTransferProhibited"], "statuses": []}',
    )
    registration = _write(tmp_path, "registration.json", json.dumps(REGISTRATION))
    policy = _write(
        tmp_path,
        "policy.json",
        '{"Version": "1", "Statement": [{"Effect": "Deny", "Effect": "Allow", '
        '"Action": "domain:*", "Resource": "*"}]}',
    )
    export = _write(
        tmp_path,
        "export.jsonl",
        '{"domain": "a.com", "expires": "2027-01-01T00:00:00Z", "domain": "b.com"}\n',
    )
    for args, key in [
        (["transfer-check", domain, "--at", AT], "statuses"),
        (["change", "--domain", domain, registration, registration, "--at", AT], "statuses"),
        (["lint", policy], "Effect"),
        (["diff", policy, policy], "Effect"),
        (["portfolio", export, "--at", AT], "domain"),
    ]:
        status, _, err = cli(*args)
        assert status == 2, (args, err)
        assert f'the key "{key}" appears twice' in err, (args, err)
        assert err.count("\n") == 1, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_not_read_forever(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for args in (
        ["portfolio", str(fifo), "--format", "csv"],
        ["lint", str(fifo)],
        ["transfer-check", str(fifo)],
    ):
        # No writer ever opens the FIFO: a command that opened it to read would hang.
        done = subprocess.run(
            [sys.executable, "-m", "domainrules", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "is a FIFO (named pipe), not a regular file" in done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("redirect", "message"),
    [(">&-", "standard output is closed"), ("2>&-", "standard error is closed")],
)
def test_closed_standard_streams_give_one_line_and_exit_2(
    tmp_path: Path, redirect: str, message: str
) -> None:
    export = _write(tmp_path, "e.csv", "domain,expires\na.com,2027-01-01T00:00:00Z\n")
    for command in (f"portfolio {export}", "timeline example.com --expires 2025-01-01T00:00:00Z"):
        done = subprocess.run(
            f"'{sys.executable}' -m domainrules {command} {redirect}",
            shell=True,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2
        said = (done.stdout + done.stderr).strip()
        assert said == f"domainrules: error: {message}", said


def test_a_closed_stdin_and_an_unknown_encoding_give_one_line(tmp_path: Path) -> None:
    export = _write(tmp_path, "e.csv", "domain,expires\na.com,2027-01-01T00:00:00Z\n")
    for command, message in [
        ("portfolio - <&-", "standard input is closed"),
        (f"portfolio {export} --encoding nope", "--encoding: unknown encoding 'nope'"),
    ]:
        done = subprocess.run(
            f"'{sys.executable}' -m domainrules {command}",
            shell=True,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
