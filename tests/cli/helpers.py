"""Running the real command line, in a subprocess or in-process."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m domainrules ARGS`` as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "domainrules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
        check=False,
    )


def run_in_process(
    args: list[str], output: Path | None, patches: Iterable[AbstractContextManager[Any]] = ()
) -> tuple[int, bytes, str]:
    """``main(args)`` with ``patches`` in force: the exit status, what was written
    (stdout, or the ``--output`` file, which is then removed) and stderr."""
    from domainrules.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            status = main(args)
        except SystemExit as exit_:
            status = int(exit_.code or 0)
    written = out.getvalue().encode()
    if output is not None and output.exists():
        written = output.read_bytes()
        output.unlink()
    return status, written, err.getvalue()
