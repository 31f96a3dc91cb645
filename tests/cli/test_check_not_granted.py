"""``check-not-granted`` as a reviewer reads it: text, SARIF on the statement that
grants, undecided as a warning, and the exit statuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from domainrules.cli import main

GRANTS = {
    "Version": "1",
    "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "domain:Query*", "Resource": "*"},
        {"Sid": "Dns", "Effect": "Allow", "Action": "domain:Dns*", "Resource": "*"},
    ],
}
PROTECTS = {
    "Version": "1",
    "Statement": [
        {"Effect": "Allow", "Action": "domain:*", "Resource": "*"},
        {"Sid": "Guard", "Effect": "Deny", "Action": "domain:Dns*", "Resource": "*"},
    ],
}


def _write(tmp_path: Path, name: str, document: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return str(path)


def _results(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    return results


def test_text_says_the_outcome_and_the_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _write(tmp_path, "p.json", PROTECTS)
    assert main(["check-not-granted", "--action", "domain:Dns*", policy]) == 0
    out = capsys.readouterr().out
    # No --resource means every resource, and the first line says so.
    assert out.splitlines()[0] == "pass: domain:Dns* on *"
    granted = _write(tmp_path, "g.json", GRANTS)
    argv = ["check-not-granted", "--action", "domain:Dns*", "--resource", "acs:domain:*:*:*"]
    assert main([*argv, granted]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "fail: domain:Dns* on acs:domain:*:*:*"
    assert "(Dns) Allow" in out


def test_sarif_points_at_the_statement_that_grants(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _write(tmp_path, "grants.json", GRANTS)
    argv = ["check-not-granted", "--action", "domain:Dns*", policy, "--format", "sarif"]
    assert main(argv) == 1
    results = _results(capsys)
    assert results and {r["ruleId"] for r in results} == {"access-granted"}
    assert {r["level"] for r in results} == {"error"}
    location = results[0]["locations"][0]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "$.Statement[1]"
    line = location["physicalLocation"]["region"]["startLine"]
    text = Path(policy).read_text(encoding="utf-8").splitlines()
    assert '"Sid": "Dns"' in text[line]
    # The message names the statement and gives a request that proves the grant.
    assert "allows" in results[0]["message"]["text"]
    assert "for example domain:Dns" in results[0]["message"]["text"]


def test_sarif_of_a_pass_has_no_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = _write(tmp_path, "protects.json", PROTECTS)
    argv = ["check-not-granted", "--action", "domain:Dns*", policy, "--format", "sarif"]
    assert main(argv) == 0
    assert _results(capsys) == []


def test_sarif_of_undecided_is_a_warning_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _write(tmp_path, "protects.json", PROTECTS)
    argv = ["check-not-granted", "--action", "domain:*", policy, "--budget", "10"]
    assert main([*argv, "--format", "sarif"]) == 3
    results = _results(capsys)
    assert [r["ruleId"] for r in results] == ["undecided"]
    assert results[0]["level"] == "warning"
    assert "budget of 10 steps ran out" in results[0]["message"]["text"]


def test_action_is_required(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = _write(tmp_path, "protects.json", PROTECTS)
    with pytest.raises(SystemExit) as exit_:
        main(["check-not-granted", policy])
    assert exit_.value.code == 2
    assert "--action" in capsys.readouterr().err
