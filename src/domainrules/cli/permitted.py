"""``domainrules permitted``: every Domains API call a RAM user may make."""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import EXIT_OK, add_json_option, dump_json
from domainrules.cli._policies import (
    add_account_option,
    add_catalog_option,
    add_policy_option,
    catalog,
    context,
    load_policies,
)
from domainrules.ram import permitted_apis

__all__ = ["register", "run"]

HELP = "every Domains API call the policies permit on a domain and on the account"


def register(commands: Any) -> None:
    parser = commands.add_parser("permitted", help=HELP, description=HELP + ".")
    add_policy_option(parser, or_owner=True)
    add_account_option(parser)
    parser.add_argument("--domain", metavar="NAME", help="the domain to ask about")
    parser.add_argument(
        "--context", metavar="KEY=VALUE", action="append", help="a request context value"
    )
    add_catalog_option(parser)
    add_json_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    view = permitted_apis(
        load_policies(args.policy or []),
        args.account,
        args.domain,
        context=context(args.context),
        catalog=catalog(args.catalog),
        account_owner=args.owner,
    )
    if args.json:
        dump_json(view)
        return EXIT_OK
    if view.domain is not None:
        print(f"on {view.domain} ({len(view.on_domain)}):")
        for api in view.on_domain:
            print(f"  {api}")
    print(f"on the account ({len(view.on_account)}):")
    for api in view.on_account:
        print(f"  {api}")
    return EXIT_OK
