"""What the access-control subcommands share: policy files, the catalog, the request context."""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import CliError
from domainrules.errors import DomainRulesError
from domainrules.ram import CATALOGS, DEFAULT_CATALOG, GLOBAL_KEYS, Catalog, Policy

__all__ = [
    "add_account_option",
    "add_catalog_option",
    "add_policy_option",
    "catalog",
    "context",
    "load_policies",
    "read_text",
]


def add_policy_option(parser: argparse.ArgumentParser, *, or_owner: bool = False) -> None:
    """``--policy FILE`` (repeatable); with ``or_owner``, ``--owner ID`` instead of it."""
    where: Any = parser.add_mutually_exclusive_group(required=True) if or_owner else parser
    where.add_argument(
        "--policy",
        metavar="FILE",
        action="append",
        required=not or_owner,
        help="a RAM policy document (JSON); repeat for every policy attached to the user "
        "and its groups",
    )
    if or_owner:
        where.add_argument(
            "--owner",
            metavar="ID",
            help="the caller is the owner of account ID, which needs no policy: everything "
            "on its own account is allowed, nothing on another (instead of --policy)",
        )


def add_account_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account", metavar="ID", required=True, help="the account ID")


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        metavar="NAME",
        default=DEFAULT_CATALOG.name,
        help=f"the API -> action table: {', '.join(sorted(CATALOGS))} "
        f"(default {DEFAULT_CATALOG.name})",
    )


def catalog(name: str) -> Catalog:
    try:
        return CATALOGS[name]
    except KeyError:
        raise CliError(
            f"--catalog: no catalog {name!r}; shipped: {', '.join(sorted(CATALOGS))}"
        ) from None


def read_text(path: str) -> str:
    """The text of a file (OSError is reported by ``main`` with the file name)."""
    with open(path, encoding="utf-8-sig") as stream:
        try:
            return stream.read()
        except UnicodeDecodeError as failure:
            raise CliError(f"{path}: not UTF-8 text ({failure.reason})") from None


def where(path: str, failure: DomainRulesError) -> str:
    """``FILE: JSON-PATH: message``."""
    inner = f"{failure.path}: " if failure.path else ""
    return f"{path}: {inner}{failure}"


def load_policies(paths: list[str]) -> list[Policy]:
    policies = []
    for path in paths:
        text = read_text(path)
        try:
            policies.append(Policy.from_json(text, name=path))
        except DomainRulesError as failure:
            raise CliError(where(path, failure)) from None
    return policies


def context(pairs: list[str] | None) -> dict[str, Any]:
    """``KEY=VALUE`` pairs as a request context; Bool keys take true/false."""
    result: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CliError(f"--context: expected KEY=VALUE, not {pair!r}")
        if GLOBAL_KEYS.get(key.lower()) == "Bool":
            if value.lower() not in ("true", "false"):
                raise CliError(f"--context: {key} is true or false, not {value!r}")
            result[key] = value.lower() == "true"
        else:
            result[key] = value
    return result
