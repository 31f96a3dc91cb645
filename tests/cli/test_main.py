"""The entry point: exit statuses, error messages without tracebacks, --help, --version."""

from __future__ import annotations

import pytest

from domainrules.cli import main
from tests.cli.helpers import run_cli


def test_module_entry_point_runs_the_quick_start() -> None:
    done = run_cli("timeline", "example.cn", "--expires", "2025-03-01T06:00:00+08:00")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("example.cn: family cnnic, rule set alibaba-2022")
    assert done.stderr == ""


def test_help_lists_every_subcommand_and_the_exit_statuses() -> None:
    done = run_cli("--help")
    assert done.returncode == 0
    for command in ("timeline", "rules", "portfolio"):
        assert command in done.stdout
    assert "2  bad input" in done.stdout


def test_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("domainrules ")
    # The version of the installed distribution (registrar-rules), or "unknown" from
    # a source tree never installed; never another project's.
    from importlib.metadata import PackageNotFoundError, version

    try:
        expected = version("registrar-rules")
    except PackageNotFoundError:
        expected = "unknown"
    assert done.stdout.split()[1] == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["timeline", "www.example.com", "--expires", "2025-01-01T00:00:00Z"],
            "below the registrable level",
        ),
        (["timeline", "example.com", "--expires", "2025-01-01T00:00:00"], "--expires: "),
        (["timeline", "example.com", "--expires", "soon"], "not an ISO 8601 instant"),
        (
            ["timeline", "example.com", "--expires", "2025-01-01T00:00:00Z", "--at", "x"],
            "--at: ",
        ),
        (["timeline", "example.de", "--expires", "2025-01-01T00:00:00Z"], "no rules for .de"),
        (["rules", "nope"], "--rules: no rule set 'nope'"),
        (["portfolio", "/nonexistent/export.csv"], "/nonexistent/export.csv: No such file"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(args: list[str], message: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"domainrules {args[0]}: error: ")


def test_usage_errors_exit_2() -> None:
    done = run_cli("timeline", "example.com")
    assert done.returncode == 2
    assert "--expires" in done.stderr
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_a_closed_pipe_is_not_an_error(tmp_path: object) -> None:
    # `domainrules rules | head -1` must not print a BrokenPipeError.
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "domainrules", "rules", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err
