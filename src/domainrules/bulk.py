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
from collections.abc import Iterable
from datetime import datetime, timedelta

from domainrules.errors import ArgumentTypeError, DomainRulesError
from domainrules.instants import EARLIEST_YEAR, LATEST_YEAR, UTC, Instant, to_utc
from domainrules.lifecycle import Phase
from domainrules.names import DomainName, _known_rest, _registrable_in_front
from domainrules.rulesets import DEFAULT_RULE_SET, RuleSet, as_rule_set

__all__ = ["PhaseClassifier", "phases_at"]

_Cutoffs = tuple[datetime, datetime, datetime, datetime]


class _Versioned:
    """A TLD's cut-offs under a rule set with several versions: the version in force at
    a domain's expiry governs it, so the cut-offs are chosen per domain by its expiry."""

    __slots__ = ("cutoffs", "starts")

    def __init__(
        self, starts: tuple[datetime, ...], cutoffs: tuple[_Cutoffs | DomainRulesError, ...]
    ) -> None:
        self.starts = starts
        self.cutoffs = cutoffs

    def select(self, expires_at: datetime) -> _Cutoffs:
        found = self.cutoffs[max(bisect.bisect_right(self.starts, expires_at) - 1, 0)]
        if isinstance(found, DomainRulesError):
            # This version does not cover the TLD: refused as lifecycle_of() refuses it.
            raise found
        return found


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
        # The text after a name's first label -> (cut-offs, its suffix, the labels
        # that are rules below that suffix); see names._known_rest.
        self._by_rest: dict[str, tuple[_Cutoffs | _Versioned, str, frozenset[str]]] = {}
        self._by_family: dict[tuple[int, str], _Cutoffs] = {}
        self._versions = self.rules.versions
        self._starts = tuple(view.valid_from for view in self._versions)

    def __call__(self, name: DomainName | str, expires_at: Instant) -> Phase:
        # The fast path of cutoffs(), inlined: this runs once per domain.
        if isinstance(name, str):
            label, _, rest = name.partition(".")
            known = self._by_rest.get(rest)
            if known is not None and _registrable_in_front(label, known[1], known[2]):
                cutoffs = known[0]
            else:
                cutoffs = self.cutoffs(name)
        else:
            cutoffs = self.cutoffs(name)
        if (
            type(expires_at) is not datetime
            or expires_at.tzinfo is not UTC
            or not EARLIEST_YEAR <= expires_at.year <= LATEST_YEAR
        ):
            # Refused exactly as lifecycle_of() refuses (year 1, naive, malformed...), and
            # after the name, as lifecycle_of() checks them.
            expires_at = to_utc(expires_at, "expires_at")
        if type(cutoffs) is _Versioned:
            cutoffs = cutoffs.select(expires_at)
        active, grace, redemption, pending_delete = cutoffs  # type: ignore[misc]
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

    def cutoffs(self, name: DomainName | str) -> _Cutoffs | _Versioned:
        """The expiry instants at which ``name`` would just be leaving each phase at ``at``
        (per version of the rule set where it has several: see :meth:`RuleSet.for_expiry`)."""
        if type(name) is not str:
            return self._family_cutoffs(DomainName.parse(name).tld)
        label, _, rest = name.partition(".")
        known = self._by_rest.get(rest)
        if known is not None and _registrable_in_front(label, known[1], known[2]):
            return known[0]
        # The slow path validates (and refuses) exactly as DomainName does.
        domain = DomainName(name)
        cutoffs = self._family_cutoffs(domain.tld)
        learned = _known_rest(rest)
        if learned is not None:
            self._by_rest[rest] = (cutoffs, *learned)
        return cutoffs

    def _family_cutoffs(self, tld: str) -> _Cutoffs | _Versioned:
        if len(self._versions) == 1:
            return self._version_cutoffs(0, tld)
        found: list[_Cutoffs | DomainRulesError] = []
        for index in range(len(self._versions)):
            try:
                found.append(self._version_cutoffs(index, tld))
            except DomainRulesError as failure:
                found.append(failure)
        if all(isinstance(item, DomainRulesError) for item in found):
            raise found[0]  # type: ignore[misc]
        if all(item == found[0] for item in found):
            # The versions agree on this TLD's numbers: no choice to make per domain.
            return found[0]  # type: ignore[return-value]
        return _Versioned(self._starts, tuple(found))

    def _version_cutoffs(self, index: int, tld: str) -> _Cutoffs:
        family = self._versions[index].family_for_tld(tld)
        key = (index, family.name)
        known = self._by_family.get(key)
        if known is None:
            rules = family.lifecycle
            grace = self.at - timedelta(days=rules.renewal_grace_days)
            redemption = grace - timedelta(days=rules.redemption_days)
            pending_delete = redemption - timedelta(days=rules.pending_delete_days)
            known = (self.at, grace, redemption, pending_delete)
            self._by_family[key] = known
        return known


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
