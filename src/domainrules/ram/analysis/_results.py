"""The answers of the analysis: relations, checks, regions and the statements behind them."""

from __future__ import annotations

from typing import Any

import attrs

from domainrules._validate import Choice
from domainrules.ram.errors import AnalysisError
from domainrules.ram.evaluate import Request
from domainrules.ram.policy import Effect

__all__ = [
    "AnalysisError",
    "Check",
    "CheckOutcome",
    "Comparison",
    "Region",
    "RegionCondition",
    "Relation",
    "StatementRef",
]


class Relation(Choice):
    """How the access of a new policy set relates to an old one."""

    EQUIVALENT = "equivalent"
    MORE_PERMISSIVE = "more-permissive"
    LESS_PERMISSIVE = "less-permissive"
    INCOMPARABLE = "incomparable"
    UNDECIDED = "undecided"


class CheckOutcome(Choice):
    """The answer of a check: it holds, it fails (with witnesses), or undecided."""

    PASS = "pass"
    FAIL = "fail"
    UNDECIDED = "undecided"


@attrs.frozen
class StatementRef:
    """A statement named by its policy, its index in the policy and its Sid."""

    policy: str
    index: int
    effect: Effect
    sid: str | None = None

    def __str__(self) -> str:
        sid = f" ({self.sid})" if self.sid else ""
        return f"{self.policy}[{self.index}]{sid} {self.effect}"


@attrs.frozen
class RegionCondition:
    """What holds of one condition clause in a region, as data.

    ``operator`` (with its qualifier, as written), ``key`` and ``values`` (plain JSON
    data) name the clause; ``holds`` says whether it holds there. A key that is absent
    from the region's requests has ``operator`` None (and no values).
    """

    key: str
    operator: str | None
    values: tuple[Any, ...] = ()
    holds: bool = True

    def __str__(self) -> str:
        """The clause as a reader says it: a clause that does not hold is written as its
        counterpart operator where there is one (not ``NotIpAddress`` is ``IpAddress``).

        >>> str(RegionCondition("acs:SourceIp", "NotIpAddress", ("10.0.0.0/8",), False))
        'IpAddress acs:SourceIp 10.0.0.0/8'
        >>> str(RegionCondition("acs:SecureTransport", "Bool", (True,), False))
        'not Bool acs:SecureTransport true'
        """
        if self.operator is None:
            return f"{self.key} is missing"
        shown = [str(v).lower() if isinstance(v, bool) else str(v) for v in self.values]
        value = shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]"
        operator = self.operator
        if not self.holds:
            operator = _COUNTERPARTS.get(operator, f"not {operator}")
        return f"{operator} {self.key} {value}"


# Unqualified operators and their negations: "not A" is exactly "B" (a missing key
# included: the negated operator holds for it, the positive one does not).
_PAIRS = (
    ("StringEquals", "StringNotEquals"),
    ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"),
    ("StringLike", "StringNotLike"),
    ("NumericEquals", "NumericNotEquals"),
    ("DateEquals", "DateNotEquals"),
    ("IpAddress", "NotIpAddress"),
)
_COUNTERPARTS = {**dict(_PAIRS), **{b: a for a, b in _PAIRS}}


@attrs.frozen
class Region:
    """A set of requests with one answer, the statements behind it and witnesses.

    ``actions`` and ``resources`` are the patterns (of the ``allowed_by``
    statements) that the region's requests match; ``conditions`` says what holds of
    the condition keys there. ``allowed_by`` are the Allow statements that allow
    these requests; ``denied_by`` the Deny statements that deny them on the other
    side (empty: denied by default there). ``witnesses`` are requests of the region,
    shortest first, each confirmed by the evaluator. ``clauses`` is ``conditions`` as
    data: one :class:`RegionCondition` per clause (or absent key).
    """

    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[str, ...]
    allowed_by: tuple[StatementRef, ...]
    denied_by: tuple[StatementRef, ...]
    witnesses: tuple[Request, ...]
    clauses: tuple[RegionCondition, ...] = ()


@attrs.frozen
class Check:
    """The result of every check: the outcome, the regions that fail it, and why undecided.

    ``regions`` is empty when the check passes. ``reasons`` says what exceeded the
    budget when the outcome is undecided (or where a failing check could not look).
    """

    outcome: CheckOutcome
    regions: tuple[Region, ...] = ()
    reasons: tuple[str, ...] = ()
    #: The budget resource that ran out (``"condition combinations"``...), or None.
    exhausted: str | None = None

    @property
    def passed(self) -> bool:
        """Whether the check holds (False also when undecided)."""
        return self.outcome is CheckOutcome.PASS


@attrs.frozen
class Comparison:
    """Two policy sets compared: the relation, the new access and the lost access."""

    relation: Relation
    new_access: tuple[Region, ...]
    lost_access: tuple[Region, ...]
    reasons: tuple[str, ...] = ()
    #: The budget resource that ran out (``"condition combinations"``...), or None.
    exhausted: str | None = None
