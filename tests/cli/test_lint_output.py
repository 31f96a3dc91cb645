"""``lint`` in one pass with positions and SARIF; ``least-privilege`` widening and ``--name``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domainrules.cli import main

BROKEN = """{"Version": "1", "Statement": [
  {"Effect": "Allow", "Action": "domain:*", "Resource": "*", "Conditon": {}},
  {"Effect": "Deny", "Action": "domain:*", "Resource": "*",
   "Condition": {"IpAddress": {"acs:SorceIp": "10.0.0.0/8"}}},
  {"Effect": "Allow", "Action": "domain:Dns*", "Resource": "acs:domain:CN:*:*"}]}
"""


def test_lint_reports_faults_and_findings_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["lint", str(path), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    where = {(f["code"], f["line"], f["column"]) for f in found}
    assert ("invalid-additionalProperties", 2, 62) in where
    assert ("misspelt-condition-key", 4, 32) in where
    assert ("dead-deny", 3, 3) in where
    assert ("invalid-resource-syntax", 5, 48) in where
    typo = next(f for f in found if f["code"] == "misspelt-condition-key")
    assert typo["suggestion"] == "acs:SourceIp"


def test_lint_sarif(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["lint", str(path), "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules))
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == path.as_uri()
        line, column = physical["region"]["startLine"], physical["region"]["startColumn"]
        assert line >= 1 and column >= 1
        assert location["logicalLocations"][0]["fullyQualifiedName"].startswith("$")
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["dead-deny"] == "error"


def test_least_privilege_refuses_to_widen_unless_told(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["least-privilege", "--api", "CheckDomain", "--api", "QueryDomainList"]
    assert main([*base, "--account", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "CheckDomain" in captured.err
    assert main([*base, "--account", "1", "--allow-widening"]) == 0
    captured = capsys.readouterr()
    assert "warning" in captured.err
    document = json.loads(captured.out)
    assert [s["Action"] for s in document["Statement"]] == ["domain:*"]


def test_least_privilege_honours_name(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["least-privilege", "--api", "QueryDomainList", "--account", "1", "--name", "Readers"]
    assert main(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["PolicyName"] == "Readers"
    assert document["PolicyDocument"]["Version"] == "1"
