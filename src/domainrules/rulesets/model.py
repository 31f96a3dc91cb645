"""The types a rule set is made of: numbers, never code.

A :class:`RuleSet` maps each TLD to a :class:`SuffixFamily`, whose
:class:`LifecycleRules` hold every number a registrar publishes about the life
of a domain after expiry. Where sources disagree (the .cn redemption is 14 days
at the registrar and 15 at the registry; Feb 29 + 1 year), the number is a field
here, so another reading is a new value, not a patch:

>>> import attrs
>>> from domainrules.rulesets import DEFAULT_RULE_SET
>>> gtld = DEFAULT_RULE_SET.family("gtld")
>>> godaddy_like = attrs.evolve(gtld, lifecycle=attrs.evolve(gtld.lifecycle, renewal_grace_days=18))
>>> godaddy_like.lifecycle.renewal_grace_days
18
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs
import pendulum

from domainrules.errors import InvalidRuleSetError, UnknownSuffixError
from domainrules.instants import LeapDayPolicy
from domainrules.names import DomainName
from domainrules.rulesets.cctlds import is_country_code_tld

__all__ = [
    "Disposition",
    "DnsTimings",
    "LifecycleRules",
    "PreRelease",
    "ResumptionWindow",
    "RuleSet",
    "SuffixFamily",
]


class Disposition(enum.Enum):
    """What becomes of a domain nobody renewed or redeemed."""

    #: Released at once: anyone may register it (CNNIC).
    RELEASED = "released"
    #: Deleted at the registry, then open for registration when the registry decides.
    DELETED = "deleted"


def _non_negative(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidRuleSetError(
            f"{attribute.name} must be a whole number of days >= 0, not {value!r}",
            field=attribute.name,
            value=value,
        )


def _boolean(instance: Any, attribute: attrs.Attribute[bool], value: bool) -> None:
    if not isinstance(value, bool):
        raise InvalidRuleSetError(
            f"{attribute.name} must be True or False, not {value!r}",
            field=attribute.name,
            value=value,
        )


def _zone(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        pendulum.timezone(value)
    except Exception:  # pendulum raises several types for an unknown key
        raise InvalidRuleSetError(
            f"{attribute.name}: {value!r} is not an IANA time zone",
            field=attribute.name,
            value=value,
        ) from None


@attrs.frozen
class PreRelease:
    """The registrar's pre-release (auction) list for domains in redemption.

    Once a domain is in redemption the registrar may keep it, move it to another
    account, or put it on its pre-release list for public bidding; the holder may
    still redeem it until the redemption ends, and if it does not, the winning bidder
    gets the domain then, instead of it being released or deleted (the registrar's
    guide, "Domain name management", 2022-04-09).

    >>> PreRelease().from_redemption_day, PreRelease().holder_may_redeem
    (0, True)
    """

    #: Whole days into the redemption from which the registrar may list the domain
    #: (0: from the first moment of redemption).
    from_redemption_day: int = attrs.field(default=0, validator=_non_negative)
    #: Whether the holder keeps its right to redeem while the domain is listed.
    holder_may_redeem: bool = attrs.field(default=True, validator=_boolean)


@attrs.frozen
class LifecycleRules:
    """The life of a domain after its expiry instant, for one suffix family.

    Periods are whole days of exactly 24 hours, counted from the expiry instant
    (as Google's Nomulus registry counts them). A period of 0 days is absent.
    """

    #: Days after expiry during which the domain can be renewed at the normal price.
    renewal_grace_days: int = attrs.field(validator=_non_negative)
    #: Days of redemption after the grace: redeemable at a higher price, DNS off.
    redemption_days: int = attrs.field(validator=_non_negative)
    #: Days of "waiting for deletion" after redemption: nothing is possible.
    pending_delete_days: int = attrs.field(validator=_non_negative)
    #: What follows the last period.
    then: Disposition
    #: The registry's IANA time zone, in which its dates are published.
    zone: str = attrs.field(validator=_zone)
    #: How far the registrar's redemption boundaries may be off (the registrar's guide).
    redemption_tolerance: timedelta = timedelta(hours=24)
    #: Whether redeeming adds a year to the old expiry; if not, a renewal must go with it.
    redemption_extends_expiry: bool = True
    #: What Feb 29 + 1 year is.
    leap_day: LeapDayPolicy = LeapDayPolicy.CLAMP_TO_FEB_28
    #: The longest registration term: the expiry may not be further than this after now.
    max_term_years: int = 10
    #: Whether (and from when) the registrar may put the domain on its pre-release
    #: (auction) list during redemption; None: never.
    pre_release: PreRelease | None = None

    def __attrs_post_init__(self) -> None:
        if self.pre_release is not None and not isinstance(self.pre_release, PreRelease):
            raise InvalidRuleSetError(
                f"pre_release must be a PreRelease or None, not {type(self.pre_release).__name__}",
                field="pre_release",
                value=self.pre_release,
            )
        if (
            self.pre_release is not None
            and self.pre_release.from_redemption_day >= self.redemption_days
        ):
            raise InvalidRuleSetError(
                f"pre_release: a domain is pre-released during redemption, and "
                f"{self.redemption_days} days of redemption have no day "
                f"{self.pre_release.from_redemption_day} (set pre_release=None)",
                field="pre_release",
                value=self.pre_release,
            )

    @property
    def total_days(self) -> int:
        """Days from expiry until the name is released or deleted."""
        return self.renewal_grace_days + self.redemption_days + self.pending_delete_days


@attrs.frozen
class ResumptionWindow:
    """How long until resolution works again after an event: between ``earliest`` and ``latest``."""

    earliest: timedelta
    latest: timedelta
    #: Whether the DNS records must be set again (after a redemption they must).
    records_must_be_set_again: bool = False


@attrs.frozen
class DnsTimings:
    """The registrar's published DNS delays (its guide, "Domain name management")."""

    renewed_in_grace_on_registrar_dns: ResumptionWindow = ResumptionWindow(
        timedelta(0), timedelta(hours=24)
    )
    renewed_in_grace_on_other_dns: ResumptionWindow = ResumptionWindow(
        timedelta(hours=24), timedelta(hours=48)
    )
    redeemed: ResumptionWindow = ResumptionWindow(
        timedelta(hours=24), timedelta(hours=48), records_must_be_set_again=True
    )
    dns_server_change: ResumptionWindow = ResumptionWindow(timedelta(0), timedelta(hours=48))


def _canonical_tlds(values: Any) -> frozenset[str]:
    from domainrules.names import canonical_name

    return frozenset(canonical_name(value, field="tlds") for value in values)


@attrs.frozen
class SuffixFamily:
    """Suffixes that live by the same rules, named by their TLDs (A-labels)."""

    #: A short stable key, e.g. ``"cnnic"``.
    name: str
    #: The TLDs (and so every name under them) this family covers.
    tlds: frozenset[str] = attrs.field(converter=_canonical_tlds)
    lifecycle: LifecycleRules
    #: Whether ICANN's Transfer Policy binds it (gTLDs, CNNIC's .公司 and .网络 included).
    icann_transfer_policy: bool
    #: Whether a CNNIC registrant profile (real-name verified) is required.
    requires_cnnic_profile: bool = False
    description: str = ""


def _as_families(values: Iterable[SuffixFamily]) -> tuple[SuffixFamily, ...]:
    return tuple(values)


@attrs.frozen
class RuleSet:
    """A registrar's rules, with where they come from and when they took effect.

    ``family_for(name)`` answers which family a domain belongs to: its TLD's
    family; else, for a gTLD listed nowhere (a new gTLD), the ``gtld_family``;
    a ccTLD the rule set does not cover is refused with ``UnknownSuffixError``.
    """

    name: str
    source: str
    effective: date
    families: tuple[SuffixFamily, ...] = attrs.field(converter=_as_families)
    #: The family unlisted gTLDs fall into; None refuses them too.
    gtld_family: str | None
    #: Public suffixes whose ownership cannot be changed online (manual review).
    manual_ownership_review: frozenset[str] = attrs.field(
        default=frozenset(), converter=_canonical_tlds
    )
    dns: DnsTimings = DnsTimings()
    description: str = ""
    _by_tld: Mapping[str, SuffixFamily] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _by_name: Mapping[str, SuffixFamily] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        by_tld: dict[str, SuffixFamily] = {}
        by_name: dict[str, SuffixFamily] = {}
        for family in self.families:
            if family.name in by_name:
                raise InvalidRuleSetError(
                    f"rule set {self.name!r} has two families named {family.name!r}",
                    field="families",
                    value=family.name,
                )
            by_name[family.name] = family
            for tld in family.tlds:
                if tld in by_tld:
                    raise InvalidRuleSetError(
                        f"rule set {self.name!r}: TLD {tld!r} is in both "
                        f"{by_tld[tld].name!r} and {family.name!r}",
                        field="families",
                        value=tld,
                    )
                by_tld[tld] = family
        if self.gtld_family is not None and self.gtld_family not in by_name:
            raise InvalidRuleSetError(
                f"rule set {self.name!r}: gtld_family {self.gtld_family!r} is not one of its "
                f"families ({', '.join(by_name)})",
                field="gtld_family",
                value=self.gtld_family,
            )
        # Lookup tables built once; the frozen class still compares by its fields.
        object.__setattr__(self, "_by_tld", by_tld)
        object.__setattr__(self, "_by_name", by_name)

    def family(self, name: str) -> SuffixFamily:
        """The family called ``name``."""
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownSuffixError(
                f"rule set {self.name!r} has no family {name!r} "
                f"(it has {', '.join(self._by_name)})",
                field="family",
                value=name,
            ) from None

    def family_for_tld(self, tld: str) -> SuffixFamily:
        """The family of a canonical (A-label) TLD."""
        family = self._by_tld.get(tld)
        if family is not None:
            return family
        if is_country_code_tld(tld) or self.gtld_family is None:
            raise UnknownSuffixError(
                f"rule set {self.name!r} has no rules for .{tld}: a ccTLD sets its own; "
                "build a rule set that covers it with RuleSet.with_family (docs: Rule sets)",
                field="name",
                value=tld,
            )
        return self._by_name[self.gtld_family]

    def family_for(self, name: DomainName | str) -> SuffixFamily:
        """The family of a domain.

        >>> from domainrules.rulesets import DEFAULT_RULE_SET
        >>> DEFAULT_RULE_SET.family_for("example.com.cn").name, DEFAULT_RULE_SET.family_for("example.网络").name
        ('cnnic', 'cnnic-gtld')
        >>> DEFAULT_RULE_SET.family_for("example.newgtld").name
        'gtld'
        >>> DEFAULT_RULE_SET.family_for("example.co.uk")
        Traceback (most recent call last):
        ...
        domainrules.errors.UnknownSuffixError: rule set 'alibaba-2022' has no rules for .uk: a ccTLD sets its own; build a rule set that covers it with RuleSet.with_family (docs: Rule sets)
        """
        return self.family_for_tld(DomainName.parse(name).tld)

    def rules_for(self, name: DomainName | str) -> LifecycleRules:
        """The lifecycle rules of a domain."""
        return self.family_for(name).lifecycle

    def with_family(self, family: SuffixFamily) -> RuleSet:
        """A copy with ``family`` replacing the one of the same name (or added).

        >>> import attrs
        >>> from domainrules.rulesets import DEFAULT_RULE_SET
        >>> gtld = DEFAULT_RULE_SET.family("gtld")
        >>> mine = DEFAULT_RULE_SET.with_family(
        ...     attrs.evolve(gtld, lifecycle=attrs.evolve(gtld.lifecycle, renewal_grace_days=18)))
        >>> mine.rules_for("example.com").renewal_grace_days
        18
        """
        if family.name in self._by_name:
            families = tuple(family if f.name == family.name else f for f in self.families)
        else:
            families = (*self.families, family)
        return attrs.evolve(self, families=families)
