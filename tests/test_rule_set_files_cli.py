"""``--rules-file`` on the command line: the mixed-TLD export with no Python."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from domainrules import RULE_SETS, load_rule_set
from domainrules.cli import main

AT = "2025-04-01T00:00:00Z"

EXPORT = """\
Domain Name,Expiration Date
example.cn,2025-03-01T06:00:00+08:00
example.com,2025-01-01T00:00:00Z
example.co.uk,2025-03-20T00:00:00Z
example.de,2025-03-25T00:00:00Z
"""

MINE = """
format = 1
name = "mine"
extends = "alibaba-2022"

[[versions]]
valid_from = 2022-04-09T00:00:00+08:00
selected_by = "expiry"

  [[versions.families]]
  name = "uk"
  tlds = ["uk"]
  icann_transfer_policy = false
  registrar = { renewal_grace = { days = 90 }, redemption = 0, pending_delete = { days = 5 }, then = "deleted", zone = "Europe/London" }

  [[versions.families]]
  name = "de"
  tlds = ["de"]
  icann_transfer_policy = false
  registrar = { renewal_grace = { days = 30 }, redemption = 0, pending_delete = 0, then = "deleted", zone = "Europe/Berlin" }
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_mixed_export_runs_with_a_rules_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _write(tmp_path, "export.csv", EXPORT)
    assert main(["portfolio", export, "--at", AT]) == 4  # .uk and .de are bad rows by default
    capsys.readouterr()
    rules = _write(tmp_path, "mine.toml", MINE)
    # Every row is read; each domain has expired, so each needs action (exit 1).
    assert main(["portfolio", export, "--at", AT, "--rules-file", rules]) == 1
    out, err = capsys.readouterr()
    rows = {row[0]: row for row in csv.reader(io.StringIO(out))}
    assert {"example.co.uk", "example.de", "example.cn", "example.com"} <= rows.keys()
    assert "(mine)" in err


def test_a_bad_rules_file_is_exit_2_with_every_fault_and_no_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _write(tmp_path, "export.csv", EXPORT)
    bad = _write(
        tmp_path,
        "bad.toml",
        MINE.replace("{ days = 90 }", "90").replace('name = "de"', 'name = "de"\n  colour = 1'),
    )
    assert main(["portfolio", export, "--at", AT, "--rules-file", bad]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert bad in err and "2 faults" in err
    assert "$.versions[0].families[0].registrar.renewal_grace" in err
    assert "$.versions[0].families[1].colour" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["timeline", "a.de", "--expires", AT], ["rules"]])
def test_other_subcommands_take_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    rules = _write(tmp_path, "mine.toml", MINE)
    assert main([*command, "--rules-file", rules]) == 0
    assert "de" in capsys.readouterr().out


def test_rules_json_is_the_file_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = _write(tmp_path, "mine.toml", MINE)
    assert main(["rules", "--rules-file", rules, "--json"]) == 0
    written = _write(tmp_path, "mine.json", capsys.readouterr().out)
    assert load_rule_set(Path(written)) == load_rule_set(Path(rules))
    for name in RULE_SETS:
        assert main(["rules", name, "--json"]) == 0
        assert load_rule_set(json.loads(capsys.readouterr().out)) == RULE_SETS[name]


def test_warnings_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slow = (
        MINE
        + '\n  [[versions.families]]\n  name = "gtld"\n  registrar = { renewal_grace = { days = 60 } }\n'
    )
    rules = _write(tmp_path, "slow.toml", slow)
    assert main(["timeline", "a.com", "--expires", AT, "--rules-file", rules]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "RAA 3.7.5.3" in err


def test_rules_and_rules_file_together_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = _write(tmp_path, "mine.toml", MINE)
    with pytest.raises(SystemExit) as caught:
        main(
            ["timeline", "a.de", "--expires", AT, "--rules", "alibaba-2022", "--rules-file", rules]
        )
    assert caught.value.code == 2
    assert main(["rules", "alibaba-2022", "--rules-file", rules]) == 2


@pytest.mark.parametrize(
    "content", [None, b"\xff\xfe\x00", b"[[[", b"{}", b"format = 1\n" * 10, "dir"]
)
def test_hostile_rules_files_are_exit_2_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | str | None
) -> None:
    path = tmp_path / "rules.toml"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    assert main(["timeline", "a.com", "--expires", AT, "--rules-file", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err and "--rules-file" in err
