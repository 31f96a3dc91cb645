"""SARIF 2.1.0 output, so that code-scanning tools show findings on the policy's lines.

One run of the ``domainrules`` tool; each result names its rule (the finding code), a
level (``error``, ``warning``, ``note``), a message and where: the file, and the line
and column of the JSON path (``region``, columns in Unicode code points), with the JSON
path itself as a logical location. Only the fields the standard requires, and those a
scanning service reads, are written.

>>> log = sarif_log([SarifResult("dead-deny", "error", "msg", "p.json", "$.Statement[1]", 3, 5)])
>>> log["version"], log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
('2.1.0', {'startLine': 3, 'startColumn': 5})
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

import attrs

__all__ = ["SARIF_SCHEMA", "SarifResult", "level", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@attrs.frozen
class SarifResult:
    """One result: a rule id, a level, a message and a place in a file."""

    rule: str
    level: str
    message: str
    file: str
    path: str
    line: int
    column: int


def level(severity: str) -> str:
    """The SARIF level of a severity: ``info`` is ``note``.

    >>> level("info"), level("error")
    ('note', 'error')
    """
    return _LEVELS[severity]


def _version() -> str:
    try:
        return metadata.version("domainrules")
    except metadata.PackageNotFoundError:  # run from a checkout
        return "0"


def _uri(file: str) -> str:
    # A URI, as SARIF's artifactLocation.uri wants: a relative reference with '/'
    # separators (the usual case in CI), or a file: URI for an absolute path.
    # A relative reference is percent-encoded as a URI is (RFC 3986): a space, '%',
    # '#', '?' or a non-ASCII letter in a file name would otherwise name another file
    # or no valid URI at all.
    path = PurePath(file)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix(), safe="/")


def sarif_log(results: Sequence[SarifResult]) -> dict[str, Any]:
    """The SARIF log of ``results`` (rules listed once each, in order of first use)."""
    rules: dict[str, int] = {}
    for result in results:
        rules.setdefault(result.rule, len(rules))
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "domainrules",
                        "version": _version(),
                        "rules": [{"id": rule} for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    {
                        "ruleId": result.rule,
                        "ruleIndex": rules[result.rule],
                        "level": result.level,
                        "message": {"text": result.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": _uri(result.file)},
                                    "region": {
                                        "startLine": result.line,
                                        "startColumn": result.column,
                                    },
                                },
                                "logicalLocations": [
                                    {"fullyQualifiedName": result.path, "kind": "member"}
                                ],
                            }
                        ],
                    }
                    for result in results
                ],
            }
        ],
    }
