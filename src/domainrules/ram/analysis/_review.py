"""A comparison as a reviewer reads it: per changed statement first, then merged regions.

:func:`review` takes the old and new policies and their :class:`Comparison` and says,
for each statement that was added, removed or changed, which regions of new access it
is responsible for (what it adds) and which of lost access (what it removes). Regions
that differ only in the cells of their statements (the same statements allow them on
one side and deny them on the other) are merged into one, and each region is described
with the old access subtracted: where an old Deny denied it, the part that Deny
covered; where an old Allow on the same resources allowed other actions, those
actions are named as excepted.

>>> from domainrules.ram import Policy, compare
>>> old = Policy.parse({"Version": "1", "Statement": [
...     {"Effect": "Allow", "Action": "domain:*", "Resource": "*"},
...     {"Sid": "Guard", "Effect": "Deny", "Action": "domain:*",
...      "Resource": "acs:domain:*:*:domain/example.com"}]}, name="old")
>>> new = Policy.parse({"Version": "1", "Statement": [
...     {"Effect": "Allow", "Action": "domain:*", "Resource": "*"},
...     {"Sid": "Guard", "Effect": "Deny", "Action": "domain:Dns*",
...      "Resource": "acs:domain:*:*:domain/example.com"}]}, name="new")
>>> result = review([old], [new], compare(old, new))
>>> (change,) = result.changes
>>> change.kind, str(change.statement), len(change.adds), len(change.removes)
('changed', 'new[1] (Guard) Deny', 1, 0)
>>> region = result.new_access[0]
>>> region.actions, region.resources
(('domain:* except domain:Dns*',), ('acs:domain:*:*:domain/example.com',))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs

from domainrules._validate import checked, instance
from domainrules.errors import ArgumentTypeError
from domainrules.ram.analysis._results import Comparison, Region, StatementRef
from domainrules.ram.patterns import compile_pattern, covers, overlaps
from domainrules.ram.policy import Policy, Statement

__all__ = ["ChangeKind", "Review", "StatementChange", "merge_regions", "review"]

ChangeKind = Literal["added", "removed", "changed"]


# Built once per changed statement of a review (not per region or witness of the
# analysis): checked like the library's other result types.
@checked
@attrs.frozen
class StatementChange:
    """One statement that differs between the sides, and the regions it accounts for.

    ``statement`` is the new statement (the old one when ``kind`` is ``removed``);
    ``adds`` the regions of new access it is responsible for, ``removes`` those of
    lost access.
    """

    kind: ChangeKind
    statement: StatementRef
    adds: tuple[Region, ...]
    removes: tuple[Region, ...]


@checked
@attrs.frozen
class Review:
    """The changes per statement, then the merged regions of new and lost access."""

    changes: tuple[StatementChange, ...]
    new_access: tuple[Region, ...]
    lost_access: tuple[Region, ...]


def _policies(value: Any, field: str) -> list[Policy]:
    if isinstance(value, Policy):
        return [value]
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(
            f"{field}: expected a sequence of Policy values, not {type(value).__name__}",
            field=field,
            value=value,
        )
    return [instance(p, Policy, field) for p in value]


def _refs(policies: Sequence[Policy]) -> list[tuple[StatementRef, Statement]]:
    return [
        (StatementRef(p.name, i, s.effect, s.sid), s)
        for p in policies
        for i, s in enumerate(p.statements)
    ]


_Item = tuple[StatementRef, Statement]


def _pairs(old: list[_Item], new: list[_Item]) -> list[tuple[_Item | None, _Item | None]]:
    """Old and new statements paired: by Sid where there is one, else by position (the
    n-th policy of each side, the same statement index)."""
    old_ranks = {name: n for n, name in enumerate(dict.fromkeys(r.policy for r, _ in old))}
    new_ranks = {name: n for n, name in enumerate(dict.fromkeys(r.policy for r, _ in new))}
    by_sid = {ref.sid: (ref, s) for ref, s in old if ref.sid}
    by_place = {(old_ranks[ref.policy], ref.index): (ref, s) for ref, s in old if not ref.sid}
    pairs: list[tuple[_Item | None, _Item | None]] = []
    used: set[StatementRef] = set()
    for ref, statement in new:
        place = (new_ranks[ref.policy], ref.index)
        match = by_sid.get(ref.sid) if ref.sid else by_place.get(place)
        if match is not None and match[0] in used:
            match = None
        if match is not None:
            used.add(match[0])
        pairs.append((match, (ref, statement)))
    pairs.extend(((ref, s), None) for ref, s in old if ref not in used)
    return pairs


def review(old: Sequence[Policy], new: Sequence[Policy], comparison: Comparison) -> Review:
    """The comparison of ``old`` and ``new`` per changed statement, regions merged."""
    instance(comparison, Comparison, "comparison")
    old_refs, new_refs = _refs(_policies(old, "old")), _refs(_policies(new, "new"))
    statements = {ref: s for ref, s in (*old_refs, *new_refs)}
    new_access = merge_regions(comparison.new_access, statements, old_refs, new_refs)
    lost_access = merge_regions(comparison.lost_access, statements, new_refs, old_refs)
    changes = []
    counterpart: dict[StatementRef, StatementRef] = {}
    for before, after in _pairs(old_refs, new_refs):
        if before is not None and after is not None:
            counterpart[before[0]] = after[0]
            if before[1] == after[1]:
                continue
            kind: ChangeKind = "changed"
            ref = after[0]
        elif after is not None:
            kind, ref = "added", after[0]
        else:
            assert before is not None
            kind, ref = "removed", before[0]
        changes.append((kind, ref, before[0] if before else None))
    changed_refs = {ref for _, ref, _ in changes} | {b for _, _, b in changes if b is not None}

    def responsible(region: Region) -> set[StatementRef]:
        mine = {r for r in (*region.allowed_by, *region.denied_by) if r in changed_refs}
        return {counterpart.get(r, r) for r in mine} or {*region.allowed_by[:1]}

    adds: dict[StatementRef, list[Region]] = {ref: [] for _, ref, _ in changes}
    removes: dict[StatementRef, list[Region]] = {ref: [] for _, ref, _ in changes}
    for region in new_access:
        for ref in responsible(region):
            adds.setdefault(ref, []).append(region)
    for region in lost_access:
        for ref in responsible(region):
            removes.setdefault(ref, []).append(region)
    kinds = {ref: kind for kind, ref, _ in changes}
    result = [
        StatementChange(
            kinds.get(ref, "changed"), ref, tuple(adds.get(ref, ())), tuple(removes.get(ref, ()))
        )
        for ref in dict.fromkeys([*(ref for _, ref, _ in changes), *adds, *removes])
        if ref in kinds or adds.get(ref) or removes.get(ref)
    ]
    return Review(tuple(result), new_access, lost_access)


def merge_regions(
    regions: Sequence[Region],
    statements: dict[StatementRef, Statement],
    other_side: Sequence[tuple[StatementRef, Statement]],
    same_side: Sequence[tuple[StatementRef, Statement]] = (),
) -> tuple[Region, ...]:
    """Regions with the same statements on both sides merged, each described with the
    other side's access subtracted (see the module documentation), and the actions a
    Deny of their own side refuses on all of their resources named as excepted."""
    groups: dict[tuple[tuple[StatementRef, ...], tuple[StatementRef, ...]], list[Region]] = {}
    for region in regions:
        groups.setdefault((region.allowed_by, region.denied_by), []).append(region)
    merged = []
    for (by, against), members in groups.items():
        actions = _union(r.actions for r in members)
        resources = _union(r.resources for r in members)
        shared = [c for c in members[0].clauses if all(c in r.clauses for r in members)]
        texts = [str(c) for c in shared]
        if len(members) > 1 and len(shared) < max(len(r.clauses) for r in members):
            keys = sorted({c.key for r in members for c in r.clauses if c not in shared})
            texts.append(f"any of {len(members)} combinations of {', '.join(keys)}")
        witnesses = _union(((w,) for r in members for w in r.witnesses[:1]), limit=3)
        written = _written_actions(by, statements)
        actions = tuple(written.get(a, a) for a in actions)
        actions, resources = _subtract(actions, resources, against, witnesses, statements)
        excepted = [(s, "Deny") for _, s in same_side]
        if not against:
            excepted += [(s, "Allow") for _, s in other_side]
        actions = _except(actions, resources, excepted)
        merged.append(
            Region(
                actions=actions,
                resources=resources,
                conditions=tuple(texts),
                allowed_by=by,
                denied_by=against,
                witnesses=tuple(witnesses),
                clauses=tuple(shared),
            )
        )
    return tuple(merged)


def _union(groups: Any, limit: int | None = None) -> tuple[Any, ...]:
    seen: dict[Any, None] = {}
    for group in groups:
        for item in group:
            seen[item] = None
    items = tuple(seen)
    return items if limit is None else items[:limit]


def _written_actions(
    refs: Sequence[StatementRef], statements: dict[StatementRef, Statement]
) -> dict[str, str]:
    """Lower-cased action patterns (as the analysis gives them) -> as written."""
    written: dict[str, str] = {}
    for ref in refs:
        statement = statements.get(ref)
        for action in (statement.actions or statement.not_actions or ()) if statement else ():
            written.setdefault(action.lower(), action)
            written.setdefault(f"not {action.lower()}", f"not {action}")
    return written


def _narrower(first: str, second: str) -> str | None:
    a, b = compile_pattern(first), compile_pattern(second)
    if covers(a, b):
        return second
    if covers(b, a):
        return first
    return None


def _subtract(
    actions: tuple[str, ...],
    resources: tuple[str, ...],
    against: Sequence[StatementRef],
    witnesses: Sequence[object],
    statements: dict[StatementRef, Statement],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Where Denies of the other side denied the region: only what they covered."""
    if not against:
        return actions, resources
    narrowed_actions: dict[str, None] = {}
    narrowed_resources: dict[str, None] = {}
    for ref in against:
        deny = statements.get(ref)
        if deny is None or deny.is_not_action:
            return actions, resources
        for mine, theirs, into, lower in (
            (actions, deny.actions or (), narrowed_actions, True),
            (resources, deny.resources, narrowed_resources, False),
        ):
            for one in mine:
                for other in theirs:
                    a, b = (one.lower(), other.lower()) if lower else (one, other)
                    if one.startswith("not "):
                        into[one] = None
                        continue
                    chosen = _narrower(a, b)
                    if chosen is not None:
                        into[other if chosen == b else one] = None
                    elif overlaps(a, b):
                        into[f"{one} ∩ {other}"] = None
    return (tuple(narrowed_actions) or actions, tuple(narrowed_resources) or resources)


