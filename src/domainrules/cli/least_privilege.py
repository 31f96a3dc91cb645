"""``domainrules least-privilege``: the smallest RAM policy that allows these calls."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from domainrules.cli._output import EXIT_DENIED, EXIT_OK
from domainrules.cli._policies import add_account_option, add_catalog_option, catalog
from domainrules.ram import least_privilege_policy, service_level_apis

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
    parser.add_argument(
        "--name",
        metavar="NAME",
        help="the policy's name: the output is then what RAM's CreatePolicy takes, "
        '{"PolicyName": NAME, "PolicyDocument": {...}}',
    )
    parser.add_argument(
        "--allow-widening",
        action="store_true",
        help="accept domain:* on the whole account when an API has nothing finer "
        "(without it, such an API is refused: exit 1)",
    )
    add_catalog_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    chosen = catalog(args.catalog)
    wide = service_level_apis(args.api, catalog=chosen)
    if wide:
        what = "it" if len(wide) == 1 else "them"
        warning = (
            f"least-privilege: {', '.join(wide)}: no action finer than domain:* on the "
            f"whole account allows {what}; that grants every Domains call on every domain "
            f"of account {args.account}"
        )
        if not args.allow_widening:
            print(f"{warning} (--allow-widening accepts that)", file=sys.stderr)
            return EXIT_DENIED
        print(f"warning: {warning}", file=sys.stderr)
    policy = least_privilege_policy(
        args.api,
        args.account,
        args.domain,
        catalog=chosen,
        name=args.name or "LeastPrivilege",
        allow_widening=args.allow_widening,
    )
    if args.name is None:
        print(policy.to_json(indent=2))
    else:
        document = {"PolicyName": args.name, "PolicyDocument": policy.to_mapping()}
        print(json.dumps(document, ensure_ascii=False, indent=2))
    return EXIT_OK
