"""The shell examples of README.md and docs/cli.md, run as documented, so that they cannot drift.

A ```console block holds ``$ command`` lines, each followed by the start of its output
(stdout, then stderr); a line ``...`` stands for any run of lines. A fenced block with
``title="FILE"`` is written to FILE before the commands of its page run. Only
``domainrules`` commands are run (for ``a && b && domainrules ...``, the last part).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.cli.helpers import ROOT, run_cli

PAGES = [ROOT / "README.md", ROOT / "docs" / "cli.md", ROOT / "docs" / "index.md"]
_FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_TITLE = re.compile(r'title="([^"]+)"')


def _examples(page: Path) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    files: dict[str, str] = {}
    commands: list[tuple[str, list[str]]] = []
    for language, info, body in _FENCE.findall(page.read_text(encoding="utf-8")):
        title = _TITLE.search(info)
        if title:
            files[title.group(1)] = body
        if language != "console":
            continue
        for line in body.splitlines():
            if line.startswith("$ "):
                commands.append((line[2:], []))
            elif commands:
                commands[-1][1].append(line)
    return files, commands


def _domainrules_args(command: str) -> list[str] | None:
    last = command.split("&&")[-1].strip()
    words = shlex.split(last)
    if not words or not re.fullmatch(r"(\S*/)?domainrules", words[0]):
        return None
    return words[1:]


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` starts with ``expected``, ``...`` lines matching any lines."""
    position = 0
    pieces: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == "...":
            pieces.append([])
        else:
            pieces[-1].append(line.rstrip())
    for index, piece in enumerate(pieces):
        if index == 0:
            if actual[: len(piece)] != piece:
                return False
            position = len(piece)
            continue
        while position <= len(actual) - len(piece):
            if actual[position : position + len(piece)] == piece:
                break
            position += 1
        else:
            return False
        position += len(piece)
    return True


CASES = [
    pytest.param(page, command, expected, id=f"{page.name}:{command[:60]}")
    for page in PAGES
    for command, expected in _examples(page)[1]
    if _domainrules_args(command) is not None
]


def test_the_pages_have_examples() -> None:
    assert len([c for c in CASES if Path(str(c.values[0])).name == "README.md"]) >= 1
    assert len([c for c in CASES if Path(str(c.values[0])).name == "cli.md"]) >= 5


@pytest.mark.parametrize(("page", "command", "expected"), CASES)
def test_documented_command_output(
    tmp_path: Path, page: Path, command: str, expected: list[str]
) -> None:
    files, _ = _examples(page)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    args = _domainrules_args(command)
    assert args is not None
    done = run_cli(*args, cwd=tmp_path)
    assert "Traceback" not in done.stderr
    actual = [line.rstrip() for line in (done.stdout + done.stderr).splitlines()]
    assert _matches(expected, actual), "\n".join(["documented:", *expected, "", "actual:", *actual])
