"""Where each JSON path of a document is in its text: line and column, for SARIF.

A small scanner over JSON text that the library has already accepted (or that
:func:`domainrules.cli._json.loads` has checked for depth): it records, for every
member and item, where it starts - the key of a member, the value of an item - as
1-based line and column (columns count characters, not bytes). Paths are written as
the library writes them (``$.Statement[0]["acs:SourceIp"]``). Text that is not JSON
yields what was read before the fault; a path not in the map falls back to its
nearest ancestor (:func:`locate`).

>>> text = '{"Version": "1",\\n "Statement": [{"Effect": "Allow"}]}'
>>> positions = json_positions(text)
>>> positions["$.Statement[0].Effect"], positions["$.Statement"]
((2, 17), (2, 2))
>>> locate(positions, '$.Statement[0].Condition["acs:SourceIp"]')
(2, 16)
"""

from __future__ import annotations

import bisect
import json
import re

__all__ = ["child", "json_positions", "locate"]

_WHITESPACE = " \t\n\r"


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def child(path: str, key: str | int) -> str:
    """A member's or an item's path, written as the library writes JSON paths.

    >>> child("$", "Statement"), child("$.Statement", 0), child("$.C", "acs:SourceIp")
    ('$.Statement', '$.Statement[0]', '$.C["acs:SourceIp"]')
    """
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENTIFIER.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


class _Stop(Exception):
    """The text is not JSON here: keep what was found."""


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.index = 0
        self.found: dict[str, int] = {}

    def skip(self) -> None:
        text, index = self.text, self.index
        while index < len(text) and text[index] in _WHITESPACE:
            index += 1
        self.index = index

    def peek(self) -> str:
        self.skip()
        if self.index >= len(self.text):
            raise _Stop
        return self.text[self.index]

    def string(self) -> str:
        text, start = self.text, self.index
        index = start + 1
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == '"':
                self.index = index + 1
                try:
                    value: str = json.loads(text[start : index + 1])
                except ValueError:
                    raise _Stop from None
                return value
            index += 1
        raise _Stop

    def value(self, path: str) -> None:
        char = self.peek()
        if char == "{":
            self.index += 1
            if self.peek() == "}":
                self.index += 1
                return
            while True:
                if self.peek() != '"':
                    raise _Stop
                at = self.index
                key = self.string()
                member = child(path, key)
                self.found.setdefault(member, at)
                if self.peek() != ":":
                    raise _Stop
                self.index += 1
                self.value(member)
                char = self.peek()
                self.index += 1
                if char == "}":
                    return
                if char != ",":
                    raise _Stop
        elif char == "[":
            self.index += 1
            if self.peek() == "]":
                self.index += 1
                return
            number = 0
            while True:
                item = child(path, number)
                self.peek()
                self.found.setdefault(item, self.index)
                self.value(item)
                number += 1
                char = self.peek()
                self.index += 1
                if char == "]":
                    return
                if char != ",":
                    raise _Stop
        elif char == '"':
            self.string()
        else:
            text, index = self.text, self.index
            while index < len(text) and text[index] not in _WHITESPACE + ",]}":
                index += 1
            if index == self.index:
                raise _Stop
            self.index = index


def json_positions(text: str) -> dict[str, tuple[int, int]]:
    """Every JSON path of ``text`` with its (line, column), both from 1."""
    scanner = _Scanner(text)
    try:
        scanner.peek()
        scanner.found["$"] = scanner.index
        scanner.value("$")
    except (_Stop, RecursionError):
        pass
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    positions = {}
    for path, offset in scanner.found.items():
        line = bisect.bisect_right(starts, offset)
        positions[path] = (line, offset - starts[line - 1] + 1)
    return positions


def locate(positions: dict[str, tuple[int, int]], path: str) -> tuple[int, int]:
    """The position of ``path``, or of its nearest ancestor in ``positions`` (else 1, 1)."""
    while path:
        if path in positions:
            return positions[path]
        cut = max(path.rfind("["), path.rfind("."))
        if cut <= 0:
            break
        path = path[:cut]
    return positions.get("$", (1, 1))
