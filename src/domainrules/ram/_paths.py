"""JSON paths (``$.Statement[0]["acs:SourceIp"]``) for error messages and findings."""

from __future__ import annotations

import json
import re

__all__ = ["child"]

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
