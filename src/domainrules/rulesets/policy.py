"""ICANN's policy minimums for gTLD families, checked as warnings, not refusals.

A registrar may describe a practice that breaks a policy (its own file says what it
does); the library says so, citing the clause, and still loads the rule set. A family
is held to ICANN's policies when it says ICANN's Transfer Policy binds it
(``icann_transfer_policy``: the gTLD families). Each version is checked.

- Deletion: an unrenewed registration is deleted within 45 days of its expiry
  (RAA 3.7.5.3, the Expired Domain Deletion Policy): the renewal grace, after which
  the registrar deletes, is at most 45 days.
- Renewal window and DNS interruption (ERRP 2.2): the registrant at expiration may
  renew after expiry, through a DNS interruption of at least 8 consecutive days
  before the deletion (a registrar that deletes sooner interrupts from expiry on).
- The registry's Redemption Grace Period is 30 days at gTLD registries (ERRP 3.1).
- A registration term is at most 10 years (the gTLD registry agreements' limit, which
  registrars sell within).
- The registrar keeps a name no longer than the registry's auto-renew grace lets it
  (the registry takes the auto-renew year back only inside that grace).

>>> import attrs
>>> from domainrules.rulesets import DEFAULT_RULE_SET
>>> gtld = DEFAULT_RULE_SET.family("gtld")
>>> slow = DEFAULT_RULE_SET.with_family(
...     attrs.evolve(gtld, lifecycle=attrs.evolve(gtld.lifecycle, renewal_grace_days=60)))
>>> [(w.code, w.clause) for w in slow.warnings]
[('deletion-after-45-days', 'RAA 3.7.5.3 (Expired Domain Deletion Policy)')]
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import attrs

from domainrules._validate import instance_field

if TYPE_CHECKING:
    from domainrules.rulesets.model import RuleSet

__all__ = ["RuleSetWarning", "policy_warnings"]


@attrs.frozen
class RuleSetWarning:
    """A number that falls short of a policy minimum: what, which clause, where."""

    #: A stable key, e.g. ``"deletion-after-45-days"``.
    code: str = attrs.field(validator=instance_field(str))
    message: str = attrs.field(validator=instance_field(str))
    #: The policy clause, e.g. ``"ERRP 3.1"``.
    clause: str = attrs.field(validator=instance_field(str))
    #: Where in the file format: ``$.versions[0].families[gtld].registrar.renewal_grace``.
    path: str = attrs.field(validator=instance_field(str))

    def __str__(self) -> str:
        return f"{self.path}: {self.message} ({self.clause})"


_ERRP_DNS_DAYS = 8
_EDDP_DAYS = 45
_ERRP_RGP = timedelta(days=30)
_TERM_YEARS = 10


def policy_warnings(rules: RuleSet) -> tuple[RuleSetWarning, ...]:
    """Every policy shortfall of ``rules`` (:attr:`RuleSet.warnings`), in file order."""
    found: list[RuleSetWarning] = []
    before: dict[str, object] = {}
    for index, view in enumerate(rules.versions):
        for family in view.families:
            # A family a later version leaves as it was is not warned about again.
            unchanged = before.get(family.name) == family
            before[family.name] = family
            if not family.icann_transfer_policy or unchanged:
                continue
            base = f"$.versions[{index}].families[{family.name}]"
            life = family.lifecycle
            grace = life.renewal_grace_days
            if grace > _EDDP_DAYS:
                found.append(
                    RuleSetWarning(
                        "deletion-after-45-days",
                        f"family {family.name!r}: the registrar keeps an unrenewed gTLD name "
                        f"{grace} days after expiry; it must delete it within {_EDDP_DAYS} days",
                        "RAA 3.7.5.3 (Expired Domain Deletion Policy)",
                        f"{base}.registrar.renewal_grace",
                    )
                )
            if 0 < grace < _ERRP_DNS_DAYS:
                found.append(
                    RuleSetWarning(
                        "short-renewal-window",
                        f"family {family.name!r}: a renewal grace of {grace} days is shorter "
                        f"than the {_ERRP_DNS_DAYS} consecutive days of DNS interruption through "
                        "which the registrant at expiration may renew; compliant only if the "
                        "registrar deletes the name then, with DNS interrupted from expiry on",
                        "ERRP 2.2",
                        f"{base}.registrar.renewal_grace",
                    )
                )
            if life.max_term_years > _TERM_YEARS:
                found.append(
                    RuleSetWarning(
                        "term-over-10-years",
                        f"family {family.name!r}: a term of up to {life.max_term_years} years; "
                        f"gTLD registrations are for at most {_TERM_YEARS} years",
                        "gTLD registry agreements and the RAA (10-year term limit)",
                        f"{base}.registrar.max_term_years",
                    )
                )
            registry = family.registry
            if registry is None:
                continue
            # An unpublished number (None) has nothing to check.
            if registry.redemption is not None and registry.redemption != _ERRP_RGP:
                found.append(
                    RuleSetWarning(
                        "registry-redemption-not-30-days",
                        f"family {family.name!r}: a registry redemption of "
                        f"{registry.redemption}; gTLD registries offer a 30-day Redemption "
                        "Grace Period (sponsored gTLDs excepted)",
                        "ERRP 3.1",
                        f"{base}.registry.redemption",
                    )
                )
            if registry.max_term_years > _TERM_YEARS:
                found.append(
                    RuleSetWarning(
                        "term-over-10-years",
                        f"family {family.name!r}: the registry allows terms of "
                        f"{registry.max_term_years} years; gTLD registrations are for at most "
                        f"{_TERM_YEARS} years",
                        "gTLD registry agreements and the RAA (10-year term limit)",
                        f"{base}.registry.max_term_years",
                    )
                )
            if (
                registry.auto_renew
                and registry.auto_renew_grace is not None
                and timedelta(days=grace) > registry.auto_renew_grace
            ):
                found.append(
                    RuleSetWarning(
                        "grace-beyond-auto-renew-grace",
                        f"family {family.name!r}: the registrar's renewal grace ({grace} days) "
                        f"outlasts the registry's auto-renew grace ({registry.auto_renew_grace}): "
                        "a deletion after it no longer credits the auto-renew year",
                        "RFC 3915 section 1 (auto-renew grace); RAA 3.7.5.3",
                        f"{base}.registrar.renewal_grace",
                    )
                )
    return tuple(found)
