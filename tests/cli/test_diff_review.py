"""``diff`` as a reviewer reads it: the summary per statement, merged regions described
with the old access subtracted, realistic witnesses, structured conditions, SARIF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from domainrules.cli import main
from domainrules.ram import Policy, compare, review

OLD = {
    "Version": "1",
    "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "domain:Query*", "Resource": "*"},
        {
            "Sid": "Guard",
            "Effect": "Deny",
            "Action": "domain:*",
            "Resource": "acs:domain:*:*:domain/flagship.com",
        },
    ],
}
NEW = {
    "Version": "1",
    "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": "domain:Query*", "Resource": "*"},
        {
            "Sid": "Guard",
            "Effect": "Deny",
            "Action": "domain:Dns*",
            "Resource": "acs:domain:*:*:domain/flagship.com",
        },
        {
            "Sid": "Office",
            "Effect": "Allow",
            "Action": "domain:DnsModification",
            "Resource": "acs:domain:*:*:domain/*",
            "Condition": {
                "Bool": {"acs:SecureTransport": "true"},
                "StringNotEquals": {"acs:SourceVpc": "vpc-1"},
            },
        },
    ],
}


def _write(tmp_path: Path, name: str, document: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return str(path)


def test_summary_per_changed_statement_then_regions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _write(tmp_path, "old.json", OLD), _write(tmp_path, "new.json", NEW)
    assert main(["diff", "--lost", old, new]) == 1
    out = capsys.readouterr().out
    summary, _, regions = out.partition("\nnew access:")
    assert "changed statements:" in summary
    assert f"{new}[1] (Guard) Deny (changed)" in summary
    assert f"{new}[2] (Office) Allow (added)" in summary
    # The Guard region: only what the old Guard covered, JSON booleans, documented case.
    assert "resources:  acs:domain:*:*:domain/flagship.com" in regions
    assert "acs:SecureTransport=true" in regions
    assert "True" not in regions and "acs:securetransport" not in regions
    # The absent key is named as absent.
    assert "without acs:SourceVpc" in regions
    assert regions.rstrip().endswith("lost access: none")


def test_json_has_structured_conditions_and_absent_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _write(tmp_path, "old.json", OLD), _write(tmp_path, "new.json", NEW)
    assert main(["diff", old, new, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    kinds = {c["statement"]["sid"]: c["kind"] for c in data["changes"]}
    assert kinds == {"Guard": "changed", "Office": "added"}
    conditions = [c for r in data["new_access"] for c in r["conditions"]]
    assert {"operator": "Bool", "key": "acs:SecureTransport", "values": [True], "holds": True} in (
        conditions
    )
    absent = [w["absent"] for r in data["new_access"] for w in r["witnesses"]]
    assert ["acs:SourceVpc"] in absent
    for region in data["new_access"]:
        for witness in region["witnesses"]:
            assert ":1234567890:" in witness["resource"] and ":*:" in witness["resource"]
            assert all(key.startswith("acs:") and key != key.lower() for key in witness["context"])


def test_sarif_points_at_the_statement_responsible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _write(tmp_path, "old.json", OLD), _write(tmp_path, "new.json", NEW)
    assert main(["diff", old, new, "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"new-access"}
    lines = {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]: r["locations"][0][
            "physicalLocation"
        ]["region"]["startLine"]
        for r in results
    }
    text = Path(new).read_text(encoding="utf-8").splitlines()
    assert '"Sid": "Guard"' in text[lines["$.Statement[1]"]]
    assert '"Sid": "Office"' in text[lines["$.Statement[2]"]]


def test_merged_regions_and_the_old_access_subtracted() -> None:
    old = Policy.parse(
        {
            "Version": "1",
            "Statement": [{"Effect": "Allow", "Action": "domain:Query*", "Resource": "*"}],
        },
        name="old",
    )
    new = Policy.parse(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "domain:*", "Resource": "*"}]},
        name="new",
    )
    comparison = compare(old, new)
    reviewed = review([old], [new], comparison)
    assert len(reviewed.new_access) <= len(comparison.new_access)
    (region,) = reviewed.new_access
    # What the old policy allowed on the same resources is not new: it is excepted.
    assert region.actions == ("domain:* except domain:Query*",)
    assert [c.kind for c in reviewed.changes] == ["changed"]
    assert reviewed.changes[0].adds == (region,)


def test_old_access_on_some_resources_is_excepted_there() -> None:
    old = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["domain:DnsModification"],
                    "Resource": "acs:domain:*:*:domain/example.com",
                }
            ],
        },
        name="old",
    )
    new = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "domain:Dns*",
                    "Resource": [
                        "acs:domain:*:*:domain/example.com",
                        "acs:domain:*:*:domain/example.net",
                    ],
                }
            ],
        },
        name="new",
    )
    (region,) = review([old], [new], compare(old, new)).new_access
    assert region.actions == (
        "domain:Dns* (except domain:DnsModification on acs:domain:*:*:domain/example.com)",
    )
