"""Wildcard patterns of the RAM policy language, compiled once, matched in linear time.

Only ``*`` (any run of characters, also empty, also across ``:`` and ``/``) and ``?``
(exactly one character) are special; everything else is literal, and the whole text
must match. A pattern is compiled once into one of five shapes, so that most matches
are a single string comparison and none ever backtracks:

- ``exact`` (no wildcard), ``any`` (only stars), ``prefix`` (``abc*``),
  ``suffix`` (``*abc``), ``prefix_suffix`` (``ab*cd``);
- ``general``: the pattern is cut at its stars into fixed-length segments; the first
  is anchored at the start, the last at the end, and each middle one is placed at its
  leftmost occurrence after the previous one. Leftmost placement is optimal for
  fixed-length segments, so there is no backtracking: the work is at most
  O(len(pattern) x len(text)) and usually one ``str.find`` per segment.

>>> pattern = compile_pattern("domain:Query*", ignore_case=True)
>>> pattern.kind, pattern.matches("domain:querydomainlist")
('prefix', True)
>>> compile_pattern("a[b]?").matches("a[b]c")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

import attrs

from domainrules.errors import ArgumentTypeError

__all__ = ["Pattern", "PatternKind", "compile_pattern", "covers", "has_wildcard", "overlaps"]

PatternKind = Literal["exact", "any", "prefix", "suffix", "prefix_suffix", "general"]


def has_wildcard(text: str) -> bool:
    """Whether ``text`` holds ``*`` or ``?``.

    >>> has_wildcard("domain:Query*"), has_wildcard("domain:QueryDomainList")
    (True, False)
    """
    return "*" in text or "?" in text


@attrs.frozen
class _Segment:
    """A fixed-length piece between stars; ``?`` stands for any one character."""

    text: str
    # None for a literal segment; else a regex of literals and "." only (no quantifier,
    # so a search is linear in the text for each of the segment's few positions).
    regex: re.Pattern[str] | None

    def at(self, text: str, position: int) -> bool:
        if self.regex is None:
            return text.startswith(self.text, position)
        return self.regex.match(text, position) is not None

    def find(self, text: str, start: int, end: int) -> int:
        if self.regex is None:
            return text.find(self.text, start, end)
        found = self.regex.search(text, start, end)
        return -1 if found is None else found.start()


def _segment(text: str) -> _Segment:
    if "?" not in text:
        return _Segment(text, None)
    regex = ".".join(re.escape(piece) for piece in text.split("?"))
    return _Segment(text, re.compile(regex, re.DOTALL))


@attrs.frozen
class Pattern:
    """A compiled wildcard pattern; :meth:`matches` tells whether a text matches.

    ``ignore_case`` patterns are stored lower-cased and expect a lower-cased text (the
    caller lowers the text once for all its patterns).

    >>> compile_pattern("*a*a*a*b").matches("a" * 10_000)
    False
    >>> compile_pattern("acs:domain:*:*:domain/example.com").kind
    'general'
    """

    source: str
    text: str
    kind: PatternKind
    ignore_case: bool
    #: The literal text before the first wildcard (the whole text when exact).
    head: str
    #: The literal text after the last wildcard (the whole text when exact).
    tail: str
    _segments: tuple[_Segment, ...] = attrs.field(eq=False, repr=False)
    _min_length: int = attrs.field(eq=False, repr=False)

    def matches(self, text: str) -> bool:
        """Whether the whole of ``text`` matches the pattern.

        >>> compile_pattern("domain/?.com").matches("domain/ab.com")
        False
        """
        if not isinstance(text, str):
            raise ArgumentTypeError(
                f"a pattern matches text, not {type(text).__name__}", field="text", value=text
            )
        kind = self.kind
        if kind == "exact":
            return text == self.text
        if kind == "prefix":
            return text.startswith(self.head)
        if kind == "any":
            return True
        if kind == "suffix":
            return text.endswith(self.tail)
        if kind == "prefix_suffix":
            return (
                len(text) >= self._min_length
                and text.startswith(self.head)
                and text.endswith(self.tail)
            )
        return self._match_general(text)

    def matcher(self) -> Callable[[str], bool]:
        """A function equivalent to :meth:`matches` with the shape dispatch done once.

        >>> compile_pattern("domain/*.com").matcher()("domain/example.com")
        True
        """
        kind, head, tail, least = self.kind, self.head, self.tail, self._min_length
        if kind == "exact":
            return self.text.__eq__
        if kind == "any":
            return _always
        if kind == "prefix":
            return lambda text: text.startswith(head)
        if kind == "suffix":
            return lambda text: text.endswith(tail)
        if kind == "prefix_suffix":
            return lambda text: len(text) >= least and text.startswith(head) and text.endswith(tail)
        if "?" not in self.text:
            return _literal_general(self.text.split("*"), least)
        return self._match_general

    def _match_general(self, text: str) -> bool:
        segments = self._segments
        length = len(text)
        if length < self._min_length:
            return False
        if len(segments) == 1:
            # No star at all, only "?": one fixed-length segment filling the text.
            return length == len(segments[0].text) and segments[0].at(text, 0)
        first, last = segments[0], segments[-1]
        if not first.at(text, 0):
            return False
        end = length - len(last.text)
        if not last.at(text, end):
            return False
        position = len(first.text)
        for segment in segments[1:-1]:
            if not segment.text:
                continue
            found = segment.find(text, position, end)
            if found < 0:
                return False
            position = found + len(segment.text)
        return True


def _always(text: str) -> bool:
    return True


def _literal_general(pieces: list[str], least: int) -> Callable[[str], bool]:
    """The general shape when there is no ``?``: ``startswith``, ``endswith``, ``find``."""
    first, last = pieces[0], pieces[-1]
    start = len(first)
    middles = tuple((piece, len(piece)) for piece in pieces[1:-1] if piece)

    def match(text: str) -> bool:
        if len(text) < least or not text.startswith(first) or not text.endswith(last):
            return False
        position = start
        end = len(text) - len(last)
        for piece, length in middles:
            position = text.find(piece, position, end)
            if position < 0:
                return False
            position += length
        return True

    return match


def compile_pattern(source: str, *, ignore_case: bool = False) -> Pattern:
    """Compile a wildcard pattern (``*`` and ``?`` only) into its fastest shape.

    >>> [compile_pattern(p).kind for p in ("a", "*", "a*", "*a", "a*b", "a?", "*a*")]
    ['exact', 'any', 'prefix', 'suffix', 'prefix_suffix', 'general', 'general']
    """
    if not isinstance(source, str):
        raise ArgumentTypeError(
            f"a pattern must be text, not {type(source).__name__}", field="source", value=source
        )
    text = source.lower() if ignore_case else source
    if not has_wildcard(text):
        return Pattern(source, text, "exact", ignore_case, text, text, (), len(text))
    pieces = text.split("*")
    segments = tuple(_segment(piece) for piece in pieces)
    min_length = sum(len(piece) for piece in pieces)
    head = _literal_head(text)
    tail = _literal_tail(text)
    kind: PatternKind = "general"
    if "?" not in text:
        if min_length == 0:
            kind = "any"
        elif len(pieces) == 2:
            kind = "prefix" if not pieces[1] else "suffix" if not pieces[0] else "prefix_suffix"
    return Pattern(source, text, kind, ignore_case, head, tail, segments, min_length)


def _literal_head(text: str) -> str:
    cut = min((i for i in (text.find("*"), text.find("?")) if i >= 0), default=len(text))
    return text[:cut]


def _literal_tail(text: str) -> str:
    cut = max(text.rfind("*"), text.rfind("?"))
    return text[cut + 1 :]


def covers(wide: Pattern, narrow: Pattern) -> bool:
    """Whether every text ``narrow`` matches is also matched by ``wide`` (sound, not complete).

    ``narrow`` is matched symbolically: a ``*`` of ``wide`` may absorb anything, a ``?``
    of ``wide`` one literal or one ``?``; a ``*`` of ``narrow`` only by a ``*`` of
    ``wide``. When that succeeds, inclusion holds. The patterns are short (a policy is
    at most a few thousand characters), so the quadratic table is cheap.

    >>> covers(compile_pattern("domain:*"), compile_pattern("domain:Dns*"))
    True
    >>> covers(compile_pattern("domain:Dns*"), compile_pattern("domain:*"))
    False
    """
    if wide.kind == "any" or wide.text == narrow.text:
        return True
    if narrow.kind == "exact":
        return wide.matches(narrow.text)
    w, n = wide.text, narrow.text
    row = [True] + [False] * len(n)
    for char in w:
        new = [row[0] and char == "*"] + [False] * len(n)
        for j, symbol in enumerate(n, start=1):
            if char == "*":
                new[j] = row[j] or new[j - 1]
            elif char == "?":
                new[j] = row[j - 1] and symbol != "*"
            else:
                new[j] = row[j - 1] and symbol == char
        row = new
    return row[-1]


def overlaps(first: str, second: str) -> bool:
    """Whether some text matches both wildcard patterns (exact, for ``*`` and ``?``).

    A search over (position in ``first``, position in ``second``): a ``*`` of either
    side takes nothing or one more symbol of the other (a ``*`` of the other included),
    and two other symbols meet when either is ``?`` or they are equal.

    >>> overlaps("domain:Dns*", "domain:*Setting"), overlaps("domain:Dns*", "domain:Query*")
    (True, False)
    """
    start = (0, 0)
    seen = {start}
    stack = [start]
    end = (len(first), len(second))
    while stack:
        i, j = stack.pop()
        if (i, j) == end:
            return True
        a = first[i] if i < len(first) else ""
        b = second[j] if j < len(second) else ""
        moves = []
        if a == "*":
            moves.append((i + 1, j))
            if b:
                moves.append((i, j + 1))
        if b == "*":
            moves.append((i, j + 1))
            if a:
                moves.append((i + 1, j))
        if a and b and a != "*" and b != "*" and (a == b or "?" in (a, b)):
            moves.append((i + 1, j + 1))
        for move in moves:
            if move not in seen:
                seen.add(move)
                stack.append(move)
    return False
