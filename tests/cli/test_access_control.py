"""``authorize``, ``permitted``, ``least-privilege`` and ``lint``: RAM from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domainrules.cli import main
from tests.cli.helpers import run_cli

READ_ONLY = {
    "Version": "1",
    "Statement": [{"Action": ["domain:Query*"], "Resource": "acs:domain:*:*:*", "Effect": "Allow"}],
}
DENY_DNS = {
    "Version": "1",
    "Statement": [
        {"Effect": "Allow", "Action": "domain:*", "Resource": "*"},
        {
            "Sid": "NoDns",
            "Effect": "Deny",
            "Action": "domain:DnsModification",
            "Resource": "acs:domain:*:*:domain/example.net",
        },
    ],
}


@pytest.fixture
def policies(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, document in (("read-only", READ_ONLY), ("deny-dns", DENY_DNS)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths[name] = str(path)
    return paths


def test_allowed_exits_0_and_denied_exits_1(
    policies: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--policy", policies["read-only"], "--account", "1234567890"]
    assert main(["authorize", *common, "--api", "QueryDomainList"]) == 0
    assert capsys.readouterr().out.startswith("ALLOWED: QueryDomainList (domain:QueryCommonInfo)")
    status = main(
        [
            "authorize",
            *common,
            "--api",
            "SaveBatchTaskForModifyingDomainDns",
            "--domain",
            "example.com",
        ]
    )
    assert status == 1
    assert capsys.readouterr().out.startswith("DENIED: ")


def test_an_explicit_deny_on_one_domain_of_a_batch(
    policies: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "authorize",
            "--policy",
            policies["deny-dns"],
            "--account",
            "1",
            "--json",
            "--api",
            "SaveBatchTaskForModifyingDomainDns",
            "--domain",
            "example.com",
            "--domain",
            "EXAMPLE.net.",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    assert data["allowed"] is False
    assert data["outcome"] == "ExplicitDeny"
    assert [(d["domain"], d["outcome"]) for d in data["decisions"]] == [
        ("example.com", "Allow"),
        ("example.net", "ExplicitDeny"),
    ]
    assert data["decisions"][1]["matched"][0]["sid"] == "NoDns"


def test_several_policies_are_pooled(
    policies: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "authorize",
            "--policy",
            policies["read-only"],
            "--policy",
            policies["deny-dns"],
            "--account",
            "1",
            "--api",
            "SaveBatchTaskForModifyingDomainDns",
            "--domain",
            "example.net",
        ]
    )
    assert status == 1
    assert "denied explicitly" in capsys.readouterr().out


def test_context_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mfa = {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "domain:*",
                "Resource": "*",
                "Condition": {"Bool": {"acs:MFAPresent": "true"}},
            }
        ],
    }
    path = tmp_path / "mfa.json"
    path.write_text(json.dumps(mfa), encoding="utf-8")
    base = ["authorize", "--policy", str(path), "--account", "1", "--api", "QueryDomainList"]
    assert main(base) == 1
    assert main([*base, "--context", "acs:MFAPresent=true"]) == 0
    assert main([*base, "--context", "acs:MFAPresent=yes"]) == 2
    assert "--context: acs:MFAPresent is true or false" in capsys.readouterr().err
    assert main([*base, "--context", "novalue"]) == 2


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"Version": "1", "Statement": [}', "$: not valid JSON"),
        (
            '{"Version": "1", "Statement": [{"Effect": "allow", "Action": "domain:*", "Resource": "*"}]}',
            "$.Statement[0].Effect: ",
        ),
    ],
)
def test_a_bad_policy_file_is_bad_input_naming_file_and_path(
    tmp_path: Path, document: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(document, encoding="utf-8")
    done = run_cli("authorize", "--policy", str(path), "--account", "1", "--api", "QueryDomainList")
    assert done.returncode == 2
    assert f"{path}: {message}" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_api_and_catalog_are_bad_input(
    policies: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["authorize", "--policy", policies["read-only"], "--account", "1"]
    assert main([*common, "--api", "QueryDomainLists"]) == 2
    assert "did you mean QueryDomainList" in capsys.readouterr().err
    assert main([*common, "--api", "QueryDomainList", "--catalog", "nope"]) == 2
    assert "--catalog: no catalog 'nope'" in capsys.readouterr().err
    assert main([*common, "--api", "QueryDomainList", "--catalog", "per-api-2024"]) == 0


def test_permitted_lists_apis(policies: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "permitted",
            "--policy",
            policies["deny-dns"],
            "--account",
            "1",
            "--domain",
            "example.net",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert data["domain"] == "example.net"
    assert "SaveBatchTaskForModifyingDomainDns" not in data["on_domain"]
    assert "SaveSingleTaskForCreatingDnsHost" in data["on_domain"]
    assert "QueryDomainList" in data["on_account"]


def test_least_privilege_writes_a_policy_that_authorize_allows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "least-privilege",
            "--api",
            "QueryDomainList",
            "--api",
            "SaveBatchTaskForModifyingDomainDns",
            "--account",
            "1",
            "--domain",
            "example.com",
        ]
    )
    assert status == 0
    path = tmp_path / "least.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    common = ["authorize", "--policy", str(path), "--account", "1"]
    api = ["--api", "SaveBatchTaskForModifyingDomainDns"]
    assert main([*common, *api, "--domain", "example.com"]) == 0
    assert main([*common, *api, "--domain", "example.net"]) == 1
    assert (
        main(["least-privilege", "--api", "SaveBatchTaskForModifyingDomainDns", "--account", "1"])
        == 2
    )
    assert "need the domains" in capsys.readouterr().err


def test_lint(tmp_path: Path, policies: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", policies["read-only"]]) == 0
    assert capsys.readouterr().out.startswith("no findings")
    alias = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": "domain:DnsHostQuery", "Resource": "acs:domain:*:1:*"}
        ],
    }
    warn = tmp_path / "alias.json"
    warn.write_text(json.dumps(alias), encoding="utf-8")
    assert main(["lint", str(warn), "--json"]) == 0  # a warning is not an error
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 0
    assert data["findings"][0]["code"] == "action-alias"
    assert data["findings"][0]["path"] == "$.Statement[0].Action"
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"Version": "2", "Statement": [{"Effect": "allow"}]}', encoding="utf-8")
    assert main(["lint", str(invalid), str(warn)]) == 1
    out = capsys.readouterr().out
    assert "invalid-const" in out and "$.Statement[0].Effect" in out and "alias.json" in out
    assert main(["lint", str(tmp_path / "missing.json")]) == 2
    assert "missing.json: No such file" in capsys.readouterr().err


def test_lint_exact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": "domain:Query*", "Resource": "acs:domain:*:*:*"},
            {"Effect": "Allow", "Action": "domain:QueryDnsHost", "Resource": "acs:domain:*:1:*"},
        ],
    }
    path = tmp_path / "readers.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["lint", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    assert main(["lint", "--exact", str(path), "--json"]) == 0  # warnings only
    data = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["path"]) for f in data["findings"]] == [
        ("redundant-statement", "$.Statement[1]")
    ]


def test_the_account_owner_needs_no_policy(capsys: pytest.CaptureFixture[str]) -> None:
    own = ["authorize", "--owner", "1234567890", "--account", "1234567890"]
    assert main([*own, "--api", "SaveSingleTaskForCreatingOrderRenew"]) == 0
    assert "needs no policy" in capsys.readouterr().out
    batch = [
        "--api",
        "SaveBatchTaskForModifyingDomainDns",
        "--domain",
        "a.com",
        "--domain",
        "b.com",
    ]
    assert main([*own, *batch, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["allowed"] and [d["outcome"] for d in data["decisions"]] == ["Allow", "Allow"]
    other = ["authorize", "--owner", "42", "--account", "1234567890", "--api", "QueryDomainList"]
    assert main(other) == 1
    assert "no access to another account" in capsys.readouterr().out
    assert main(["permitted", "--owner", "42", "--account", "1234567890", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["on_account"] == []


def test_owner_and_policy_are_exclusive_and_one_is_required(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "p.json"
    policy.write_text(
        '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
    )
    base = ["authorize", "--account", "1", "--api", "QueryDomainList"]
    for extra in ([], ["--owner", "1", "--policy", str(policy)], ["--owner", "x1"]):
        with pytest.raises(SystemExit) as caught:
            raise SystemExit(main([*base, *extra]))
        assert caught.value.code == 2
    assert "--owner" in capsys.readouterr().err
