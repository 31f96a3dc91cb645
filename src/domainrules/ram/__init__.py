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
from domainrules.ram.lint import Finding, Severity, lint_policy
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
    "ApiRule",
    "Arn",
    "Authorization",
    "Catalog",
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
    "Request",
    "Severity",
    "Statement",
    "UnknownApiError",
    "account_resource",
    "authorize",
    "canonical_resource",
    "canonical_resource_pattern",
    "compile_pattern",
    "domain_resource",
    "evaluate_request",
    "iter_errors",
    "least_privilege_policy",
    "lint_policy",
    "one_domain_manager_policy",
    "permitted_apis",
    "policy_schema",
]
