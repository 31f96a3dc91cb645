"""``domainrules least-privilege``: the smallest RAM policy that allows these calls."""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import EXIT_OK
from domainrules.cli._policies import add_account_option, add_catalog_option, catalog
from domainrules.ram import least_privilege_policy

__all__ = ["register", "run"]

HELP = "write the smallest RAM policy that allows these API calls (JSON on stdout)"


def register(commands: Any) -> None:
    parser = commands.add_parser("least-privilege", help=HELP, description=HELP + ".")
    parser.add_argument(
        "--api", metavar="NAME", action="append", required=True, help="an API call (repeat)"
    )
    add_account_option(parser)
    parser.add_argument(
        "--domain", metavar="NAME", action="append", default=[], help="a domain (repeat)"
    )
    parser.add_argument("--name", default="LeastPrivilege", help="the policy's name")
    add_catalog_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    policy = least_privilege_policy(
        args.api, args.account, args.domain, catalog=catalog(args.catalog), name=args.name
    )
    print(policy.to_json(indent=2))
    return EXIT_OK
