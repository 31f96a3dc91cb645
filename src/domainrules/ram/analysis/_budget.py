"""The one budget of an analysis: every kind of work it does draws on it.

A question about two policies under RAM's 6,144-character limit can still ask for
much work: an automaton over many overlapping patterns, a condition key tested by many
clauses, the product of the condition cells, one region per combination, a witness per
region. Each is counted here in *steps* of roughly equal cost (a few microseconds);
when a question would spend more than its budget, :class:`BudgetExceeded` names the
resource that ran out, and the answer is "undecided", never a guess, a hang or an
out-of-memory.

>>> budget = Budget(100)
>>> budget.spend("condition cells", 30)
>>> budget.spend("regions", 1)
Traceback (most recent call last):
...
domainrules.ram.analysis._budget.BudgetExceeded: the analysis budget of 100 steps ran out on regions (automaton states 0, automaton transitions 0, condition cells 60, condition combinations 0, regions 100, witnesses 0)
"""

from __future__ import annotations

__all__ = ["DEFAULT_BUDGET", "RESOURCES", "Budget", "BudgetExceeded"]

#: The default budget of one question, in steps of about 1-5 microseconds: seconds on
#: a shared 2-core machine at worst, and memory bounded with it (at most 20,000
#: regions, 2,000,000 automaton transitions: a few hundred megabytes);
#: ``benchmarks/analysis.py`` ("adversarial") measures it. Half of it answered
#: "undecided" for some random policies of 21-50 statements and some 20-against-20
#: ARN pattern sets that the earlier per-automaton caps decided.
DEFAULT_BUDGET = 2_000_000

#: What the budget pays for, with the steps one unit costs (measured ratios: a new
#: automaton state costs about four combinations of condition cells plus one per
#: symbol leading out of it; a region, with its description, a hundred; each request
#: tried as a witness, evaluated by both sides, forty).
RESOURCES: dict[str, int] = {
    "automaton states": 4,
    "automaton transitions": 1,
    "condition cells": 2,
    "condition combinations": 1,
    "regions": 100,
    "witnesses": 40,
}


class BudgetExceeded(Exception):
    """The analysis would need more than its budget: ``resource`` is what ran out."""

    def __init__(self, message: str, resource: str = "automaton states") -> None:
        super().__init__(message)
        self.resource = resource


class Budget:
    """The steps left for one question, and what they were spent on."""

    __slots__ = ("limit", "spent", "total")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 0
        self.spent = dict.fromkeys(RESOURCES, 0)

    def spend(self, resource: str, units: int = 1) -> None:
        """Pay for ``units`` of ``resource``; raise :class:`BudgetExceeded` past the limit."""
        cost = units * RESOURCES[resource]
        self.spent[resource] += cost
        self.total += cost
        if self.total > self.limit:
            raise BudgetExceeded(self.describe(resource), resource)

    def describe(self, resource: str) -> str:
        """What ran out, and where the steps went."""
        spent = ", ".join(f"{name} {steps}" for name, steps in self.spent.items())
        return f"the analysis budget of {self.limit} steps ran out on {resource} ({spent})"
