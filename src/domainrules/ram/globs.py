"""The glob automaton of the analysis, at the path it had before the analysis became a wing.

RAM patterns have only ``*`` and ``?``; :class:`GlobAutomaton` tells which of several
patterns can match one text together, with the shortest such text as witness. It
lives in ``domainrules.ram.analysis._automaton`` (see that module for how it works
and its budget); this module re-exports it unchanged. The request grammar (the
texts a request can hold: ``request_resource_nfa`` and the like) is part of the
analysis (``domainrules.ram.analysis._universe``) and is no longer public here; the
old names still resolve, for code written against the earlier layout.

>>> automaton = GlobAutomaton([glob_nfa("foo*?bar"), glob_nfa("foo?*bar")])
>>> sorted((sorted(s), w) for s, w in automaton.cells().items())
[([], ''), ([0, 1], 'fooabar')]
"""

from __future__ import annotations

from typing import Any

from domainrules.ram.analysis._automaton import (
    ANY,
    DEFAULT_MAX_STATES,
    BudgetExceeded,
    Except,
    GlobAutomaton,
    Label,
    Nfa,
    casefold_nfa,
    glob_nfa,
    literal_nfa,
    sequence_nfa,
)

__all__ = [
    "ANY",
    "DEFAULT_MAX_STATES",
    "BudgetExceeded",
    "Except",
    "GlobAutomaton",
    "Label",
    "Nfa",
    "casefold_nfa",
    "glob_nfa",
    "literal_nfa",
    "sequence_nfa",
]

_GRAMMAR = frozenset(
    {"account_resource_nfa", "domain_name_nfa", "request_action_nfa", "request_resource_nfa"}
)


def __getattr__(name: str) -> Any:
    """The request grammar's old names, resolved from the analysis on first use."""
    if name in _GRAMMAR:
        from domainrules.ram.analysis import _universe

        return getattr(_universe, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
