"""domainrules: the rules a domain-name registrar lives by, as pure functions.

>>> from domainrules import lifecycle
>>> life = lifecycle("example.com", "2025-01-01T00:00:00Z")
>>> life.phase_at("2025-02-10T00:00:00Z").value
'redemption'
"""

from domainrules.bulk import PhaseClassifier, phases_at
from domainrules.errors import (
    DomainNameTooLongError,
    DomainRulesError,
    InvalidDomainNameError,
    InvalidInstantError,
    InvalidLabelError,
    InvalidRuleSetError,
    InvalidTermError,
    LabelTooLongError,
    LifecycleOperationError,
    NaiveDatetimeError,
    NotRegistrableError,
    PublicSuffixError,
    RedemptionRefusedError,
    RenewalRefusedError,
    TermLimitError,
    UnknownRuleSetError,
    UnknownSuffixError,
)
from domainrules.instants import LeapDayPolicy, to_utc
from domainrules.lifecycle import (
    Lifecycle,
    Operation,
    PeriodDays,
    Phase,
    Reminder,
    Resolution,
    Span,
    lifecycle,
)
from domainrules.names import DomainName, canonical_name
from domainrules.rulesets import (
    ALIBABA_2022,
    ALIBABA_HK_NEWER,
    CNNIC_REGISTRY,
    DEFAULT,
    RULE_SETS,
    Disposition,
    DnsTimings,
    LifecycleRules,
    ResumptionWindow,
    RuleSet,
    SuffixFamily,
    get_rule_set,
)

__all__ = [
    "ALIBABA_2022",
    "ALIBABA_HK_NEWER",
    "CNNIC_REGISTRY",
    "DEFAULT",
    "RULE_SETS",
    "Disposition",
    "DnsTimings",
    "DomainName",
    "DomainNameTooLongError",
    "DomainRulesError",
    "InvalidDomainNameError",
    "InvalidInstantError",
    "InvalidLabelError",
    "InvalidRuleSetError",
    "InvalidTermError",
    "LabelTooLongError",
    "LeapDayPolicy",
    "Lifecycle",
    "LifecycleOperationError",
    "LifecycleRules",
    "NaiveDatetimeError",
    "NotRegistrableError",
    "Operation",
    "PeriodDays",
    "Phase",
    "PhaseClassifier",
    "PublicSuffixError",
    "RedemptionRefusedError",
    "Reminder",
    "RenewalRefusedError",
    "Resolution",
    "ResumptionWindow",
    "RuleSet",
    "Span",
    "SuffixFamily",
    "TermLimitError",
    "UnknownRuleSetError",
    "UnknownSuffixError",
    "canonical_name",
    "get_rule_set",
    "lifecycle",
    "phases_at",
    "to_utc",
]
