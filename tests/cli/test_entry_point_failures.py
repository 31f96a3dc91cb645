"""How ``main`` ends a run that cannot finish normally: closed streams, a reader that
went away, Ctrl-C, undecodable JSON, an unprintable bug, and an uninstalled source tree."""

from __future__ import annotations

import importlib.metadata
import io
import json
import sys
from pathlib import Path

import pytest

from domainrules.cli import _version, main
from domainrules.cli import timeline as timeline_command

AT = "2025-04-01T00:00:00Z"
TIMELINE = ["timeline", "example.com", "--expires", AT]


def _raising(monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(timeline_command, "lifecycle_of", broken)


def test_closed_standard_output_is_one_line_on_stderr_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", err)
    assert main(TIMELINE) == 2
    assert err.getvalue() == "domainrules: error: standard output is closed\n"


def test_closed_standard_error_is_said_on_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(TIMELINE) == 2
    assert out.getvalue() == "domainrules: error: standard error is closed\n"


def test_both_streams_closed_is_exit_2_in_silence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(TIMELINE) == 2


def test_a_reader_that_went_away_is_exit_0_and_later_output_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _raising(monkeypatch, BrokenPipeError())
    target = tmp_path / "out.txt"
    with target.open("w", encoding="utf-8") as stream:
        monkeypatch.setattr(sys, "stdout", stream)
        assert main(TIMELINE) == 0
        # Standard output now goes to the null device: a later flush cannot fail again.
        print("after the pipe closed", file=stream)
        stream.flush()
    assert target.read_text(encoding="utf-8") == ""


def test_ctrl_c_is_exit_130(monkeypatch: pytest.MonkeyPatch) -> None:
    _raising(monkeypatch, KeyboardInterrupt())
    assert main(TIMELINE) == 130


def test_undecodable_json_names_line_and_column(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raising(monkeypatch, json.JSONDecodeError("Expecting value", '{\n  "a": }', 9))
    assert main(TIMELINE) == 2
    assert capsys.readouterr().err == (
        "domainrules timeline: error: line 2, column 8: Expecting value\n"
    )


def test_an_os_error_without_a_file_name_gives_its_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raising(monkeypatch, PermissionError(13, "Permission denied"))
    assert main(TIMELINE) == 2
    assert capsys.readouterr().err == "domainrules timeline: error: Permission denied\n"


class _Unprintable(RuntimeError):
    def __str__(self) -> str:
        raise ValueError("no text for this")


def test_a_bug_whose_message_cannot_be_made_text_is_still_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _raising(monkeypatch, _Unprintable())
    assert main(TIMELINE) == 70
    err = capsys.readouterr().err
    assert err.startswith("domainrules timeline: internal error (_Unprintable); this is a bug")
    assert err.count("\n") == 1


def test_the_version_of_a_source_tree_never_installed_is_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert _version() == "unknown"
