"""The ``domainrules`` command: the only part of the package that reads files or prints.

One module per subcommand; each has ``register(subparsers)`` and ``run(args) -> int``.
Exit status: 0 success (allowed, no finding at error level), 1 denied or findings at
error level, 2 bad input (the message on stderr names the file, line or JSON path).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
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
from domainrules.cli._output import EXIT_BAD_INPUT, CliError
from domainrules.errors import DomainRulesError

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
  1  denied, or findings at error level
  2  bad input (the message names the file, line or JSON path)
  3  diff, check-not-granted: undecided within the analysis state budget
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
        return version("domainrules")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    prog = f"domainrules {args.command}"
    try:
        status: int = args.run(args)
    except CliError as failure:
        return _fail(prog, str(failure))
    except DomainRulesError as failure:
        where = f"{failure.path}: " if failure.path and failure.path not in str(failure) else ""
        return _fail(prog, f"{where}{failure}")
    except OSError as failure:
        if isinstance(failure, BrokenPipeError):
            # The reader went away (`| head`): not an error of ours.
            sys.stderr.close()
            return 0
        name = f"{failure.filename}: " if failure.filename else ""
        return _fail(prog, f"{name}{failure.strerror or failure}")
    except json.JSONDecodeError as failure:
        return _fail(prog, f"line {failure.lineno}, column {failure.colno}: {failure.msg}")
    except KeyboardInterrupt:
        return 130
    return status


def _fail(prog: str, message: str) -> int:
    sys.stdout.flush()
    print(f"{prog}: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT
