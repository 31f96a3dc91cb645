"""What every subcommand shares: errors, instants from the command line, JSON, tables."""

from __future__ import annotations

import argparse
import enum
import json
import os
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import IO, Any, BinaryIO, NoReturn

import attrs

from domainrules.errors import DomainRulesError
from domainrules.instants import to_utc
from domainrules.rulesets import (
    DEFAULT_RULE_SET,
    RULE_SETS,
    RuleSet,
    get_rule_set,
    load_rule_set,
)

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_DENIED",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_UNDECIDED",
    "CliError",
    "RulesFile",
    "add_json_option",
    "add_rules_file_option",
    "add_rules_option",
    "count_option",
    "display_width",
    "dump_json",
    "ensure_ascii",
    "error",
    "instant_option",
    "jsonable",
    "now",
    "one_line",
    "open_input",
    "require_stdout",
    "rule_set",
    "rules_file",
    "table",
]

#: Success; the request is allowed; no finding at error level.
EXIT_OK = 0
#: Denied, or findings at error level.
EXIT_DENIED = 1
#: Bad input: a file, a line, a JSON path or an option that cannot be used.
EXIT_BAD_INPUT = 2
#: The policy analysis could not decide within its budget (``--budget``).
EXIT_UNDECIDED = 3
#: A bug in domainrules (EX_SOFTWARE in sysexits.h): the input may be fine.
EXIT_INTERNAL = 70

# A message is one line on stderr; longer than this it is cut (a value may be huge).
_MAX_MESSAGE = 2000


class CliError(Exception):
    """Bad input found by the command line itself; ``main`` prints it and exits 2."""


def error(message: str) -> NoReturn:
    raise CliError(message)


def now() -> datetime:
    # Whole seconds: "now" is printed, and microseconds only add noise.
    return datetime.now(timezone.utc).replace(microsecond=0)


def one_line(text: str) -> str:
    r"""``text`` as one line of bounded length: line breaks escaped, the tail cut.

    >>> print(one_line("a.csv:3: bad\nrow"))
    a.csv:3: bad\nrow
    """
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "..."


def instant_option(text: str | None, option: str) -> datetime:
    """An instant given on the command line, ``None`` meaning now."""
    if text is None:
        return now()
    try:
        return to_utc(text, option)
    except DomainRulesError as failure:
        raise CliError(str(failure)) from None


def count_option(limit: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from 0 to ``limit`` (argparse names the option).

    >>> count_option(10)("3")
    3
    >>> count_option(10)("11")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '11' is not a whole number from 0 to 10
    """

    def count(text: str) -> int:
        # Checked before int(): a 5,000-digit number must not reach int() at all.
        digits = text.strip()
        if not digits.isascii() or not digits.isdigit() or len(digits) > len(str(limit)):
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to {limit}")
        value = int(digits)
        if value > limit:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to {limit}")
        return value

    return count


class RulesFile(str):
    """A ``--rules-file`` path, as the value of ``args.rules``: :func:`rule_set` loads it
    (so every subcommand that reads ``args.rules`` takes a file without a change)."""


class _RulesFileAction(argparse.Action):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, RulesFile(values))


def add_rules_option(parser: argparse.ArgumentParser) -> None:
    """``--rules NAME`` or ``--rules-file PATH`` (one of them), both into ``args.rules``."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--rules",
        metavar="NAME",
        default=DEFAULT_RULE_SET.name,
        help=f"the rule set: {', '.join(RULE_SETS)} (default {DEFAULT_RULE_SET.name})",
    )
    add_rules_file_option(group, dest="rules")


def add_rules_file_option(parser: Any, *, dest: str = "rules_file") -> None:
    parser.add_argument(
        "--rules-file",
        metavar="PATH",
        dest=dest,
        action=_RulesFileAction,
        default=argparse.SUPPRESS,
        help="a rule-set file (TOML or JSON; docs: Rule-set files) instead of a shipped set",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="write JSON for machines")


def rule_set(name: str) -> RuleSet:
    """The rule set ``--rules`` names or ``--rules-file`` holds; a file's policy warnings
    go to stderr (the set is still used: a warning is not a refusal)."""
    if isinstance(name, RulesFile):
        return rules_file(name)
    try:
        return get_rule_set(name)
    except DomainRulesError as failure:
        raise CliError(f"--rules: {failure}") from None


def rules_file(path: str) -> RuleSet:
    """The rule set in the file at ``path``; its warnings on stderr."""
    from pathlib import Path

    try:
        loaded = load_rule_set(Path(path))
    except DomainRulesError as failure:
        raise CliError(f"--rules-file: {failure}") from None
    for warning in loaded.warnings:
        sys.stderr.write(one_line(f"{path}: warning: {warning}") + "\n")
    return loaded


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: instants as ISO 8601 text, enums by value."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Mapping):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, (frozenset, set)):
        return sorted(jsonable(v) for v in value)
    if attrs.has(type(value)):
        return {
            field.name: jsonable(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if not field.name.startswith("_")
        }
    if isinstance(value, Iterable):
        return [jsonable(v) for v in value]
    return str(value)


@lru_cache(maxsize=8)
def _encodes_all_of_unicode(encoding: str) -> bool:
    try:
        "\u00e9\u4f8b\U0010ffff".encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def ensure_ascii(stream: IO[str]) -> bool:
    """Whether JSON for ``stream`` must escape non-ASCII text (``PYTHONIOENCODING=ascii``,
    a Latin-1 terminal): ``\\uXXXX`` escapes are still the same JSON, while the stream's
    own replacement of a character it cannot encode would not be."""
    return not _encodes_all_of_unicode(getattr(stream, "encoding", None) or "utf-8")


def dump_json(value: Any, out: IO[str] | None = None) -> None:
    """Write ``value`` as indented JSON and a newline."""
    stream = out if out is not None else sys.stdout
    json.dump(jsonable(value), stream, ensure_ascii=ensure_ascii(stream), indent=2)
    stream.write("\n")


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    # East Asian wide characters (.中国) take two columns on a terminal.
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table, columns padded to their widest cell, no trailing spaces."""
    cells = [[str(h) for h in headers]] + [
        ["-" if c is None or c == "" else str(c) for c in row] for row in rows
    ]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(
            c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_input(path: str) -> BinaryIO:
    """``path`` opened for reading in binary, refused unless it is a regular file.

    Opened without blocking first, so that a FIFO with no writer, or a device, is
    refused at once instead of waiting, or reading, forever.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        check_regular(path, os.fstat(fd).st_mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(path: str, mode: int) -> None:
    """Refuse a file that is not a regular file (a directory, FIFO, device, socket)."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise CliError(f"{path}: is a directory, not a file")
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise CliError(f"{path}: is {kind}, not a regular file; only regular files are read")


def require_stdout() -> IO[str]:
    """Standard output, or a :class:`CliError` when it is closed."""
    out = sys.stdout
    if out is None or getattr(out, "closed", False):
        raise CliError("standard output is closed; nothing can be written")
    return out
