"""``domainrules lint``: findings about RAM policy documents.

Exit status: 0 no error, 1 errors found, 2 bad input, 3 (``--exact``) no error but the
analysis was undecided within its budget (the ``exact-undecided`` finding says what ran
out).
"""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import (
    EXIT_DENIED,
    EXIT_OK,
    EXIT_UNDECIDED,
    CliError,
    dump_json,
    table,
)
from domainrules.cli._policies import add_catalog_option, catalog, check_limits, read_text
from domainrules.cli._positions import json_positions, locate
from domainrules.cli._sarif import SarifResult, level, sarif_log
from domainrules.ram import DEFAULT_BUDGET, Severity, lint_document

__all__ = ["add_budget_option", "add_format_option", "check_budget", "register", "run"]

HELP = "check RAM policy documents: invalid ones and findings with codes and JSON paths"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "lint",
        help=HELP,
        description=HELP + ". Every fault of a document that is not a valid policy and every "
        "finding about its valid statements are reported together. Exit 1 when any "
        "finding is an error; 3 when none is but --exact was undecided within its budget.",
    )
    parser.add_argument("files", metavar="POLICY.json", nargs="+", help="policy documents")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="also prove vacuous, redundant and overridden statements "
        "(the policy analysis: slower)",
    )
    add_budget_option(parser)
    add_catalog_option(parser)
    add_format_option(parser)
    parser.set_defaults(run=run)


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """``--format table|json|sarif`` (``--json`` is ``--format json``)."""
    parser.add_argument(
        "--format",
        choices=("table", "json", "sarif"),
        default="table",
        help="table (default), json, or sarif (SARIF 2.1.0, for code-scanning tools)",
    )
    parser.add_argument(
        "--json", action="store_const", const="json", dest="format", help="--format json"
    )


def add_budget_option(parser: argparse.ArgumentParser) -> None:
    """``--budget STEPS``: the one budget of the whole analysis (past it: undecided)."""
    parser.add_argument(
        "--budget",
        metavar="STEPS",
        type=int,
        default=DEFAULT_BUDGET,
        help="the analysis budget in steps of a few microseconds, covering automaton "
        "states, condition cells, regions and witnesses; past it the answer is undecided "
        f"(exit 3) and says what ran out (default {DEFAULT_BUDGET:,})",
    )


def check_budget(args: argparse.Namespace) -> None:
    """A budget of less than one step is bad input (exit 2)."""
    for option, value in (
        ("--max-states", getattr(args, "max_states", 1)),
        ("--budget", args.budget),
    ):
        if value < 1:
            raise CliError(f"{option} must be at least 1, not {value}")


def findings(
    path: str, text: str, catalog_name: str, *, exact: bool = False, budget: int | None = None
) -> list[dict[str, Any]]:
    """Every fault and finding about one document, as JSON-ready data with line and column."""
    positions = json_positions(text)
    result = []
    for finding in lint_document(text, catalog=catalog(catalog_name), exact=exact, budget=budget):
        line, column = locate(positions, finding.path)
        entry: dict[str, Any] = {
            "file": path,
            "code": finding.code,
            "severity": finding.severity,
            "path": finding.path,
            "line": line,
            "column": column,
            "message": finding.message,
        }
        if finding.suggestion is not None:
            entry["suggestion"] = finding.suggestion
        result.append(entry)
    return result


def run(args: argparse.Namespace) -> int:
    catalog(args.catalog)  # a bad name is bad input before any file is read
    check_budget(args)
    found: list[dict[str, Any]] = []
    for path in args.files:
        text = read_text(path)
        check_limits(path, text)
        found.extend(findings(path, text, args.catalog, exact=args.exact, budget=args.budget))
    errors = sum(1 for f in found if f["severity"] is Severity.ERROR)
    if args.format == "json":
        dump_json({"findings": found, "errors": errors})
    elif args.format == "sarif":
        dump_json(
            sarif_log(
                [
                    SarifResult(
                        f["code"],
                        level(f["severity"].value),
                        f["message"],
                        f["file"],
                        f["path"],
                        f["line"],
                        f["column"],
                    )
                    for f in found
                ]
            )
        )
    elif found:
        print(
            table(
                ["file", "severity", "code", "path", "message"],
                [
                    (
                        f"{f['file']}:{f['line']}:{f['column']}",
                        f["severity"].value,
                        f["code"],
                        f["path"],
                        f["message"],
                    )
                    for f in found
                ],
            )
        )
    else:
        print(f"no findings in {len(args.files)} document{'s' if len(args.files) > 1 else ''}")
    if errors:
        return EXIT_DENIED
    if any(f["code"] == "exact-undecided" for f in found):
        return EXIT_UNDECIDED
    return EXIT_OK