def _except(
    actions: tuple[str, ...], resources: tuple[str, ...], others: Sequence[tuple[Statement, str]]
) -> tuple[str, ...]:
    """Actions that an unconditional statement of the given effect (an Allow of the
    other side, a Deny of the same side) decides on a resource of the region: not part
    of the region there, so named as excepted (on that resource, when not on all)."""
    if any(" " in r for r in resources):
        return actions  # an intersection: coverage is not decided here
    per_resource: dict[str, dict[str, None]] = {}
    for resource in resources:
        mine = compile_pattern(resource)
        excepted = per_resource.setdefault(resource, {})
        for statement, effect in others:
            if statement.effect != effect or statement.conditions or statement.is_not_action:
                continue
            if any(covers(p, mine) for p in statement.resource_patterns):
                for action in statement.actions or ():
                    if any(
                        overlaps(a.lower(), action.lower())
                        for a in actions
                        if not a.startswith("not ")
                    ):
                        excepted[action] = None
    groups = {tuple(excepted) for excepted in per_resource.values()}
    if groups == {()}:
        return actions
    if len(groups) == 1:
        (common,) = groups
        return tuple(f"{a} except {', '.join(common)}" for a in actions)
    where = "; ".join(
        f"{', '.join(excepted)} on {resource}"
        for resource, excepted in per_resource.items()
        if excepted
    )
    return tuple(f"{a} (except {where})" for a in actions)
