"""The bulk path: the phases of many domains at one instant.

A portfolio report asks one question of a million domains: which phase is each
in *now*? Building a :class:`~domainrules.lifecycle.Lifecycle` per domain
would repeat, a million times, work that depends only on the suffix. Here each
suffix is parsed and looked up once, its family's boundaries are turned into
cut-off expiry instants for ``at``, and each domain then costs a label check
and a few comparisons. It answers exactly what ``lifecycle_of(...).phase_at(at)``
answers (a differential test holds it to that).

>>> from domainrules import PhaseClassifier
>>> classify = PhaseClassifier("2025-01-10T00:00:00Z")
>>> classify("example.com", "2025-06-01T00:00:00Z").value
'active'
>>> classify("EXAMPLE.cn.", "2024-12-20T00:00:00+08:00").value
'renewal-grace'
>>> classify("example.uk", "2025-06-01T00:00:00Z")
Traceback (most recent call last):
...
domainrules.errors.UnknownSuffixError: rule set 'alibaba-2022' has no rules for .uk: a ccTLD sets its own; cover it with a rule-set file (--rules-file, load_rule_set; docs: Rule-set files)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import NamedTuple

import pendulum

from domainrules.actions import DEFAULT_RENEW_WITHIN, MAX_RENEW_WITHIN, ExpiryAction
from domainrules.errors import (
    ArgumentTypeError,
    DomainRulesError,
    InvalidInstantError,
    InvalidRuleSetError,
)
from domainrules.instants import EARLIEST_YEAR, LATEST_YEAR, UTC, Instant, to_utc
from domainrules.lifecycle import ACTION_PHASES, Phase, PhaseOffsets, phase_offsets
from domainrules.names import DomainName, _known_rest, _registrable_in_front
from domainrules.rulesets import DEFAULT_RULE_SET, RuleSet, as_rule_set

__all__ = [
    "EXPORT_STATUSES",
    "Classified",
    "PhaseClassifier",
    "PreReleaseCheck",
    "phases_at",
    "phases_for_status",
    "start_of_day",
]

_Cutoffs = tuple[datetime, datetime, datetime, datetime]
_DAY = timedelta(days=1)
# (cut-offs, the family's offsets, the latest expiry listable for pre-release or None,
# the instant its domains are classified at, answers already found by expiry)
_Family = tuple[
    _Cutoffs, PhaseOffsets, datetime | None, datetime, "dict[int, dict[datetime, Classified]]"
]


class _Versioned:
    """A TLD's family under a rule set with several versions whose numbers for it differ:
    the version in force at a domain's expiry governs it, so the family is chosen per
    domain by its expiry (:meth:`RuleSet.for_expiry`)."""

    __slots__ = ("families", "starts")

    def __init__(
        self, starts: tuple[datetime, ...], families: tuple[_Family | DomainRulesError, ...]
    ) -> None:
        self.starts = starts
        self.families = families

    def select(self, expires_at: datetime) -> _Family:
        found = self.families[max(bisect.bisect_right(self.starts, expires_at) - 1, 0)]
        if isinstance(found, DomainRulesError):
            # This version does not cover the TLD: refused as lifecycle_of() refuses it.
            raise found
        return found


# The first label of the name that learns what the text after a first label is
# (PhaseClassifier._suffix_behind). Were it ever a rule below some suffix, that suffix would only
# lose its fast path: the probe is then no registrable name, and learns nothing.
_PROBE_LABEL = "domainrules-probe"

_ACTIVE = Phase.ACTIVE
_GRACE = Phase.RENEWAL_GRACE
_REDEMPTION = Phase.REDEMPTION
_PENDING_DELETE = Phase.PENDING_DELETE
_RELEASED = Phase.RELEASED


class PhaseClassifier:
    """A callable ``(name, expires_at) -> Phase`` for one instant and rule set.

    Reuse one for many domains: it learns each suffix once. One may be shared by
    threads: its tables are filled idempotently, with the answers any thread would find.
    """

    def __init__(self, at: Instant, *, rules: RuleSet | str = DEFAULT_RULE_SET) -> None:
        self.at = to_utc(at, "at")
        self.rules = as_rule_set(rules)
        # The text after a name's first label -> (its family, or the family per version,
        # its suffix, the labels that are rules below that suffix); see names._known_rest.
        self._by_rest: dict[str, tuple[_Family | _Versioned, str, frozenset[str]]] = {}
        self._by_family: dict[tuple[int, str], _Family] = {}
        self._versions = self.rules.versions
        self._starts = tuple(view.valid_from for view in self._versions)
        #: Set by :meth:`on_day`: each family is then asked at the start of this day in
        #: its registry's zone.
        self.day: date | None = None

    @classmethod
    def on_day(cls, day: date, *, rules: RuleSet | str = DEFAULT_RULE_SET) -> PhaseClassifier:
        """A classifier for the question "as of ``day``": each domain is classified at the
        start of that day in its own registry's zone (a .cn domain at 00:00 Asia/Shanghai,
        a .com at 00:00 UTC). :attr:`at` is then the earliest of those instants, 00:00 at
        UTC+14; :meth:`at_for` gives a family's own.

        >>> from datetime import date
        >>> classify = PhaseClassifier.on_day(date(2025, 1, 10))
        >>> classify.at_for("cn").isoformat(), classify.at_for("com").isoformat()
        ('2025-01-09T16:00:00+00:00', '2025-01-10T00:00:00+00:00')
        """
        if type(day) is not date:
            raise ArgumentTypeError(
                f"day: expected a date, not {type(day).__name__}", field="day", value=day
            )
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise InvalidInstantError(
                f"day: {day.isoformat()} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}",
                field="day",
                value=day,
            )
        classifier = cls(
            datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=14), rules=rules
        )
        classifier.day = day
        return classifier

    def at_for(self, tld: str) -> datetime:
        """The instant the domains of ``tld`` are classified at."""
        if not isinstance(tld, str):
            raise ArgumentTypeError(
                f"tld: expected a str, not {type(tld).__name__}", field="tld", value=tld
            )
        entry = self._family(DomainName.parse("x." + tld.lstrip(".")).tld)
        # Versions may differ in zone; the first version's answers for an unversioned TLD.
        return (entry.select(self.at) if isinstance(entry, _Versioned) else entry)[3]

    def __call__(self, name: DomainName | str, expires_at: Instant) -> Phase:
        # The fast path of cutoffs(), inlined: this runs once per domain.
        if isinstance(name, str):
            label, _, rest = name.partition(".")
            known = self._by_rest.get(rest)
            if known is not None and _registrable_in_front(label, known[1], known[2]):
                entry = known[0]
            else:
                entry = self._entry(name)
        else:
            entry = self._entry(name)
        if (
            type(expires_at) is not datetime
            or expires_at.tzinfo is not UTC
            or not EARLIEST_YEAR <= expires_at.year <= LATEST_YEAR
        ):
            # Refused exactly as lifecycle_of() refuses (year 1, naive, malformed...), and
            # after the name, as lifecycle_of() checks them.
            expires_at = to_utc(expires_at, "expires_at")
        family = entry.select(expires_at) if isinstance(entry, _Versioned) else entry
        active, grace, redemption, pending_delete = family[0]
        # An expiry after cut-off i means the domain has not yet left phase i at `at`.
        if expires_at > active:
            return _ACTIVE
        if expires_at > grace:
            return _GRACE
        if expires_at > redemption:
            return _REDEMPTION
        if expires_at > pending_delete:
            return _PENDING_DELETE
        return _RELEASED

    def cutoffs(self, name: DomainName | str, expires_at: Instant | None = None) -> _Cutoffs:
        """The expiry instants at which ``name`` would just be leaving each phase at ``at``;
        under a rule set whose versions differ for the name's TLD, those of the version in
        force at ``expires_at`` (which is then required)."""
        entry = self._entry(name)
        if not isinstance(entry, _Versioned):
            return entry[0]
        if expires_at is None:
            raise InvalidRuleSetError(
                f"rule set {self.rules.name!r} has versions with different numbers for "
                f"{name!s}: its expiry selects one (pass expires_at)",
                field="expires_at",
                value=None,
            )
        return entry.select(to_utc(expires_at, "expires_at"))[0]

    def _entry(self, name: DomainName | str) -> _Family | _Versioned:
        """The family of ``name`` (or its family per version), learning its suffix."""
        if type(name) is not str:
            return self._family(DomainName.parse(name).tld)
        label, _, rest = name.partition(".")
        known = self._by_rest.get(rest)
        if known is not None and _registrable_in_front(label, known[1], known[2]):
            return known[0]
        # The slow path validates (and refuses) exactly as DomainName does.
        domain = DomainName(name)
        entry = self._family(domain.tld)
        learned = _known_rest(rest)
        if learned is not None:
            self._by_rest[rest] = (entry, *learned)
        return entry

    def _suffix_behind(self, rest: str) -> tuple[str, frozenset[str]] | None:
        """What every name ``<label>.<rest>`` with a plain ASCII first label is, once
        ``rest`` (the text after a name's first label, as written) is known: its
        canonical suffix, and the labels that are rules below that suffix (such a label
        in front makes a suffix, not a registrable name). None when ``rest`` is no
        public suffix (or one with wildcard rules below it): each name behind it must
        then be parsed on its own. The batch paths (``domainrules.arrow``) ask this once
        per distinct ``rest``, then :meth:`_suffix_cutoffs`.

        >>> classify = PhaseClassifier("2025-01-10T00:00:00Z")
        >>> suffix, below = classify._suffix_behind("COM.cn")
        >>> suffix, "gov" in below
        ('com.cn', False)
        >>> print(classify._suffix_behind("example.com"))
        None
        """
        try:
            probe = DomainName(f"{_PROBE_LABEL}.{rest}")
        except (DomainRulesError, UnicodeError, ValueError):
            return None
        learned = _known_rest(rest)
        if learned is None or learned[0] != probe.suffix:
            return None
        return learned

    def _suffix_cutoffs(self, suffix: str) -> _Cutoffs:
        """The cut-offs of every name under the canonical ``suffix``: the one place a
        suffix's rules are looked up (once per family). Raises ``UnknownSuffixError``
        for a suffix the rule set does not cover.

        >>> PhaseClassifier("2025-01-10T00:00:00Z")._suffix_cutoffs("com.cn")[1].isoformat()
        '2024-12-11T00:00:00+00:00'

        A rule set with several versions whose numbers for the suffix differ (each
        domain's expiry picks its version) has no single answer here: refused with
        ``InvalidRuleSetError``, never answered from one version.
        """
        return self._suffix_family(suffix)[0]

    def _suffix_family(self, suffix: str) -> _Family:
        """The family of the canonical ``suffix`` (see :meth:`_suffix_cutoffs`, which
        gives its first item), refused the same way."""
        entry = self._family(suffix.rpartition(".")[2])
        if isinstance(entry, _Versioned):
            raise InvalidRuleSetError(
                f"rule set {self.rules.name!r} has several versions with different numbers "
                f"for .{suffix} (each domain's expiry selects one); this batch path takes "
                "one version: pass rules.for_expiry(...) or use PhaseClassifier",
                field="rules",
                value=self.rules.name,
            )
        return entry

    def _family(self, tld: str) -> _Family | _Versioned:
        """The family of ``tld`` as the classifier uses it (see :meth:`_version_family`);
        under a rule set with several versions that differ for it, one per version."""
        if len(self._versions) == 1:
            return self._version_family(0, tld)
        found: list[_Family | DomainRulesError] = []
        for index in range(len(self._versions)):
            try:
                found.append(self._version_family(index, tld))
            except DomainRulesError as failure:
                found.append(failure)
        first = found[0]
        if all(isinstance(item, DomainRulesError) for item in found):
            raise first  # type: ignore[misc]
        if not isinstance(first, DomainRulesError) and all(
            not isinstance(item, DomainRulesError) and item[:4] == first[:4] for item in found
        ):
            # The versions agree on this TLD's numbers: no choice to make per domain.
            return first
        return _Versioned(self._starts, tuple(found))

    def _version_family(self, index: int, tld: str) -> _Family:
        """(cut-offs, the family's offsets, the latest expiry listable for pre-release at
        ``at`` or None, the instant asked about, memo) of ``tld`` in version ``index``,
        from :func:`~domainrules.lifecycle.phase_offsets`, the day arithmetic a
        Lifecycle uses too."""
        family = self._versions[index].family_for_tld(tld)
        key = (index, family.name)
        known = self._by_family.get(key)
        if known is None:
            offsets = phase_offsets(family.lifecycle)
            at = self.at if self.day is None else start_of_day(self.day, family.lifecycle.zone)
            cutoffs = (
                at,
                at - offsets.renewal_grace_ends,
                at - offsets.redemption_ends,
                at - offsets.pending_delete_ends,
            )
            start = offsets.pre_release_from
            known = (cutoffs, offsets, None if start is None else at - start, at, {})
            self._by_family[key] = known
        return known

    def classify(
        self,
        name: DomainName | str,
        expires_at: Instant,
        *,
        renew_within: int = DEFAULT_RENEW_WITHIN,
    ) -> Classified:
        """Everything the bulk path says about one domain at ``at``: its phase, whole days
        left to expiry, next action, when the phase ends, the action's deadline and
        whether it may be listed for pre-release. Each answer is the one a
        :class:`~domainrules.lifecycle.Lifecycle` and :func:`~domainrules.actions.action_for`
        give (a differential test holds it to that).

        >>> classify = PhaseClassifier("2025-01-10T00:00:00Z")
        >>> row = classify.classify("example.com", "2025-01-01T00:00:00Z")
        >>> row.phase.value, row.days_left, row.action.value, row.deadline.isoformat()
        ('renewal-grace', -9, 'renew now', '2025-01-31T00:00:00+00:00')
        """
        if (
            type(renew_within) is not int
            or not 0 <= renew_within <= MAX_RENEW_WITHIN
            or isinstance(renew_within, bool)
        ):
            from domainrules._validate import count

            count(renew_within, "renew_within", maximum=MAX_RENEW_WITHIN)
        if isinstance(name, str):
            label, _, rest = name.partition(".")
            known = self._by_rest.get(rest)
            if known is not None and _registrable_in_front(label, known[1], known[2]):
                entry = known[0]
            else:
                entry = self._entry(name)
        else:
            entry = self._entry(name)
        expires = expires_at
        if (
            type(expires) is not datetime
            or expires.tzinfo is not UTC
            or not EARLIEST_YEAR <= expires.year <= LATEST_YEAR
        ):
            expires = to_utc(expires_at, "expires_at")
        family = entry.select(expires) if isinstance(entry, _Versioned) else entry
        # Exports repeat expiry instants (whole days, the same hour): the answer for a
        # (family, renewal window, expiry) is computed once. Bounded: memory stays flat.
        memo = family[4].get(renew_within)
        if memo is None:
            memos = family[4]
            if len(memos) >= 8:
                memos.clear()
            memo = memos.setdefault(renew_within, {})
        found = memo.get(expires)
        if found is None:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            found = memo[expires] = _classify(family, expires, renew_within)
        return found


def _classify(family: _Family, expires: datetime, renew_within: int) -> Classified:
    (active, grace, redemption, pending_delete), offsets, listable, at, _ = family
    if expires > active:
        phase = _ACTIVE
    elif expires > grace:
        phase = _GRACE
    elif expires > redemption:
        phase = _REDEMPTION
    elif expires > pending_delete:
        phase = _PENDING_DELETE
    else:
        phase = _RELEASED
    days_left = (expires - at) // _DAY
    end = offsets.end_of(phase)
    ends_at = None if end is None else expires + end
    if phase is _ACTIVE:
        action = ExpiryAction.RENEW if days_left < renew_within else None
    else:
        action = _ACTION_BY_PHASE[phase]
    return Classified(
        phase,
        days_left,
        action,
        ends_at,
        ends_at if phase in ACTION_PHASES else None,
        phase is _REDEMPTION and listable is not None and expires <= listable,
    )


_MEMO_SIZE = 1 << 14


class Classified(NamedTuple):
    """One domain at one instant, as :meth:`PhaseClassifier.classify` finds it."""

    phase: Phase
    #: Whole days from ``at`` to the expiry, rounded down: negative once expired.
    days_left: int
    #: The next action (None while nothing is due).
    action: ExpiryAction | None
    #: When the current phase ends (None once released).
    phase_ends_at: datetime | None
    #: The last instant for the next action: the end of the phase while renewing or
    #: redeeming keeps the domain, None after that.
    deadline: datetime | None
    #: Whether the registrar may have listed it for pre-release (auction).
    pre_release: bool


_ACTION_BY_PHASE = {
    Phase.RENEWAL_GRACE: ExpiryAction.RENEW_NOW,
    Phase.REDEMPTION: ExpiryAction.REDEEM,
    Phase.PENDING_DELETE: ExpiryAction.GONE,
    Phase.RELEASED: ExpiryAction.GONE,
}
_MAX_SUFFIXES = 4096


class PreReleaseCheck:
    """Whether a domain in redemption at ``at`` may be on the registrar's pre-release
    (auction) list: :meth:`~domainrules.lifecycle.Lifecycle.may_be_pre_released_at`
    for a domain the classifier has already found in redemption, with its family's
    rules looked up once per suffix instead of a Lifecycle built per row.

    >>> from datetime import datetime
    >>> check = PreReleaseCheck(datetime(2025, 4, 1, tzinfo=UTC))
    >>> check("example.cn", datetime(2025, 2, 28, 22, tzinfo=UTC))
    True
    """

    def __init__(self, at: Instant, *, rules: RuleSet | str = DEFAULT_RULE_SET) -> None:
        self._classifier = PhaseClassifier(at, rules=rules)
        self.at = self._classifier.at
        self.rules = self._classifier.rules
        # The name's last label as written -> its family (or its family per version),
        # whose third item is the latest expiry listable at `at`, or None where the
        # family has no pre-release.
        self._by_tld: dict[str, _Family | _Versioned] = {}

    def __call__(self, name: str | None, expires: datetime) -> bool:
        """``name`` (a name the classifier accepted) expiring at ``expires`` is in
        redemption at ``at``: may it be listed?"""
        name = (name or "").strip()
        tld = name.rstrip(".").rpartition(".")[2]
        entry = self._by_tld.get(tld)
        if entry is None:
            if len(self._by_tld) >= _MAX_SUFFIXES:  # a few hundred TLDs exist: keep memory flat
                self._by_tld.clear()
            entry = self._by_tld[tld] = self._classifier._family(DomainName(name).tld)
        family = entry.select(expires) if isinstance(entry, _Versioned) else entry
        latest = family[2]
        return latest is not None and expires <= latest


#: What a registrar export's status cell says about the phase, by the status as written
#: (compared without case, spaces, hyphens or underscores): the registrar's console
#: statuses (its guide, "Domain name management", docs/sources.md) and the EPP statuses of
#: RFC 3915 (autoRenewPeriod, redemptionPeriod, pendingDelete). A status not listed
#: says nothing about the phase (clientHold, serverTransferProhibited...).
EXPORT_STATUSES: Mapping[str, frozenset[Phase]] = MappingProxyType(
    {
        "normal": frozenset({Phase.ACTIVE}),
        "ok": frozenset({Phase.ACTIVE}),
        "active": frozenset({Phase.ACTIVE}),
        "正常": frozenset({Phase.ACTIVE}),
        "expired": frozenset({Phase.RENEWAL_GRACE, Phase.REDEMPTION, Phase.PENDING_DELETE}),
        "已过期": frozenset({Phase.RENEWAL_GRACE, Phase.REDEMPTION, Phase.PENDING_DELETE}),
        "renewalgrace": frozenset({Phase.RENEWAL_GRACE}),
        "autorenewperiod": frozenset({Phase.RENEWAL_GRACE}),
        "急需续费": frozenset({Phase.RENEWAL_GRACE}),
        "redemption": frozenset({Phase.REDEMPTION}),
        "redemptionperiod": frozenset({Phase.REDEMPTION}),
        "急需赎回": frozenset({Phase.REDEMPTION}),
        "pendingdelete": frozenset({Phase.PENDING_DELETE}),
    }
)
_STATUS_PUNCTUATION = re.compile(r"[\s_\-]+")


def phases_for_status(status: str) -> frozenset[Phase] | None:
    """The phases an export's status cell allows, None when it says nothing about them.

    >>> sorted(p.value for p in phases_for_status("Redemption Period"))
    ['redemption']
    >>> print(phases_for_status("clientHold"))
    None
    """
    if not isinstance(status, str):
        raise ArgumentTypeError(
            f"status: expected a str, not {type(status).__name__}", field="status", value=status
        )
    return EXPORT_STATUSES.get(_STATUS_PUNCTUATION.sub("", status.strip().lower()))


def start_of_day(day: date, zone: str) -> datetime:
    """The UTC instant ``day`` starts in ``zone`` (an IANA name).

    >>> from datetime import date
    >>> start_of_day(date(2025, 3, 1), "Asia/Shanghai").isoformat()
    '2025-02-28T16:00:00+00:00'
    """
    local = pendulum.datetime(day.year, day.month, day.day, tz=pendulum.timezone(zone))
    return to_utc(datetime.fromtimestamp(local.timestamp(), UTC), "day")


def phases_at(
    domains: Iterable[tuple[DomainName | str, Instant]],
    at: Instant,
    *,
    rules: RuleSet | str = DEFAULT_RULE_SET,
) -> list[Phase]:
    """The phase of each ``(name, expires_at)`` pair at one instant.

    >>> [p.value for p in phases_at([("a.com", "2025-01-01T00:00:00Z"),
    ...                              ("b.cn", "2024-12-01T00:00:00+08:00")],
    ...                             "2025-01-10T00:00:00Z")]
    ['renewal-grace', 'redemption']
    """
    classify = PhaseClassifier(at, rules=rules)
    if isinstance(domains, (str, bytes)) or not isinstance(domains, Iterable):
        raise ArgumentTypeError(
            f"domains: expected (name, expires_at) pairs, not {type(domains).__name__}",
            field="domains",
            value=domains,
        )
    phases = []
    for index, pair in enumerate(domains):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ArgumentTypeError(
                f"domains[{index}]: expected a (name, expires_at) pair, not {type(pair).__name__}",
                field=f"domains[{index}]",
                value=pair,
            )
        phases.append(classify(pair[0], pair[1]))
    return phases
