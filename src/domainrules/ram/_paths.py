"""JSON paths (``$.Statement[0]["acs:SourceIp"]``) for error messages and findings."""

from __future__ import annotations

import json
import re

__all__ = ["child", "parts"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def child(path: str, key: str | int) -> str:
    """The path of a member or an item.

    >>> child("$", "Statement"), child("$.Statement", 0), child("$.C", "acs:SourceIp")
    ('$.Statement', '$.Statement[0]', '$.C["acs:SourceIp"]')
    """
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENTIFIER.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def parts(path: str) -> list[str | int] | None:
    """The members and items of a path written by :func:`child` (None: not such a path).

    >>> parts('$.Statement[0].Condition["acs:SourceIp"]')
    ['Statement', 0, 'Condition', 'acs:SourceIp']
    """
    if not path.startswith("$"):
        return None
    found: list[str | int] = []
    position = 1
    decoder = json.JSONDecoder()
    while position < len(path):
        if path[position] == ".":
            match = _IDENTIFIER.match(path, position + 1)
            if match is None:
                return None
            found.append(match.group())
            position = match.end()
        elif path.startswith('["', position):
            try:
                key, end = decoder.raw_decode(path, position + 1)
            except ValueError:
                return None
            if not path.startswith("]", end):
                return None
            found.append(key)
            position = end + 1
        elif path[position] == "[":
            end = path.find("]", position)
            if end < 0 or not path[position + 1 : end].isdigit():
                return None
            found.append(int(path[position + 1 : end]))
            position = end + 1
        else:
            return None
    return found
