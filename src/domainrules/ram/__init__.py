"""Access control: the RAM policy language and the Domains authorization catalog.

Importable on its own (it needs only :mod:`domainrules.names`, the input contract and
:mod:`domainrules.errors`).

>>> from domainrules.ram import DOCUMENTED_READ_ONLY_POLICY, authorize
>>> authorize([DOCUMENTED_READ_ONLY_POLICY], "QueryDomainList", "1234567890").allowed
True
>>> result = authorize([DOCUMENTED_READ_ONLY_POLICY], "SaveBatchTaskForModifyingDomainDns",
...                    "1234567890", ["example.com"])
>>> result.allowed, result.decision.outcome.value
(False, 'ImplicitDeny')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domainrules.ram.arn import (
    Arn,
    account_resource,
    canonical_resource,
    canonical_resource_pattern,
    domain_resource,
)
from domainrules.ram.catalog import (
    CATALOGS,
    DEFAULT_CATALOG,
    GROUPED_2022,
    LEGACY,
    PER_API,
    ApiRule,
    Catalog,
)
from domainrules.ram.conditions import (
    GLOBAL_KEY_NAMES,
    GLOBAL_KEYS,
    OPERATORS,
    QUALIFIERS,
    ConditionClause,
)
from domainrules.ram.domains import (
    ALIYUN_DOMAIN_FULL_ACCESS,
    ALIYUN_DOMAIN_READONLY_ACCESS,
    DOCUMENTED_ONE_DOMAIN_POLICY,
    DOCUMENTED_READ_ONLY_POLICY,
    Authorization,
    PermittedApis,
    authorize,
    least_privilege_policy,
    one_domain_manager_policy,
    permitted_apis,
    service_level_apis,
)
from domainrules.ram.errors import (
    AnalysisError,
    InvalidArnError,
    InvalidPolicyError,
    InvalidRequestError,
    RamError,
    UnknownApiError,
)
from domainrules.ram.evaluate import (
    Decision,
    MatchedStatement,
    Outcome,
    PolicySet,
    Request,
    evaluate_request,
)
from domainrules.ram.findings import Finding, Severity
from domainrules.ram.lint import lint_document, lint_policy
from domainrules.ram.patterns import Pattern, compile_pattern
from domainrules.ram.policy import (
    MAX_POLICY_LENGTH,
    Policy,
    Statement,
    iter_errors,
    policy_schema,
)

if TYPE_CHECKING:
    from domainrules.ram.analysis import (
        DEFAULT_BUDGET,
        Check,
        CheckOutcome,
        Comparison,
        Region,
        RegionCondition,
        Relation,
        Review,
        StatementChange,
        StatementRef,
        always_allows,
        always_denies,
        check_access_not_granted,
        check_no_new_access,
        compare,
        disjoint,
        implies,
        plain_value,
        review,
    )
    from domainrules.ram.analysis._automaton import DEFAULT_MAX_STATES

# The analysis (an automaton, a prover) is loaded on first use: evaluating and
# linting a policy does not need it.
_ANALYSIS = frozenset(
    {
        "DEFAULT_BUDGET",
        "Check",
        "CheckOutcome",
        "Comparison",
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
    }
)


def __getattr__(name: str) -> Any:
    """The analysis' names, importing :mod:`domainrules.ram.analysis` on first use."""
    if name in _ANALYSIS:
        from domainrules.ram import analysis

        return getattr(analysis, name)
    if name == "DEFAULT_MAX_STATES":
        from domainrules.ram.analysis import _automaton

        return _automaton.DEFAULT_MAX_STATES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_ANALYSIS, "DEFAULT_MAX_STATES"})


__all__ = [
    "ALIYUN_DOMAIN_FULL_ACCESS",
    "ALIYUN_DOMAIN_READONLY_ACCESS",
    "CATALOGS",
    "DEFAULT_BUDGET",
    "DEFAULT_CATALOG",
    "DEFAULT_MAX_STATES",
    "DOCUMENTED_ONE_DOMAIN_POLICY",
    "DOCUMENTED_READ_ONLY_POLICY",
    "GLOBAL_KEYS",
    "GLOBAL_KEY_NAMES",
    "GROUPED_2022",
    "LEGACY",
    "MAX_POLICY_LENGTH",
    "OPERATORS",
    "PER_API",
    "QUALIFIERS",
    # Policy analysis (domainrules.ram.analysis).
    "AnalysisError",
    "ApiRule",
    "Arn",
    "Authorization",
    "Catalog",
    "Check",
    "CheckOutcome",
    "Comparison",
    "ConditionClause",
    "Decision",
    "Finding",
    "InvalidArnError",
    "InvalidPolicyError",
    "InvalidRequestError",
    "MatchedStatement",
    "Outcome",
    "Pattern",
    "PermittedApis",
    "Policy",
    "PolicySet",
    "RamError",
    "Region",
    "RegionCondition",
    "Relation",
    "Request",
    "Review",
    "Severity",
    "Statement",
    "StatementChange",
    "StatementRef",
    "UnknownApiError",
    "account_resource",
    "always_allows",
    "always_denies",
    "authorize",
    "canonical_resource",
    "canonical_resource_pattern",
    "check_access_not_granted",
    "check_no_new_access",
    "compare",
    "compile_pattern",
    "disjoint",
    "domain_resource",
    "evaluate_request",
    "implies",
    "iter_errors",
    "least_privilege_policy",
    "lint_document",
    "lint_policy",
    "one_domain_manager_policy",
    "permitted_apis",
    "plain_value",
    "policy_schema",
    "review",
    "service_level_apis",
]
