"""Rule sets: a registrar's numbers as data, each with its source and effective date.

>>> from domainrules.rulesets import DEFAULT_RULE_SET, get_rule_set, RULE_SETS
>>> DEFAULT_RULE_SET is get_rule_set("alibaba-2022")
True
>>> sorted(RULE_SETS)
['alibaba-2022', 'alibaba-hk-newer', 'cnnic-registry']
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from domainrules._validate import lookup, named
from domainrules.errors import UnknownRuleSetError
from domainrules.rulesets.alibaba_2022 import ALIBABA_2022
from domainrules.rulesets.alibaba_hk_newer import ALIBABA_HK_NEWER
from domainrules.rulesets.cnnic_registry import CNNIC_REGISTRY
from domainrules.rulesets.model import (
    Disposition,
    DnsTimings,
    LifecycleRules,
    PreRelease,
    ResumptionWindow,
    RuleSet,
    SuffixFamily,
)
from domainrules.rulesets.registry_rules import NOMULUS_DEFAULTS, RegistryRules

__all__ = [
    "ALIBABA_2022",
    "ALIBABA_HK_NEWER",
    "CNNIC_REGISTRY",
    "DEFAULT_RULE_SET",
    "NOMULUS_DEFAULTS",
    "RULE_SETS",
    "Disposition",
    "DnsTimings",
    "LifecycleRules",
    "PreRelease",
    "RegistryRules",
    "ResumptionWindow",
    "RuleSet",
    "SuffixFamily",
    "as_rule_set",
    "get_rule_set",
]

#: The registrar's 2022 published rules.
DEFAULT_RULE_SET = ALIBABA_2022

#: Every shipped rule set by name.
RULE_SETS: Mapping[str, RuleSet] = MappingProxyType(
    {rules.name: rules for rules in (ALIBABA_2022, CNNIC_REGISTRY, ALIBABA_HK_NEWER)}
)


def get_rule_set(name: str) -> RuleSet:
    """The shipped rule set called ``name``; ``UnknownRuleSetError`` lists the others."""
    return lookup(
        name,
        RULE_SETS,
        field="rules",
        unknown=UnknownRuleSetError,
        message="no rule set {name}; shipped: {shipped}",
    )


def as_rule_set(value: RuleSet | str, field: str = "rules") -> RuleSet:
    """``value`` if it is a :class:`RuleSet`, else the shipped rule set it names.

    >>> as_rule_set("cnnic-registry") is CNNIC_REGISTRY
    True
    """
    return named(value, RuleSet, get_rule_set, field)
