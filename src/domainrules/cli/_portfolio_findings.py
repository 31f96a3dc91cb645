"""What ``domainrules portfolio`` reports besides the rows: bad rows and findings.

Bad rows and findings go to stderr, the first few of each kind in full and the rest
counted (:class:`_Problems`); the duplicate check keeps a 64-bit key per name seen.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import Counter
from typing import TYPE_CHECKING

from domainrules.cli._output import one_line
from domainrules.names import canonical_name

if TYPE_CHECKING:
    from domainrules.cli.portfolio import _Progress

#: How many rows of one kind of problem are shown; the rest are counted.
SHOWN = 3


class _Problems:
    """Bad rows and findings on stderr: the first :data:`SHOWN` of each kind in full, the
    rest counted and summarised once at the end, so that a file with the same fault on
    every row gives a few lines, not one per row."""

    def __init__(self, source: str, progress: _Progress) -> None:
        self.source = source
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self.where: dict[str, list[str]] = {}
        self.total = 0

    def add(self, where: str, kind: str, message: str, prefix: str = "") -> None:
        self.total += 1
        count = self.counts[kind] = self.counts[kind] + 1
        if count <= SHOWN:
            self.show(where, kind, message, prefix)

    def counted(self, kind: str) -> bool:
        """Count one more of ``kind``; True when it is also to be shown (call :meth:`show`):
        the message of a row past the first few is never even built."""
        self.total += 1
        count = self.counts[kind] = self.counts[kind] + 1
        return count <= SHOWN

    def counted_many(self, kind: str, count: int) -> int:
        """Count ``count`` more of ``kind`` (rows in file order); how many of the first
        of them are to be shown."""
        before = self.counts[kind]
        self.total += count
        self.counts[kind] = before + count
        return max(0, min(count, SHOWN - before))

    def show(self, where: str, kind: str, message: str, prefix: str = "") -> None:
        self.where.setdefault(kind, []).append(where)
        self.progress.clear()
        sys.stderr.write(one_line(f"{self.source}:{where}: {prefix}{message}") + "\n")

    def summary(self, noun: str) -> list[str]:
        return [
            one_line(
                f"{self.source}: {count:,} {noun} in all: {kind} (the first at "
                f"{', '.join(self.where[kind])}; {count - SHOWN:,} more not shown)"
            )
            for kind, count in self.counts.items()
            if count > SHOWN
        ]


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")

_NUMBER = re.compile(r"\d[\d,]*")


def _kind(message: str, name: str | None = None) -> str:
    """A problem's kind: its message with the row's own values taken out."""
    if name:
        message = message.replace(name, "NAME")
    return _NUMBER.sub("N", _QUOTED.sub("'…'", message))


class _Seen:
    """The names seen so far, as 64-bit hashes with the line each was first on, in two
    flat arrays (open addressing): 24 bytes a name, where a dict of ints takes about
    100. Two names with the same 64-bit hash would be taken for one (about one chance
    in 10^7 for a million names)."""

    def __init__(self) -> None:
        self.size = 1 << 12
        self.keys = array("Q", bytes(8 * self.size))
        self.lines = array("Q", bytes(8 * self.size))
        self.count = 0

    def add(self, hashed: int, line: int) -> int:
        """Record ``hashed`` at ``line``; the line it was first seen on, or 0."""
        key = (hashed & 0xFFFF_FFFF_FFFF_FFFF) | 1  # never 0, the empty slot
        keys = self.keys
        mask = self.size - 1
        index = key & mask
        while True:
            found = keys[index]
            if found == key:
                return self.lines[index]
            if not found:
                break
            index = (index + 1) & mask
        keys[index] = key
        self.lines[index] = line
        self.count += 1
        if self.count * 2 > self.size:
            self._grow()
        return 0

    def _grow(self) -> None:
        old = zip(self.keys, self.lines, strict=True)
        self.size *= 2
        self.keys = keys = array("Q", bytes(8 * self.size))
        self.lines = lines = array("Q", bytes(8 * self.size))
        mask = self.size - 1
        for key, line in old:
            if key:
                index = key & mask
                while keys[index]:
                    index = (index + 1) & mask
                keys[index] = key
                lines[index] = line


def _canonical(name: str) -> str:
    """The name two spellings of one domain share (``Example.COM.``, ``例子.中国`` and
    its A-label): the library's :func:`~domainrules.canonical_name` of the cell as
    written, without the spaces around it."""
    return canonical_name(name.strip())
