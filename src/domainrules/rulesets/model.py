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

import bisect
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from domainrules._validate import (
    Choice,
    bool_field,
    choice,
    flag,
    instance,
    instance_field,
    show,
    wrong_type,
)
from domainrules.errors import ArgumentTypeError, InvalidRuleSetError, UnknownSuffixError
from domainrules.instants import Instant, LeapDayPolicy, to_utc
from domainrules.names import DomainName
from domainrules.rulesets.cctlds import is_country_code_tld
from domainrules.rulesets.registry_rules import RegistryRules

if TYPE_CHECKING:
    from domainrules.rulesets.policy import RuleSetWarning

__all__ = [
    "Citation",
    "Disposition",
    "DnsTimings",
    "LifecycleRules",
    "PreRelease",
    "ResumptionWindow",
    "RuleSet",
    "RuleSetVersion",
    "Source",
    "SuffixFamily",
]


class Disposition(Choice):
    """What becomes of a domain nobody renewed or redeemed."""

    #: Released at once: anyone may register it (CNNIC).
    RELEASED = "released"
    #: Deleted at the registry, then open for registration when the registry decides.
    DELETED = "deleted"


# Longer periods than this are no registrar's rules, and would overflow date arithmetic.
_MAX_DAYS = 3650


def _non_negative(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise wrong_type(value, attribute.name, "a whole number of days")
    if not 0 <= value <= _MAX_DAYS:
        raise InvalidRuleSetError(
            f"{attribute.name} must be a whole number of days from 0 to {_MAX_DAYS}, "
            f"not {show(value)}",
            field=attribute.name,
            value=value,
        )


def _boolean(instance: Any, attribute: attrs.Attribute[bool], value: bool) -> None:
    flag(value, attribute.name)


def _zone(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise wrong_type(value, attribute.name, "an IANA time zone name")
    try:
        pendulum.timezone(value)
    except Exception:  # pendulum raises several types for an unknown key
        raise InvalidRuleSetError(
            f"{attribute.name}: {show(value)} is not an IANA time zone",
            field=attribute.name,
            value=value,
        ) from None


def _then(value: Any) -> Disposition:
    return choice(value, Disposition, "then")


def _leap_day(value: Any) -> LeapDayPolicy:
    return choice(value, LeapDayPolicy, "leap_day")


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
    then: Disposition = attrs.field(converter=_then)
    #: The registry's IANA time zone, in which its dates are published.
    zone: str = attrs.field(validator=_zone)
    #: How far the registrar's redemption boundaries may be off (the registrar's guide).
    redemption_tolerance: timedelta = attrs.field(
        default=timedelta(hours=24), validator=lambda i, a, v: _tolerance(v)
    )
    #: Whether redeeming adds a year to the old expiry; if not, a renewal must go with it.
    redemption_extends_expiry: bool = attrs.field(default=True, validator=bool_field)
    #: What Feb 29 + 1 year is.
    leap_day: LeapDayPolicy = attrs.field(
        default=LeapDayPolicy.CLAMP_TO_FEB_28,
        converter=_leap_day,
    )
    #: The longest registration term: the expiry may not be further than this after now.
    max_term_years: int = attrs.field(default=10, validator=lambda i, a, v: _term(v))
    #: Whether (and from when) the registrar may put the domain on its pre-release
    #: (auction) list during redemption; None: never.
    pre_release: PreRelease | None = None

    def __attrs_post_init__(self) -> None:
        if self.pre_release is not None and not isinstance(self.pre_release, PreRelease):
            raise wrong_type(self.pre_release, "pre_release", "a PreRelease or None")
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


def _tolerance(value: Any) -> None:
    if not isinstance(value, timedelta):
        raise wrong_type(value, "redemption_tolerance", "a timedelta")
    if not timedelta(0) <= value <= timedelta(days=30):
        raise InvalidRuleSetError(
            f"redemption_tolerance: a timedelta from 0 to 30 days, not {show(value)}",
            field="redemption_tolerance",
            value=value,
        )


def _term(value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise wrong_type(value, "max_term_years", "a whole number of years")
    if not 1 <= value <= 100:
        raise InvalidRuleSetError(
            f"max_term_years: a whole number of years from 1 to 100, not {show(value)}",
            field="max_term_years",
            value=value,
        )


@attrs.frozen
class ResumptionWindow:
    """How long until resolution works again after an event: between ``earliest`` and ``latest``."""

    earliest: timedelta = attrs.field(validator=instance_field(timedelta))
    latest: timedelta = attrs.field(validator=instance_field(timedelta))
    #: Whether the DNS records must be set again (after a redemption they must).
    records_must_be_set_again: bool = attrs.field(default=False, validator=bool_field)


@attrs.frozen
class DnsTimings:
    """The registrar's published DNS delays (its guide, "Domain name management")."""

    renewed_in_grace_on_registrar_dns: ResumptionWindow = attrs.field(
        default=ResumptionWindow(timedelta(0), timedelta(hours=24)),
        validator=instance_field(ResumptionWindow),
    )
    renewed_in_grace_on_other_dns: ResumptionWindow = attrs.field(
        default=ResumptionWindow(timedelta(hours=24), timedelta(hours=48)),
        validator=instance_field(ResumptionWindow),
    )
    redeemed: ResumptionWindow = attrs.field(
        default=ResumptionWindow(
            timedelta(hours=24), timedelta(hours=48), records_must_be_set_again=True
        ),
        validator=instance_field(ResumptionWindow),
    )
    dns_server_change: ResumptionWindow = attrs.field(
        default=ResumptionWindow(timedelta(0), timedelta(hours=48)),
        validator=instance_field(ResumptionWindow),
    )


def _canonical_tlds(values: Any) -> frozenset[str]:
    from domainrules.names import canonical_name

    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ArgumentTypeError(
            f"tlds: expected a collection of TLDs, not {type(values).__name__} {show(values)}",
            field="tlds",
            value=values,
        )
    return frozenset(canonical_name(value, field="tlds") for value in values)


@attrs.frozen
class SuffixFamily:
    """Suffixes that live by the same rules, named by their TLDs (A-labels)."""

    #: A short stable key, e.g. ``"cnnic"``.
    name: str = attrs.field(validator=instance_field(str))
    #: The TLDs (and so every name under them) this family covers.
    tlds: frozenset[str] = attrs.field(converter=_canonical_tlds)
    lifecycle: LifecycleRules = attrs.field(validator=instance_field(LifecycleRules))
    #: Whether ICANN's Transfer Policy binds it (gTLDs, CNNIC's .公司 and .网络 included).
    icann_transfer_policy: bool = attrs.field(validator=bool_field)
    #: Whether a CNNIC registrant profile (real-name verified) is required.
    requires_cnnic_profile: bool = attrs.field(default=False, validator=bool_field)
    description: str = attrs.field(default="", validator=instance_field(str))
    #: The registry's own numbers (RFC 3915 grace periods) where the rule set knows them.
    registry: RegistryRules | None = attrs.field(
        default=None, validator=instance_field(RegistryRules, optional=True)
    )


def _as_families(values: Iterable[SuffixFamily]) -> tuple[SuffixFamily, ...]:
    if isinstance(values, (str, bytes, SuffixFamily)) or not isinstance(values, Iterable):
        raise ArgumentTypeError(
            f"families: expected SuffixFamily values, not {type(values).__name__}",
            field="families",
            value=values,
        )
    families = tuple(values)
    for family in families:
        instance(family, SuffixFamily, "families")
    return families


def _utc(value: Any) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidRuleSetError(
            f"valid_from: an aware datetime, not {show(value)}", field="valid_from", value=value
        )
    return value.astimezone(timezone.utc)


def _as_tuple(values: Any, cls: type, field: str) -> tuple[Any, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ArgumentTypeError(
            f"{field}: expected {cls.__name__} values, not {type(values).__name__}",
            field=field,
            value=values,
        )
    result = tuple(values)
    for value in result:
        instance(value, cls, field)
    return result


def _as_versions(values: Any) -> tuple[RuleSetVersion, ...]:
    return _as_tuple(values, RuleSetVersion, "later_versions")


def _as_sources(values: Any) -> tuple[Source, ...]:
    return _as_tuple(values, Source, "sources")


def _as_citations(values: Any) -> tuple[Citation, ...]:
    # Sorted: the same citations in another order are the same rule set.
    return tuple(sorted(_as_tuple(values, Citation, "citations")))


def _midnight_utc(rules: RuleSet) -> datetime:
    # The default is made before the validators run: check what it is made from.
    return datetime.combine(instance(rules.effective, date, "effective"), time(), timezone.utc)


@attrs.frozen
class Source:
    """A published document a rule set's numbers come from (a file's ``[[sources]]`` entry).

    >>> Source("guide-2022", "https://example.org/guide", date(2026, 11, 28)).id
    'guide-2022'
    """

    #: The key citations use.
    id: str = attrs.field(validator=instance_field(str))
    url: str = attrs.field(validator=instance_field(str))
    #: When the document was read.
    retrieved: date | None = attrs.field(
        default=None, validator=instance_field(date, optional=True)
    )
    #: The words the number is read from.
    quote: str = attrs.field(default="", validator=instance_field(str))
    title: str = attrs.field(default="", validator=instance_field(str))

    def __str__(self) -> str:
        name = self.title or self.url
        when = f", retrieved {self.retrieved.isoformat()}" if self.retrieved else ""
        return f"{name} ({self.url}{when})" if self.title else f"{name}{when}"


@attrs.frozen(order=True)
class Citation:
    """Where a rule set says a number (or a whole family or version) comes from.

    ``version`` is the ``valid_from`` of the version that states it; an empty ``family``
    cites the whole version, an empty ``table`` the whole family, an empty ``field`` the
    whole ``registrar`` or ``registry`` table.
    """

    version: datetime = attrs.field(validator=instance_field(datetime))
    family: str = attrs.field(default="", validator=instance_field(str))
    #: ``""``, ``"registrar"`` or ``"registry"``.
    table: str = attrs.field(default="", validator=instance_field(str))
    #: A key of the table (``"redemption"``).
    field: str = attrs.field(default="", validator=instance_field(str))
    #: The :attr:`Source.id` cited.
    source: str = attrs.field(default="", validator=instance_field(str))


@attrs.frozen
class RuleSetVersion:
    """A later version of a rule set: its families in full, in force for domains that
    expire at or after ``valid_from`` (until the next version)."""

    valid_from: datetime = attrs.field(validator=instance_field(datetime))
    families: tuple[SuffixFamily, ...] = attrs.field(converter=_as_families)
    gtld_family: str | None = attrs.field(validator=instance_field(str, optional=True))


@attrs.frozen
class RuleSet:
    """A registrar's rules, with where they come from and when they took effect.

    ``family_for(name)`` answers which family a domain belongs to: its TLD's
    family; else, for a gTLD listed nowhere (a new gTLD), the ``gtld_family``;
    a ccTLD the rule set does not cover is refused with ``UnknownSuffixError``.
    """

    name: str = attrs.field(validator=instance_field(str))
    source: str = attrs.field(validator=instance_field(str))
    effective: date = attrs.field(validator=instance_field(date))
    families: tuple[SuffixFamily, ...] = attrs.field(converter=_as_families)
    #: The family unlisted gTLDs fall into; None refuses them too.
    gtld_family: str | None = attrs.field(validator=instance_field(str, optional=True))
    #: Public suffixes whose ownership cannot be changed online (manual review).
    manual_ownership_review: frozenset[str] = attrs.field(
        default=frozenset(), converter=_canonical_tlds
    )
    dns: DnsTimings = attrs.field(default=DnsTimings(), validator=instance_field(DnsTimings))
    description: str = attrs.field(default="", validator=instance_field(str))
    #: The instant the first version is in force from (for domains expiring from then on;
    #: it also governs earlier expiries, as no older version is known). Default:
    #: ``effective`` at 00:00 UTC.
    valid_from: datetime = attrs.field(
        default=attrs.Factory(_midnight_utc, takes_self=True),
        converter=_utc,
    )
    #: Later versions, in ``valid_from`` order; each in force for domains whose expiry
    #: instant is at or after its ``valid_from`` (the version is selected by the expiry).
    later_versions: tuple[RuleSetVersion, ...] = attrs.field(default=(), converter=_as_versions)
    #: The documents the numbers come from (a file's ``[[sources]]``).
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_as_sources)
    #: Which source each number, family or version cites.
    citations: tuple[Citation, ...] = attrs.field(default=(), converter=_as_citations)
    _by_tld: Mapping[str, SuffixFamily] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _by_name: Mapping[str, SuffixFamily] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _starts: tuple[datetime, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _views: tuple[RuleSet, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._index()
        starts = [self.valid_from]
        previous = [family.name for family in self.families]
        for version in self.later_versions:
            if version.valid_from <= starts[-1]:
                raise InvalidRuleSetError(
                    f"rule set {self.name!r}: version valid_from {version.valid_from.isoformat()} "
                    f"is not after {starts[-1].isoformat()} (versions go in time order)",
                    field="later_versions",
                    value=version.valid_from,
                )
            starts.append(version.valid_from)
            # A later version changes or adds families, never drops one (a version is an
            # overlay on the one before), and keeps their order, new families last.
            names = [family.name for family in version.families]
            if names[: len(previous)] != previous:
                raise InvalidRuleSetError(
                    f"rule set {self.name!r}: the version from {version.valid_from.isoformat()} "
                    f"has the families {', '.join(names) or 'none'}; it must keep "
                    f"{', '.join(previous)} (in that order), new families after them",
                    field="later_versions",
                    value=names,
                )
            previous = names
        views: list[RuleSet] = [self]
        for version in self.later_versions:
            views.append(
                attrs.evolve(
                    self,
                    families=version.families,
                    gtld_family=version.gtld_family,
                    valid_from=version.valid_from,
                    later_versions=(),
                )
            )
        object.__setattr__(self, "_starts", tuple(starts))
        object.__setattr__(self, "_views", tuple(views))

    def _index(self) -> None:
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

    @property
    def versions(self) -> tuple[RuleSet, ...]:
        """Every version as a one-version rule set, in ``valid_from`` order (the first is
        this rule set itself when it has a single version)."""
        return self._views

    def for_expiry(self, expires_at: Instant) -> RuleSet:
        """The version that governs a domain expiring at ``expires_at``: the last whose
        ``valid_from`` is at or before it (the first for earlier expiries), as a
        one-version rule set. The selection rule of every rule-set file
        (``selected_by = "expiry"``), as CZ.NIC's FRED registry selects its numbers.

        >>> from domainrules.rulesets import DEFAULT_RULE_SET
        >>> from datetime import datetime, timezone
        >>> DEFAULT_RULE_SET.for_expiry(datetime(2030, 1, 1, tzinfo=timezone.utc)) is DEFAULT_RULE_SET
        True
        """
        views = self._views
        if len(views) == 1:
            return self
        t = to_utc(expires_at, "expires_at")
        return views[max(bisect.bisect_right(self._starts, t) - 1, 0)]

    @property
    def warnings(self) -> tuple[RuleSetWarning, ...]:
        """Where the numbers fall short of ICANN's policy minimums (ERRP, EDDP, the RAA):
        warnings, not refusals, each citing its clause (see ``domainrules.rulesets.policy``).

        >>> from domainrules.rulesets import DEFAULT_RULE_SET
        >>> DEFAULT_RULE_SET.warnings
        ()
        """
        from domainrules.rulesets.policy import policy_warnings

        return policy_warnings(self)

    def to_mapping(self) -> dict[str, Any]:
        """The rule set in the rule-set file format (JSON-ready data): loading it with
        :func:`~domainrules.rulesets.load_rule_set` gives an equal rule set.

        >>> from domainrules.rulesets import DEFAULT_RULE_SET, load_rule_set
        >>> load_rule_set(DEFAULT_RULE_SET.to_mapping()) == DEFAULT_RULE_SET
        True
        """
        from domainrules.rulesets.files import rule_set_mapping

        return rule_set_mapping(self)

    def source_of(
        self, family: str, field: str = "", *, expires_at: Instant | None = None
    ) -> tuple[Source, ...]:
        """The sources cited for ``field`` of ``family`` (a ``registrar`` key such as
        ``"redemption"``, or a ``registry`` key as ``"registry.redemption"``), the most
        specific citation first: the number's own, its table's, its family's, its
        version's. Empty if the file cites none; the rule set's :attr:`source` text
        then stands for all.
        """
        from domainrules.rulesets.files import cited_sources

        family = instance(family, str, "family")
        field = instance(field, str, "field")
        if expires_at is not None:
            expires_at = to_utc(expires_at, "expires_at")
        return cited_sources(self, family, field, expires_at)

    def __repr__(self) -> str:
        # Short, for signatures, help() and hovers: the full value is thousands of
        # characters. The fields remain readable one by one.
        return f"<RuleSet {self.name} effective {self.effective.isoformat()}>"

    def family(self, name: str) -> SuffixFamily:
        """The family called ``name``."""
        try:
            return self._by_name[instance(name, str, "family")]
        except KeyError:
            raise UnknownSuffixError(
                f"rule set {self.name!r} has no family {show(name)} "
                f"(it has {', '.join(self._by_name)})",
                field="family",
                value=name,
            ) from None

    def family_for_tld(self, tld: str) -> SuffixFamily:
        """The family of a canonical (A-label) TLD."""
        family = self._by_tld.get(instance(tld, str, "tld"))
        if family is not None:
            return family
        if is_country_code_tld(tld) or self.gtld_family is None:
            raise UnknownSuffixError(
                f"rule set {self.name!r} has no rules for .{tld}: a ccTLD sets its own; "
                "cover it with a rule-set file (--rules-file, load_rule_set; docs: Rule-set files)",
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
        domainrules.errors.UnknownSuffixError: rule set 'alibaba-2022' has no rules for .uk: a ccTLD sets its own; cover it with a rule-set file (--rules-file, load_rule_set; docs: Rule-set files)
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
        family = instance(family, SuffixFamily, "family")
        if family.name in self._by_name:
            families = tuple(family if f.name == family.name else f for f in self.families)
        else:
            families = (*self.families, family)
        return attrs.evolve(self, families=families)
