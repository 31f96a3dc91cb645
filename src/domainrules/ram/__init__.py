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

from domainrules.ram.analysis import (
    AnalysisError,
    Check,
    CheckOutcome,
    Comparison,
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
)
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
from domainrules.ram.conditions import GLOBAL_KEYS, OPERATORS, QUALIFIERS, ConditionClause
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

__all__ = [
    "ALIYUN_DOMAIN_FULL_ACCESS",
    "ALIYUN_DOMAIN_READONLY_ACCESS",
    "CATALOGS",
    "DEFAULT_CATALOG",
    "DOCUMENTED_ONE_DOMAIN_POLICY",
    "DOCUMENTED_READ_ONLY_POLICY",
    "GLOBAL_KEYS",
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
    "Relation",
    "Request",
    "Severity",
    "Statement",
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
    "policy_schema",
    "service_level_apis",
]
