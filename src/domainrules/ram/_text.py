"""Small text helpers for error messages and checks: safe short reprs, real text."""

from __future__ import annotations

from typing import Any

__all__ = ["is_text", "short_repr"]


def short_repr(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, safe for any value.

    A huge int has no repr under Python's digit limit and a hostile object's
    ``__repr__`` may fail: neither may turn a clear error into a crash.

    >>> short_repr("x" * 100, 10), short_repr(10**5000)
    ("'xxxxxx...", '<int of 5001 digits>')
    """
    try:
        text = repr(value)
    except Exception:
        if isinstance(value, int):
            # log10(2) = 0.30103: the number of decimal digits, without printing them.
            return f"<int of {int(value.bit_length() * 0.30103) + 1} digits>"
        return f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_text(value: Any) -> bool:
    """Whether ``value`` is a str that is real text (no lone surrogate: it encodes).

    >>> is_text("例子"), is_text("\\ud800"), is_text(b"x")
    (True, False, False)
    """
    if not isinstance(value, str):
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
