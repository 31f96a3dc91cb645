"""Rule-set files that are well formed but say something impossible or incomplete:
each is an ``InvalidRuleSetError`` whose fault names the JSON path to fix."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from domainrules.errors import DomainRulesError, InvalidRuleSetError
from domainrules.rulesets import load_rule_set

_FAMILY: dict[str, Any] = {
    "name": "f",
    "tlds": ["com"],
    "default_for": "none",
    "icann_transfer_policy": True,
    "registrar": {
        "renewal_grace": {"days": 30},
        "redemption": {"days": 30},
        "pending_delete": 0,
        "then": "released",
        "zone": "UTC",
    },
}
_BASE: dict[str, Any] = {
    "format": 1,
    "name": "x",
    "versions": [
        {"valid_from": "2020-01-01T00:00:00Z", "selected_by": "expiry", "families": [_FAMILY]}
    ],
}


def _with(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    document = copy.deepcopy(_BASE)
    change(document)
    return document


def _family(document: dict[str, Any]) -> dict[str, Any]:
    family: dict[str, Any] = document["versions"][0]["families"][0]
    return family


def test_the_base_document_loads() -> None:
    rules = load_rule_set(_with(lambda d: None))
    assert rules.rules_for("example.com").renewal_grace_days == 30


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: _family(d)["registrar"].pop("then"),
            "$.versions[0].families[0].registrar",
            "the registrar table has no 'then'",
        ),
        (
            lambda d: _family(d)["registrar"].pop("zone"),
            "$.versions[0].families[0].registrar",
            "no zone (set registrar.zone or the file's zone)",
        ),
        (
            lambda d: _family(d).update(registry={"restore_report": {"days": 5}, "redemption": 0}),
            "$.versions[0].families[0].registry.redemption",
            "a restore report is due after a restore, but the registry's redemption is 0",
        ),
        (
            lambda d: d.update(
                dns={"redeemed": {"earliest": {"hours": 5}, "latest": {"hours": 1}}}
            ),
            "$.dns.redeemed",
            "earliest is after latest",
        ),
        (
            lambda d: d.update(manual_ownership_review=["example.com", "bad..name"]),
            "$.manual_ownership_review[1]",
            "empty label",
        ),
        (lambda d: d.update(effective="2020-13-01"), "$.effective", "not a date"),
    ],
    ids=[
        "no-then",
        "no-zone",
        "restore-report-without-redemption",
        "dns-window",
        "review",
        "effective",
    ],
)
def test_an_impossible_rule_is_a_fault_at_its_path(
    change: Callable[[dict[str, Any]], object], path: str, message: str
) -> None:
    with pytest.raises(InvalidRuleSetError) as caught:
        load_rule_set(_with(change))
    assert isinstance(caught.value, DomainRulesError) and isinstance(caught.value, ValueError)
    (fault,) = caught.value.faults
    assert fault.path == path
    assert message in fault.message


def test_the_file_zone_is_the_default_for_a_family_without_one() -> None:
    def zone_in_the_file(document: dict[str, Any]) -> None:
        _family(document)["registrar"].pop("zone")
        document["zone"] = "Asia/Shanghai"

    rules = load_rule_set(_with(zone_in_the_file))
    assert str(rules.rules_for("example.com").zone) == "Asia/Shanghai"


def test_the_review_list_is_canonical() -> None:
    rules = load_rule_set(_with(lambda d: d.update(manual_ownership_review=["Example.COM."])))
    assert rules.manual_ownership_review == frozenset({"example.com"})
