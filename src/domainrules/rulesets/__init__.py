"""Rule sets: a registrar's numbers as data, each with its source and effective date.

The shipped rule sets are files in ``domainrules/rulesets/data`` (one TOML file each,
the format of docs/rule-set-files.md); a file dropped there is a shipped rule set. A
registrar's own numbers load the same way, with :func:`load_rule_set`.

>>> from domainrules.rulesets import DEFAULT_RULE_SET, get_rule_set, RULE_SETS
>>> DEFAULT_RULE_SET is get_rule_set("alibaba-2022")
True
>>> {"alibaba-2022", "alibaba-hk-newer", "cnnic-registry"} <= set(RULE_SETS)
True
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping

from domainrules._validate import lookup, named
from domainrules.errors import UnknownRuleSetError
from domainrules.rulesets.files import load_rule_set, load_shipped, shipped_names
from domainrules.rulesets.model import (
    Citation,
    Disposition,
    DnsTimings,
    LifecycleRules,
    PreRelease,
    ResumptionWindow,
    RuleSet,
    RuleSetVersion,
    Source,
    SuffixFamily,
)
from domainrules.rulesets.policy import RuleSetWarning, policy_warnings
from domainrules.rulesets.registry_rules import RegistryRules

__all__ = [
    "ALIBABA_2022",
    "ALIBABA_HK_NEWER",
    "CNNIC_REGISTRY",
    "DEFAULT_RULE_SET",
    "NOMULUS_DEFAULTS",
    "RULE_SETS",
    "Citation",
    "Disposition",
    "DnsTimings",
    "LifecycleRules",
    "PreRelease",
    "RegistryRules",
    "ResumptionWindow",
    "RuleSet",
    "RuleSetVersion",
    "RuleSetWarning",
    "Source",
    "SuffixFamily",
    "as_rule_set",
    "get_rule_set",
    "load_rule_set",
    "policy_warnings",
]

_DEFAULT_NAME = "alibaba-2022"


class _ShippedRuleSets(Mapping[str, RuleSet]):
    """The shipped rule sets by name, each read from its file on first use (so importing
    the package reads only the few it needs). Safe to share between threads."""

    def __init__(self, names: list[str]) -> None:
        # The default first, then by name.
        self._names = [_DEFAULT_NAME, *(n for n in names if n != _DEFAULT_NAME)]
        self._loaded: dict[str, RuleSet] = {}
        self._lock = threading.RLock()  # reentrant: a file may extend another

    def __getitem__(self, name: str) -> RuleSet:
        loaded = self._loaded.get(name)
        if loaded is not None:
            return loaded
        if name not in self._names:
            raise KeyError(name)
        with self._lock:
            if name not in self._loaded:
                self._loaded[name] = load_shipped(name)
            return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"<shipped rule sets: {', '.join(self._names)}>"


#: Every shipped rule set by name (the files in ``domainrules/rulesets/data``).
RULE_SETS: Mapping[str, RuleSet] = _ShippedRuleSets(shipped_names())

#: The registrar's 2022 published rules.
ALIBABA_2022 = RULE_SETS["alibaba-2022"]
#: As alibaba-2022, with CNNIC's registry redemption (15 days) for the .cn family.
CNNIC_REGISTRY = RULE_SETS["cnnic-registry"]
#: As alibaba-2022, with the registrar's newer .hk text (no redemption).
ALIBABA_HK_NEWER = RULE_SETS["alibaba-hk-newer"]
#: The default rule set: the registrar's 2022 published rules.
DEFAULT_RULE_SET = ALIBABA_2022


def _nomulus_defaults() -> RegistryRules:
    registry = RULE_SETS["nomulus-defaults"].family("nomulus").registry
    assert registry is not None
    return registry


#: Google Nomulus' defaults for a new TLD (``Tld.java``), read from the shipped
#: ``nomulus-defaults`` file (the one place they are written, each with its source):
#: add 5 days (30 for an anchor tenant), renew 5, auto-renew 45, transfer 5, automatic
#: transfer 5, redemption 30, pending delete 5, and a restore report of 0 (Nomulus has
#: no pendingRestore: the report goes with the restore request).
NOMULUS_DEFAULTS: RegistryRules = _nomulus_defaults()


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
