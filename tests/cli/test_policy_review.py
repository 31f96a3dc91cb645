"""``diff`` and ``check-not-granted``: reviewing policy changes from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domainrules.cli import main
from domainrules.ram import analysis

OLD = {
    "Version": "1",
    "Statement": [
        {"Effect": "Allow", "Action": "domain:*", "Resource": "*"},
        {
            "Sid": "Protect",
            "Effect": "Deny",
            "Action": "domain:*",
            "Resource": "acs:domain:*:*:domain/example.com",
        },
    ],
}
NEW = {
    "Version": "1",
    "Statement": [
        {"Effect": "Allow", "Action": "domain:*", "Resource": "*"},
        {
            "Sid": "Protect",
            "Effect": "Deny",
            "Action": "domain:Dns*",
            "Resource": "acs:domain:*:*:domain/example.com",
        },
    ],
}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, document in (("old", OLD), ("new", NEW)):
        path = tmp_path / name / "policy.json"
        path.parent.mkdir()
        path.write_text(json.dumps(document), encoding="utf-8")
        paths[name] = str(path)
    return paths


def test_diff_exit_status(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", files["new"], files["old"]]) == 0
    assert main(["diff", files["old"], files["new"]]) == 1
    out = capsys.readouterr().out
    assert "more-permissive" in out
    assert "(Protect) Deny" in out
    assert "witness:    domain:" in out
    assert main(["diff", files["old"], files["old"]]) == 0


def test_diff_folders_and_json(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    old_folder = str(Path(files["old"]).parent)
    new_folder = str(Path(files["new"]).parent)
    assert main(["diff", old_folder, new_folder, "--json", "--catalog", "grouped-2022"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["relation"] == "more-permissive"
    region = data["new_access"][0]
    assert region["denied_by"][0]["sid"] == "Protect"
    assert region["witnesses"][0]["resource"] == "acs:domain:*:1234567890:domain/example.com"


def test_diff_lost_access(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", files["new"], files["old"], "--lost"]) == 0
    assert "lost access: 1 region(s)" in capsys.readouterr().out


def test_diff_undecided_exits_3(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", files["old"], files["old"], "--max-states", "2"]) == 3
    assert "undecided:" in capsys.readouterr().out


def test_diff_budget_undecided_names_what_ran_out(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", files["old"], files["new"], "--budget", "10"]) == 3
    out = capsys.readouterr().out
    assert "undecided: the analysis budget of 10 steps ran out on" in out
    assert "exhausted: automaton transitions" in out
    assert main(["diff", files["old"], files["new"], "--budget", "10", "--json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert data["relation"] == "undecided" and data["exhausted"] == "automaton transitions"
    # The default budget decides the same question.
    assert main(["diff", files["old"], files["new"], "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["exhausted"] is None


def test_check_not_granted_budget(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["check-not-granted", "--action", "domain:*", files["old"], "--budget", "10"]
    assert main(argv) == 3
    assert "exhausted: automaton transitions" in capsys.readouterr().out
    assert main([*argv, "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["exhausted"] == "automaton transitions"


def test_lint_exact_budget(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    # Undecided is never a clean lint: a warning that says what ran out, and exit 3.
    assert main(["lint", "--exact", files["old"], "--budget", "10", "--json"]) == 3
    found = json.loads(capsys.readouterr().out)["findings"]
    undecided = [f for f in found if f["code"] == "exact-undecided"]
    assert len(undecided) == 1 and "budget of 10 steps ran out" in undecided[0]["message"]
    assert undecided[0]["severity"] == "warning"
    assert main(["lint", "--exact", files["old"], "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert not [f for f in found if f["code"] == "exact-undecided"]


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "missing.json", "missing.json"],
        ["diff", "OLD", "NEW", "--catalog", "nope"],
        ["diff", "OLD", "NEW", "--max-states", "0"],
        ["diff", "OLD", "NEW", "--budget", "0"],
        ["check-not-granted", "--action", "domain:*", "OLD", "--budget", "-1"],
        ["lint", "--exact", "OLD", "--budget", "0"],
    ],
)
def test_diff_bad_input_exits_2(
    files: dict[str, str], argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [files["old"] if a == "OLD" else files["new"] if a == "NEW" else a for a in argv]
    assert main(argv) == 2
    assert "error:" in capsys.readouterr().err


def test_diff_of_an_empty_folder_is_bad_input(tmp_path: Path, files: dict[str, str]) -> None:
    # A folder pools its policies (recursively): the old Deny still holds in the pool.
    assert main(["diff", str(tmp_path / "old"), str(tmp_path)]) == 0
    (tmp_path / "empty").mkdir()
    assert main(["diff", str(tmp_path / "empty"), files["new"]]) == 2


def test_check_not_granted(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    protected = ["--action", "domain:*", "--resource", "acs:domain:*:*:domain/example.com"]
    assert main(["check-not-granted", *protected, files["old"]]) == 0
    capsys.readouterr()
    assert main(["check-not-granted", *protected, files["new"], "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["outcome"] == "fail" and data["regions"][0]["witnesses"]


def test_an_analysis_bug_is_an_internal_error(
    files: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise analysis.AnalysisError("the analysis found a request the evaluator refuses")

    monkeypatch.setattr("domainrules.cli.diff.compare", broken)
    assert main(["diff", files["old"], files["new"]]) == 70
