"""JSON from files and lines, with limits checked before the library sees a value.

The standard ``json`` module parses any nesting depth until it runs out of stack
(``RecursionError``), hands a 5,000-digit number to ``int()`` (``ValueError`` above
Python's 4,300-digit limit) and accepts ``NaN`` and ``Infinity``, which are not JSON.
Here each of these is a :class:`JsonProblem` naming the line and column, so the
command line reports bad input instead of a traceback.

>>> loads('{"expires_at": "2025-01-01T00:00:00Z"}')
{'expires_at': '2025-01-01T00:00:00Z'}
>>> loads('{"days": ' + "9" * 5000 + "}")
Traceback (most recent call last):
...
domainrules.cli._json.JsonProblem: line 1, column 10: a 5,000-digit number; at most 40 digits
>>> loads('{"statuses": ["clientTransferProhibited"], "statuses": []}')
Traceback (most recent call last):
...
domainrules.cli._json.JsonProblem: line 1, column 44: the key "statuses" appears twice in one object
>>> loads("[" * 100_000)
Traceback (most recent call last):
...
domainrules.cli._json.JsonProblem: line 1, column 65: nested more than 64 deep
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["MAX_DEPTH", "MAX_INT_DIGITS", "JsonProblem", "loads"]

#: Deeper nesting than any record or policy has; checked without recursion.
MAX_DEPTH = 64
#: No count, year or account id the library takes has more digits.
MAX_INT_DIGITS = 40


class JsonProblem(ValueError):
    """Text that is not JSON, or JSON beyond the limits; ``str()`` says where."""

    def __init__(self, message: str, line: int, column: int, *, limit: bool = False) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message = message
        self.line = line
        self.column = column
        #: True for JSON beyond the limits (depth, digits, NaN) or a key twice in one object,
        #: False for a syntax error.
        self.limit = limit


class _Refused(Exception):
    def __init__(self, message: str, token: str) -> None:
        super().__init__(message)
        self.token = token


def _int(token: str) -> int:
    digits = len(token) - token.startswith("-")
    if digits > MAX_INT_DIGITS:
        raise _Refused(f"a {digits:,}-digit number; at most {MAX_INT_DIGITS} digits", token)
    return int(token)


def _float(token: str) -> float:
    if len(token) > 2 * MAX_INT_DIGITS:
        raise _Refused(f"a {len(token):,}-character number", token)
    value = float(token)
    if not math.isfinite(value):
        raise _Refused(f"{token} is out of the range of a number", token)
    return value


def _constant(token: str) -> Any:
    raise _Refused(f"{token} is not JSON", token)


class _Duplicate(_Refused):
    """A key twice in one object: refused, never "the last one wins"."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(f"the key {json.dumps(key)} appears twice in one object", key)
            seen.add(key)
    return result


def _where(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def loads(text: str) -> Any:
    """``json.loads`` with the limits above; raise :class:`JsonProblem`."""
    try:
        value = json.loads(
            text,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as failure:
        raise JsonProblem(failure.msg, failure.lineno, failure.colno) from None
    except _Duplicate as failure:
        # Point at the second spelling of the key (the hook is not told where it is).
        token = json.dumps(failure.token)
        second = text.find(token, text.find(token) + 1)
        line, column = _where(text, max(second, 0))
        raise JsonProblem(str(failure), line, column, limit=True) from None
    except _Refused as failure:
        # The hooks are not told where the token is: find its first occurrence.
        line, column = _where(text, max(text.find(failure.token), 0))
        raise JsonProblem(str(failure), line, column, limit=True) from None
    except RecursionError:
        raise _too_deep(text) from None
    if isinstance(value, (dict, list)):
        _check_depth(value, text)
    return value


def _too_deep(text: str) -> JsonProblem:
    # Point at the opening bracket that goes one level too deep.
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _where(text, index)
                return JsonProblem(f"nested more than {MAX_DEPTH} deep", line, column, limit=True)
        elif char in "]}":
            depth -= 1
    return JsonProblem(f"nested more than {MAX_DEPTH} deep", 1, 1, limit=True)


def _check_depth(value: Any, text: str) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            # Brackets inside strings could mislead the scan; it only locates the fault.
            raise _too_deep(text)
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
