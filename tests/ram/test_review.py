"""The review of a comparison says nothing the comparison does not: every witness of a
merged region is one of its requests, as described (a property over random policies)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from domainrules.ram import Policy, compare, review
from domainrules.ram.patterns import compile_pattern

from .strategies import policy_documents


def _excepted(description: str, resource: str) -> list[str]:
    """The actions an entry of a region's actions excepts on ``resource``."""
    if " (except " in description:
        found = []
        for part in description.split(" (except ", 1)[1].rstrip(")").split("; "):
            actions, _, where = part.rpartition(" on ")
            if compile_pattern(where).matches(resource):
                found.extend(actions.split(", "))
        return found
    if " except " in description:
        return description.split(" except ", 1)[1].split(", ")
    return []


def _matches_description(text: str, description: str, *, lower: bool) -> bool:
    """Whether ``text`` fits one entry of a region's actions or resources."""
    head = description.split(" except ", 1)[0].split(" (except ", 1)[0]
    if head.startswith("not "):
        return True  # a NotAction statement: described by what it leaves out
    parts = [p.strip() for p in head.split(" ∩ ")]
    subject = text.lower() if lower else text
    return all(compile_pattern(p, ignore_case=lower).matches(subject) for p in parts)


@given(policy_documents(), policy_documents())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_witness_fits_its_region(old_document: Any, new_document: Any) -> None:
    old = Policy.parse(old_document, name="old")
    new = Policy.parse(new_document, name="new")
    comparison = compare(old, new)
    reviewed = review([old], [new], comparison)
    assert sum(len(c.adds) > 0 for c in reviewed.changes) <= len(reviewed.changes)
    for regions in (reviewed.new_access, reviewed.lost_access):
        for region in regions:
            assert region.witnesses
            for witness in region.witnesses:
                assert any(
                    _matches_description(witness.action, a, lower=True)
                    and not any(
                        compile_pattern(x, ignore_case=True).matches(witness.action.lower())
                        for x in _excepted(a, witness.resource)
                    )
                    for a in region.actions
                ), (witness, region.actions)
                assert any(
                    _matches_description(witness.resource, r, lower=False) for r in region.resources
                ), (witness, region.resources)
    # Every region of the comparison is in some merged region (by its statements).
    merged = {(r.allowed_by, r.denied_by) for r in reviewed.new_access}
    assert {(r.allowed_by, r.denied_by) for r in comparison.new_access} == merged
