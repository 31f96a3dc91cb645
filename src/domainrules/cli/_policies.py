"""What the access-control subcommands share: policy files, the catalog, the request context."""

from __future__ import annotations

import argparse
import os
from typing import Any

from domainrules.cli._json import JsonProblem, loads
from domainrules.cli._output import CliError, open_input
from domainrules.errors import DomainRulesError
from domainrules.ram import CATALOGS, DEFAULT_CATALOG, GLOBAL_KEYS, Catalog, Policy

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "add_account_option",
    "add_catalog_option",
    "add_policy_option",
    "catalog",
    "check_limits",
    "context",
    "load_policies",
    "read_text",
]


#: The largest policy document or JSON record the command line reads. RAM itself keeps a
#: custom policy to 6,144 characters (RAM limits page,
#: https://www.alibabacloud.com/help/en/ram/product-overview/limits); the cap leaves room
#: for pretty-printing and for the bigger documents ``lint`` is asked about, while a
#: 300 MB file is refused from its size alone, before any of it is read.
MAX_DOCUMENT_BYTES = 1 << 20


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


def read_text(path: str, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """The UTF-8 text of a file of at most ``limit`` bytes.

    The size is checked before the file is read (``stat``), and the read itself stops
    after ``limit`` bytes, for what ``stat`` cannot size (a pipe, ``/dev/zero``).
    OSError (no such file, a directory, no permission) is reported by ``main`` with
    the file name.
    """
    with open_input(path) as stream:  # a FIFO or device is refused, not read forever
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise CliError(_too_big(path, limit, f"{size:,} bytes"))
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise CliError(_too_big(path, limit, "more"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        line = data.count(b"\n", 0, failure.start) + 1
        raise CliError(f"{path}:{line}: not UTF-8 text ({failure.reason})") from None


def _too_big(path: str, limit: int, size: str) -> str:
    return f"{path}: {size} is more than the {limit:,} bytes a policy document or record may have"


def where(path: str, failure: DomainRulesError) -> str:
    """``FILE: JSON-PATH: message``."""
    inner = f"{failure.path}: " if failure.path else ""
    return f"{path}: {inner}{failure}"


def check_limits(path: str, text: str) -> None:
    """Refuse JSON beyond the command line's limits (depth, digits, NaN) before the
    library parses it; a plain syntax error is left to the library's own message."""
    try:
        loads(text)
    except JsonProblem as failure:
        if failure.limit:
            raise CliError(f"{path}: {failure}") from None


def load_policies(paths: list[str]) -> list[Policy]:
    policies = []
    for path in paths:
        text = read_text(path)
        check_limits(path, text)
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
