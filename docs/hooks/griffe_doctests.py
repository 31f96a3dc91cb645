"""Griffe extension for the API pages: docstrings are written for ``help()`` and doctest,
so fence their ``>>>`` examples as code and turn reST roles into Markdown code spans.

Without it, Markdown reads ``['a', 'b']`` in a doctest's output as a link reference.

>>> fence("> > > 1 + 1\\n2\\n\\nText with ``code`` and :class:`Phase`.".replace("> > >", ">>>")).split("\\n")
['```pycon', '>>> 1 + 1', '2', '```', '', 'Text with `code` and `Phase`.']
"""

from __future__ import annotations

import re
from typing import Any

try:
    from griffe import Extension
except ImportError:  # the test environment has no griffe: only `fence` is tested there
    Extension = object  # type: ignore[assignment,misc]

_ROLE = re.compile(r":(?:class|func|meth|attr|mod|data|exc|obj):`~?([^`]+)`")
_DOUBLE = re.compile(r"``([^`]+)``")


def fence(text: str) -> str:
    """``text`` with each run of doctest lines fenced and reST markup made Markdown."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if not inside and line.lstrip().startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not line.strip():
            out.append("```")
            inside = False
        if not inside:
            line = _DOUBLE.sub(r"`\1`", _ROLE.sub(r"`\1`", line))
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


class DoctestFences(Extension):  # type: ignore[misc,valid-type]
    """Rewrite every docstring as it is loaded."""

    def on_instance(self, *, obj: Any, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence(obj.docstring.value)


_ENUM_BASES = frozenset({"Choice", "Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"})


class EnumMembers(Extension):  # type: ignore[misc,valid-type]
    """Give each enumeration member its value as docstring, so that the API page lists
    the members (an undocumented attribute is not shown)."""

    def on_class_members(self, *, cls: Any, **kwargs: Any) -> None:
        if not any(str(base).rsplit(".", 1)[-1] in _ENUM_BASES for base in cls.bases):
            return
        from griffe import Docstring

        for name, member in cls.members.items():
            if name.startswith("_") or not getattr(member, "is_attribute", False):
                continue
            if member.value is None:
                continue
            value = f"The value `{member.value}`."
            if member.docstring is None:
                member.docstring = Docstring(value, parent=member)
            else:
                member.docstring.value = f"{member.docstring.value}\n\n{value}"
