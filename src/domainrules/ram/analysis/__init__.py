"""Exact policy analysis: what a policy change grants, proved, with a request as witness.

The wing of :mod:`domainrules.ram` that proves things about policies; loaded on first
use (``import domainrules.ram`` does not import it). The public questions and their
answers are in :mod:`domainrules.ram.analysis.queries`, re-exported here; the private
modules, in the order the analysis runs:

- ``_universe``: the texts a request can hold (the request grammar, as NFAs);
- ``_automaton``: the glob automaton (which patterns can match together, with a witness);
- ``_conditions``: the cells of each condition key;
- ``_cells``: the statements and the cells of the action and the resource;
- ``_search``: the product of the cells, regions and witnesses confirmed by the evaluator;
- ``_review``: a comparison as a reviewer reads it (per changed statement, regions merged);
- ``_results``: the types of the answers;
- ``_budget``: the one budget every kind of work draws on.

>>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS
>>> compare(ALIYUN_DOMAIN_READONLY_ACCESS, ALIYUN_DOMAIN_FULL_ACCESS).relation.value
'more-permissive'
"""

from __future__ import annotations

from domainrules.ram.analysis._results import RegionCondition
from domainrules.ram.analysis._review import Review, StatementChange, review
from domainrules.ram.analysis.queries import (
    DEFAULT_BUDGET,
    MAX_COMBINATIONS,
    MAX_WITNESSES,
    Check,
    CheckOutcome,
    Comparison,
    Policies,
    Region,
    Relation,
    StatementRef,
    always_allows,
    always_denies,
    check_access_not_granted,
    check_no_new_access,
    compare,
    disjoint,
    implies,
    plain_value,
    statement_findings,
)

# Where it was before the split; it is defined, and documented, in domainrules.ram.errors.
from domainrules.ram.errors import AnalysisError as AnalysisError

__all__ = [
    "DEFAULT_BUDGET",
    "MAX_COMBINATIONS",
    "MAX_WITNESSES",
    "Check",
    "CheckOutcome",
    "Comparison",
    "Policies",
    "Region",
    "RegionCondition",
    "Relation",
    "Review",
    "StatementChange",
    "StatementRef",
    "always_allows",
    "always_denies",
    "check_access_not_granted",
    "check_no_new_access",
    "compare",
    "disjoint",
    "implies",
    "plain_value",
    "review",
    "statement_findings",
]
