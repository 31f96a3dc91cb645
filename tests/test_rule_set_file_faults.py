"""Rule-set files that are well formed but say something impossible or incomplete:
each is an ``InvalidRuleSetError`` whose fault names the JSON path to fix."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from domainrules.errors import DomainRulesError, InvalidRuleSetError
from domainrules.rulesets import load_rule_set
from domainrules.rulesets.files import MAX_FILE_BYTES

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


def _only_fault(document: object) -> tuple[str, str]:
    with pytest.raises(InvalidRuleSetError) as caught:
        load_rule_set(document)  # type: ignore[arg-type]
    (fault,) = caught.value.faults
    return fault.path, fault.message


def test_the_size_cap_counts_utf8_bytes_not_characters() -> None:
    # Fewer characters than the cap, more bytes: refused before it is parsed.
    path, message = _only_fault("é" * (MAX_FILE_BYTES // 2 + 1))
    assert (path, message) == ("$", f"the text is over the {MAX_FILE_BYTES} bytes allowed")


def test_broken_json_names_line_and_column() -> None:
    assert _only_fault('{"format": 1,') == (
        "$",
        "not valid JSON: line 1, column 14: Expecting property name enclosed in double quotes",
    )


def test_json_nested_too_deeply_is_a_fault_not_a_recursion_error() -> None:
    assert _only_fault('{"format": ' + "[" * 100_000 + "]" * 100_000 + "}") == (
        "$",
        "nested too deeply",
    )


def test_extending_an_unknown_rule_set_lists_the_shipped_ones() -> None:
    path, message = _only_fault(_with(lambda d: d.update(extends="nope")))
    assert path == "$.extends"
    assert message.startswith("no shipped rule set 'nope' to extend (shipped: ")
    assert "verisign" in message


def test_a_tld_in_two_families_names_both() -> None:
    def twice(document: dict[str, Any]) -> None:
        document["versions"][0]["families"].append({**copy.deepcopy(_FAMILY), "name": "g"})

    assert _only_fault(_with(twice)) == (
        "$.versions[0].families[1].tlds[0]",
        "TLD 'com' is also in family 'f' ($.versions[0].families[0].tlds[0])",
    )


def test_the_first_version_needs_families() -> None:
    assert _only_fault(_with(lambda d: d["versions"][0].update(families=[]))) == (
        "$.versions[0].families",
        "the first version has no families",
    )


def test_versions_go_in_time_order() -> None:
    def earlier(document: dict[str, Any]) -> None:
        version = copy.deepcopy(document["versions"][0])
        document["versions"].append({**version, "valid_from": "2019-01-01T00:00:00Z"})

    path, message = _only_fault(_with(earlier))
    assert path == "$.versions[1].valid_from"
    assert "is not after the previous version's 2020-01-01T00:00:00+00:00" in message


def test_an_unreadable_valid_from_is_a_fault_at_it() -> None:
    with pytest.raises(InvalidRuleSetError) as caught:
        load_rule_set(_with(lambda d: d["versions"][0].update(valid_from="yesterday")))
    paths = {fault.path for fault in caught.value.faults}
    assert paths == {"$.versions[0].valid_from"}
    assert any("not an ISO 8601 instant" in fault.message for fault in caught.value.faults)
