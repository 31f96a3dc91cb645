"""The brute-force model of policy analysis: try every request of a small finite universe.

Obviously correct and slow: each request of the universe is decided one by one, and
the answers are collected per policy set. The analysis must find new access wherever
this model does. Requests are decided by the library's evaluator (fast; it is itself
checked against the reference evaluator in ``tests/ram/test_differential.py``) or,
with ``reference=True``, by the reference evaluator (the semantics read literally).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from domainrules.ram import PolicySet, Request
from tests.reference.ram_reference import SINGLE_VALUED, reference_evaluate

__all__ = ["contexts", "decide_all", "strings"]


def strings(alphabet: str, max_length: int, *, prefix: str = "", empty: bool = False) -> list[str]:
    """Every string over ``alphabet`` up to ``max_length`` characters, after ``prefix``."""
    result = [prefix] if empty else []
    for length in range(1, max_length + 1):
        result.extend(prefix + "".join(p) for p in itertools.product(alphabet, repeat=length))
    return result


def contexts(pools: Mapping[str, Sequence[Any]], *, max_set: int = 2) -> Iterator[dict[str, Any]]:
    """Every context over ``pools``: each key missing, one value, or a set of values.

    The single-valued global keys (``acs:SourceIp``...) get one value or none.
    """
    per_key: list[list[Any]] = []
    for name, pool in pools.items():
        options: list[Any] = [None]
        largest = 1 if name.lower() in SINGLE_VALUED else max_set
        for size in range(1, largest + 1):
            for combination in itertools.combinations(pool, size):
                options.append(combination[0] if size == 1 else list(combination))
        per_key.append(options)
    names = list(pools)
    for choice in itertools.product(*per_key):
        yield {name: value for name, value in zip(names, choice, strict=False) if value is not None}


def decide_all(
    sides: Sequence[PolicySet],
    requests: Iterable[Request],
    *,
    reference: bool = False,
) -> Iterator[tuple[Request, tuple[bool, ...]]]:
    """Each request with whether each side allows it."""
    documents = [[(p.name, p.to_mapping()) for p in side.policies] for side in sides]
    for request in requests:
        if reference:
            context = {k: list(v) for k, v in request.context.items()}
            yield (
                request,
                tuple(
                    reference_evaluate(d, request.action, request.resource, context)[0] == "Allow"
                    for d in documents
                ),
            )
        else:
            yield request, tuple(side.evaluate(request).allowed for side in sides)
