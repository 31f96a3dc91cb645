"""``domainrules lint``: findings about RAM policy documents (exit 1: errors found)."""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import EXIT_DENIED, EXIT_OK, add_json_option, dump_json, table
from domainrules.cli._policies import add_catalog_option, catalog, check_limits, read_text
from domainrules.ram import Policy, Severity, iter_errors, lint_policy

__all__ = ["register", "run"]

HELP = "check RAM policy documents: invalid ones and findings with codes and JSON paths"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "lint",
        help=HELP,
        description=HELP + ". A document that is not a valid policy gives one error "
        "finding per fault. Exit 1 when any finding is an error.",
    )
    parser.add_argument("files", metavar="POLICY.json", nargs="+", help="policy documents")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="also prove vacuous, redundant and overridden statements "
        "(the policy analysis: slower)",
    )
    add_catalog_option(parser)
    add_json_option(parser)
    parser.set_defaults(run=run)


def findings(
    path: str, text: str, catalog_name: str, *, exact: bool = False
) -> list[dict[str, Any]]:
    """Every finding about one document, as JSON-ready data."""
    faults = list(iter_errors(text))
    if faults:
        return [
            {
                "file": path,
                "code": f"invalid-{fault.rule}",
                "severity": Severity.ERROR,
                "path": fault.path or "$",
                "message": str(fault),
            }
            for fault in faults
        ]
    policy = Policy.from_json(text, name=path)
    return [
        {
            "file": path,
            "code": f.code,
            "severity": f.severity,
            "path": f.path,
            "message": f.message,
        }
        for f in lint_policy(policy, catalog=catalog(catalog_name), exact=exact)
    ]


def run(args: argparse.Namespace) -> int:
    catalog(args.catalog)  # a bad name is bad input before any file is read
    found: list[dict[str, Any]] = []
    for path in args.files:
        text = read_text(path)
        check_limits(path, text)
        found.extend(findings(path, text, args.catalog, exact=args.exact))
    errors = sum(1 for f in found if f["severity"] is Severity.ERROR)
    if args.json:
        dump_json({"findings": found, "errors": errors})
    elif found:
        print(
            table(
                ["file", "severity", "code", "path", "message"],
                [
                    (f["file"], f["severity"].value, f["code"], f["path"], f["message"])
                    for f in found
                ],
            )
        )
    else:
        print(f"no findings in {len(args.files)} document{'s' if len(args.files) > 1 else ''}")
    return EXIT_DENIED if errors else EXIT_OK
