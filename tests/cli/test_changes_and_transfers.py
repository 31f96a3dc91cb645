"""``change`` and ``transfer-check``: registrant changes and transfer locks from JSON records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from domainrules.cli import main
from tests.cli.helpers import run_cli

DOMAIN = {
    "name": "example.com",
    "expires_at": "2027-03-01T00:00:00Z",
    "created_at": "2024-03-01T00:00:00Z",
    "statuses": ["clientTransferProhibited"],
    "last_change_of_registrant": {
        "at": "2026-05-01T00:00:00Z",
        "opted_out_of_transfer_lock": False,
    },
    "profile": {"kind": "common", "email_verified": True},
}
BEFORE = {
    "registrant": {
        "kind": "organization",
        "name": "DocExample",
        "organization": "DocExample",
        "email": "it@docexample.com",
    },
    "account": "1234567890",
}


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_transfer_check_lists_every_blocker_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "domain.json", DOMAIN)
    assert main(["transfer-check", path, "--at", "2026-06-01T00:00:00Z"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("example.com: may not be transferred out at 2026-06-01T00:00:00+00:00")
    assert "change-of-registrant-lock" in out and "client-transfer-prohibited" in out
    assert "example.com resolves at" in out


def test_transfer_check_json_and_an_allowed_transfer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    free = {k: v for k, v in DOMAIN.items() if k not in ("statuses", "last_change_of_registrant")}
    path = write(tmp_path, "domain.json", free)
    assert main(["transfer-check", path, "--at", "2027-03-10T00:00:00Z", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["transfer_out"]["allowed"] is True
    assert data["resolution"]["phase"] == "renewal-grace"
    assert data["resolution"]["blockers"][0]["reason"] == "expired-may-be-suspended"


def test_transfer_check_policy_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "domain.json", {**DOMAIN, "statuses": []})
    at = ["--at", "2026-06-01T00:00:00Z", "--json"]
    assert main(["transfer-check", path, *at, "--policy-version", "icann-revised"]) == 0
    assert json.loads(capsys.readouterr().out)["policy"] == "icann-revised"
    assert main(["transfer-check", path, *at, "--policy-version", "nope"]) == 2
    assert "--policy-version: " in capsys.readouterr().err


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({**DOMAIN, "colour": "blue"}, "$.colour: unknown key"),
        ({**DOMAIN, "expires_at": "2027-03-01T00:00:00"}, "$.expires_at: "),
        ({**DOMAIN, "statuses": ["ok", "clientHold"]}, "$.statuses: "),
        ({**DOMAIN, "profile": {"kind": "gold"}}, "$.profile.kind: "),
        ({"expires_at": "2027-03-01T00:00:00Z"}, "name"),
        ('{"name": ', "line 1, column 10: not JSON"),
        ([1, 2], "$: expected a JSON object, not list"),
    ],
)
def test_bad_records_exit_2_naming_file_and_path(tmp_path: Path, record: Any, message: str) -> None:
    path = write(tmp_path, "domain.json", record)
    done = run_cli("transfer-check", path, "--at", "2026-06-01T00:00:00Z")
    assert done.returncode == 2
    assert f"{path}: " in done.stderr and message in done.stderr
    assert "Traceback" not in done.stderr


def test_change_classifies_and_plans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    after = json.loads(json.dumps(BEFORE))
    after["registrant"].update(name="DocExample02", organization="DocExample02")
    args = [write(tmp_path, "before.json", BEFORE), write(tmp_path, "after.json", after)]
    domain = write(tmp_path, "domain.json", DOMAIN)
    status = main(["change", *args, "--domain", domain, "--at", "2026-09-25T02:00:00Z"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("example.com: ownership-transfer (icann-2024)")
    assert "ICANN Change of Registrant: yes (registrant.name, registrant.organization)" in out
    assert "review: 3-5 business days" in out
    assert "transfer lock: 60 days from completion" in out
    status = main(
        ["change", *args, "--domain", domain, "--at", "2026-09-25T02:00:00Z", "--opt-out", "--json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert data["procedures"] == ["ownership-transfer"]
    assert data["transfer_lock"] is None


def test_change_with_a_name_and_expiry_and_a_blocked_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    after = json.loads(json.dumps(BEFORE))
    after["registrant"]["name"] = "Someone Else"
    args = [write(tmp_path, "before.json", BEFORE), write(tmp_path, "after.json", after)]
    # Expired: an ownership transfer must wait for a renewal.
    status = main(
        [
            "change",
            *args,
            "--domain",
            "example.com",
            "--expires",
            "2026-09-01T00:00:00Z",
            "--at",
            "2026-09-25T02:00:00Z",
        ]
    )
    assert status == 1
    assert "expired:" in capsys.readouterr().out
    assert main(["change", *args, "--domain", "example.com"]) == 2
    assert "--expires" in capsys.readouterr().err


def test_typo_tolerance(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    typo = json.loads(json.dumps(BEFORE))
    typo["registrant"]["name"] = "DocExampel"
    fixed = json.loads(json.dumps(BEFORE))
    args = [write(tmp_path, "before.json", typo), write(tmp_path, "after.json", fixed)]
    common = ["change", *args, "--domain", write(tmp_path, "d.json", DOMAIN), "--json"]
    common += ["--at", "2026-09-25T02:00:00Z"]
    main(common)
    assert json.loads(capsys.readouterr().out)["change_of_registrant"] is True
    main([*common, "--typo-edits", "2"])
    assert json.loads(capsys.readouterr().out)["change_of_registrant"] is False
    with pytest.raises(SystemExit) as exit_info:  # argparse refuses it, naming the option
        main([*common, "--typo-edits", "-1"])
    assert exit_info.value.code == 2
    assert "--typo-edits: '-1' is not a whole number from 0 to 1000" in capsys.readouterr().err
