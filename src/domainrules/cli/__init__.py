"""The ``domainrules`` command: the only part of the package that reads files or prints.

One module per subcommand; each has ``register(subparsers)`` and ``run(args) -> int``.
Exit status: 0 success (allowed, no finding at error level), 1 denied or findings at
error level, 2 bad input (the message on stderr names the file, line or JSON path),
70 an internal error (a bug: one line asking for a report). No input, file name or
output encoding produces a traceback: this module is the command line's trust boundary.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from types import ModuleType

from domainrules.cli import (
    authorize,
    change,
    check_not_granted,
    diff,
    least_privilege,
    lint,
    permitted,
    portfolio,
    rules,
    timeline,
    transfer_check,
)
from domainrules.cli._output import EXIT_BAD_INPUT, EXIT_INTERNAL, CliError, one_line
from domainrules.errors import DomainRulesError
from domainrules.ram import AnalysisError

__all__ = ["build_parser", "main"]

SUBCOMMANDS: list[ModuleType] = [
    timeline,
    rules,
    portfolio,
    change,
    transfer_check,
    authorize,
    permitted,
    least_privilege,
    lint,
    diff,
    check_not_granted,
]

EPILOG = """\
exit status:
  0  success; the call is allowed; no finding at error level
  1  denied, or findings at error level; portfolio: some domains need action
  2  bad input (the message names the file, line or JSON path)
  3  diff, check-not-granted: undecided within the analysis state budget
  4  portfolio: some rows were bad and skipped, the rest processed
  70 internal error: a bug in domainrules; please report it with the command line
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="domainrules",
        description="The rules a domain-name registrar lives by: lifecycle after expiry, "
        "portfolios, rule sets, registrant changes, transfer locks, RAM access control.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in SUBCOMMANDS:
        module.register(commands)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("registrar-rules")  # the distribution's name, not the import name
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    closed = _closed_streams()
    if closed:
        return closed
    with _tolerant_output():
        parser = build_parser()
        args = parser.parse_args(argv)
        prog = f"domainrules {args.command}"
        try:
            status: int = args.run(args)
            sys.stdout.flush()
        except CliError as failure:
            return _fail(prog, str(failure))
        except AnalysisError as failure:  # the analysis contradicted the evaluator: a bug
            return _internal(prog, failure)
        except DomainRulesError as failure:
            where = f"{failure.path}: " if failure.path and failure.path not in str(failure) else ""
            return _fail(prog, f"{where}{failure}")
        except BrokenPipeError:
            # The reader went away (`| head`): not an error of ours.
            _silence_stdout()
            return 0
        except OSError as failure:
            name = f"{failure.filename}: " if failure.filename else ""
            return _fail(prog, f"{name}{failure.strerror or failure}")
        except json.JSONDecodeError as failure:
            return _fail(prog, f"line {failure.lineno}, column {failure.colno}: {failure.msg}")
        except KeyboardInterrupt:
            return 130
        except Exception as failure:  # the trust boundary: a bug gets a line, not a traceback
            return _internal(prog, failure)
        return status


_STREAMS = {"stdout": "output", "stderr": "error"}


def _closed_streams() -> int:
    """Exit 2 with one line when standard output or error is closed (``>&-``, ``2>&-``):
    Python then has no stream at all, and a run would end in a traceback. The line goes
    to whichever of the two is open."""
    missing = [name for name in ("stdout", "stderr") if getattr(sys, name) is None]
    if not missing:
        return 0
    other = sys.stderr if sys.stderr is not None else sys.stdout
    if other is not None:
        with contextlib.suppress(OSError, ValueError):
            other.write(f"domainrules: error: standard {_STREAMS[missing[0]]} is closed\n")
            other.flush()
    return EXIT_BAD_INPUT


def _fail(prog: str, message: str) -> int:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    print(f"{prog}: error: {one_line(message)}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _internal(prog: str, failure: BaseException) -> int:
    try:
        detail = f"{type(failure).__name__}: {failure}"
    except Exception:  # a message that cannot even be made into text
        detail = type(failure).__name__
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    print(
        f"{prog}: internal error ({one_line(detail)}); this is a bug in domainrules "
        f"{_version()}: please report it with the command line that caused it",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _silence_stdout() -> None:
    # Later flushes (at exit too) would raise BrokenPipeError again.
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@contextlib.contextmanager
def _tolerant_output() -> Iterator[None]:
    """stdout and stderr write what they cannot encode as backslash escapes.

    ``PYTHONIOENCODING=ascii`` with a Unicode domain name, or a file name holding bytes
    that are not UTF-8 (lone surrogates), would otherwise end the run with a
    ``UnicodeEncodeError``. JSON output escapes non-ASCII itself in that case
    (``_output.ensure_ascii``), so it stays the same JSON.
    """
    changed: list[tuple[io.TextIOWrapper, str]] = []
    for stream in (sys.stdout, sys.stderr):
        errors = getattr(stream, "errors", None)
        if isinstance(stream, io.TextIOWrapper) and errors in ("strict", "surrogateescape"):
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(errors="backslashreplace")
                changed.append((stream, errors))
    try:
        yield
    finally:
        for stream, errors in changed:
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(errors=errors)
