"""The repository carries its own sources: no file refers to a path outside it.

Code, docs and user-visible text cite public documents (docs/sources.md), never notes
that only a developer's machine has. A relative path that climbs out of the
repository, an absolute path into a workstation, or the name of a private note fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UP = ".." + "/"

# Built from pieces so that this file does not match itself.
_FORBIDDEN = [
    "/".join(("", "work", "")),
    "/".join(("shared", "spec")),
    "/".join(("shared", "design")),
    *("-".join(pair) + ".md" for pair in (("registrar", "rules"), ("industry", "rules"))),
    "ram-" + "semantics.md",
]
_FORBIDDEN_RE = re.compile("|".join(re.escape(text) for text in _FORBIDDEN))
# A relative path climbing up (two dots, a slash) after a quote, a bracket, a space or
# the start of a line.
_CLIMB_RE = re.compile(r"(?:^|[\s\"'`(<\[=:])((?:\.\./)+[^\s\"'`)>\]]*)")
_SKIP_DIRS = {".git", ".venv", "venv", "site", "build", "dist", "node_modules", "__pycache__"}
_BINARY_SUFFIXES = {".png", ".jpg", ".gif", ".ico", ".woff", ".woff2", ".pyc", ".whl", ".gz"}


def _tracked_files() -> list[str]:
    git = shutil.which("git")
    if git is not None and (ROOT / ".git").exists():
        listed = subprocess.run(
            [git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        return [name for name in listed.decode("utf-8").split("\0") if name]
    found = []  # not a git checkout (an unpacked sdist): every file under the root
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = [d for d in subdirectories if d not in _SKIP_DIRS]
        for name in files:
            found.append(os.path.relpath(os.path.join(directory, name), ROOT))
    return found


def _text(relative: str) -> str | None:
    path = ROOT / relative
    if path.suffix in _BINARY_SUFFIXES or not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def _leaves(relative: str, target: str) -> bool:
    # Read from the file's folder, or (as notes often are) from the repository root:
    # outside either way, unless it names an existing file from the file's folder.
    inside = str(ROOT) + os.sep
    from_file = os.path.normpath((ROOT / relative).parent / target)
    from_root = os.path.normpath(ROOT / target)
    if not from_file.startswith(inside):
        return True
    return not from_root.startswith(inside) and not os.path.exists(from_file)


def outside_references(relative: str, text: str) -> list[str]:
    """Each place in ``text`` (the file ``relative``) that points outside the repository."""
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in _FORBIDDEN_RE.finditer(line):
            problems.append(f"{relative}:{number}: {match.group(0)!r}: {line.strip()}")
        for match in _CLIMB_RE.finditer(line):
            if _leaves(relative, match.group(1)):
                problems.append(f"{relative}:{number}: {match.group(1)!r} leaves the repository")
    return problems


def test_no_file_refers_to_a_path_outside_the_repository() -> None:
    problems = []
    for relative in _tracked_files():
        text = _text(relative)
        if text is not None:
            problems.extend(outside_references(relative, text))
    assert not problems, "cite the public document (docs/sources.md) instead:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize(
    "line",
    [
        "Facts from " + UP + "shared/notes.md section 3",
        "see [the notes](" + UP + UP + "elsewhere.md)",
        "path = '/" + "work/main/src'",
        "(" + "industry-" + "rules.md section 4)",
    ],
)
def test_the_check_catches_each_kind_of_outside_reference(line: str) -> None:
    assert outside_references("docs/page.md", line)


@pytest.mark.parametrize(
    "line",
    [
        "see [sources](sources.md#icann-errp) and " + UP + "README.md from docs/",
        "ICANN Transfer Policy, icann.org",
        "x = a/../b",
    ],
)
def test_paths_inside_the_repository_pass(line: str) -> None:
    assert not outside_references("docs/page.md", line)
