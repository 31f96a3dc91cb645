"""Policy analysis: compare, the checks, regions, witnesses, universes, budgets, errors."""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules.errors import ArgumentTypeError, DomainRulesError, InternalError
from domainrules.ram import (
    ALIYUN_DOMAIN_FULL_ACCESS,
    ALIYUN_DOMAIN_READONLY_ACCESS,
    DEFAULT_CATALOG,
    DOCUMENTED_ONE_DOMAIN_POLICY,
    DOCUMENTED_READ_ONLY_POLICY,
    AnalysisError,
    CheckOutcome,
    InvalidRequestError,
    Policy,
    PolicySet,
    Relation,
    Statement,
    StatementRef,
    always_allows,
    always_denies,
    analysis,
    check_access_not_granted,
    check_no_new_access,
    compare,
    disjoint,
    implies,
    one_domain_manager_policy,
)
from domainrules.ram.analysis import _conditions
from tests.ram.test_analysis_brute import policies, statement


def policy(name: str, *statements: dict[str, Any]) -> Policy:
    return Policy.parse({"Version": "1", "Statement": list(statements)}, name=name)


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


DOCUMENTED = [
    ALIYUN_DOMAIN_FULL_ACCESS,
    ALIYUN_DOMAIN_READONLY_ACCESS,
    DOCUMENTED_READ_ONLY_POLICY,
    DOCUMENTED_ONE_DOMAIN_POLICY,
]


def confirm(sets: tuple[PolicySet, PolicySet], result: Any) -> None:
    for region in result.new_access:
        for witness in region.witnesses:
            assert not sets[0].evaluate(witness).allowed and sets[1].evaluate(witness).allowed
    for region in result.lost_access:
        for witness in region.witnesses:
            assert sets[0].evaluate(witness).allowed and not sets[1].evaluate(witness).allowed


# --- the solver-diverging regression and the documented policies ------------------


def test_star_question_mark_order_does_not_matter() -> None:
    old = policy("old", allow("s:foo*?bar", "acs:foo*?bar"))
    new = policy("new", allow("s:foo?*bar", "acs:foo?*bar"))
    assert compare(old, new).relation is Relation.EQUIVALENT
    assert check_no_new_access(old, new).passed


@pytest.mark.parametrize("document", DOCUMENTED, ids=lambda p: p.name)
@pytest.mark.parametrize("catalog", [None, DEFAULT_CATALOG], ids=["raw", "catalog"])
def test_each_documented_policy_is_equivalent_to_itself(document: Policy, catalog: Any) -> None:
    result = compare(document, document, catalog=catalog)
    assert result.relation is Relation.EQUIVALENT
    assert result.new_access == result.lost_access == ()


def test_full_access_against_read_only() -> None:
    result = compare(ALIYUN_DOMAIN_READONLY_ACCESS, ALIYUN_DOMAIN_FULL_ACCESS)
    assert result.relation is Relation.MORE_PERMISSIVE
    assert not result.lost_access
    region = result.new_access[0]
    assert region.allowed_by == (StatementRef("AliyunDomainFullAccess", 0, "Allow"),)
    assert region.denied_by == ()
    assert region.actions == ("domain:*",)
    witness = region.witnesses[0]
    assert witness.action.startswith("domain:")
    assert not witness.action.lower().startswith(("domain:query", "domain:list", "domain:check"))
    confirm(
        (PolicySet([ALIYUN_DOMAIN_READONLY_ACCESS]), PolicySet([ALIYUN_DOMAIN_FULL_ACCESS])), result
    )


def test_incomparable_with_both_directions() -> None:
    old = policy("old", allow("domain:Query*"))
    new = policy("new", allow("domain:Dns*"))
    result = compare(old, new)
    assert result.relation is Relation.INCOMPARABLE
    assert result.new_access[0].witnesses[0].action.lower().startswith("domain:dns")
    assert result.lost_access[0].witnesses[0].action.lower().startswith("domain:query")


def test_witnesses_are_shortest_first_and_realistic() -> None:
    old = policy("old", allow("domain:Query*"))
    new = policy("new", allow("domain:*"))
    region = compare(old, new).new_access[0]
    assert region.witnesses[0].action in DEFAULT_CATALOG.known_actions
    assert region.witnesses[0].resource == "acs:domain:*:1234567890:domain/example.com"


def test_a_deny_override_names_the_deny() -> None:
    old = policy(
        "old",
        allow("domain:*"),
        {**deny("domain:*", "acs:domain:*:*:domain/example.com"), "Sid": "Protect"},
    )
    new = policy("new", allow("domain:*"))
    result = compare(old, new)
    assert result.relation is Relation.MORE_PERMISSIVE
    (region,) = result.new_access
    assert region.denied_by == (StatementRef("old", 1, "Deny", "Protect"),)
    assert region.allowed_by == (StatementRef("new", 0, "Allow"),)
    assert region.witnesses[0].resource.endswith("domain/example.com")


# --- the catalog universe ------------------------------------------------------------


def test_catalog_universe_has_no_false_positives_from_impossible_pairs() -> None:
    # No Domains request names an "instance/" resource: the second Allow adds nothing
    # a Domains call can use, while in the raw universe it does.
    old = policy("old", allow("domain:*", "acs:domain:*:*:domain/*"))
    new = policy(
        "new",
        allow("domain:*", "acs:domain:*:*:domain/*"),
        allow("domain:*", "acs:domain:*:*:instance/*"),
    )
    assert compare(old, new).relation is Relation.MORE_PERMISSIVE
    assert compare(old, new, catalog=DEFAULT_CATALOG).relation is Relation.EQUIVALENT


def test_catalog_universe_allow_all_but_one_domain() -> None:
    everything = policy("all", allow("domain:*"))
    but_one = policy(
        "but-one", allow("domain:*"), deny("domain:*", "acs:domain:*:*:domain/example.com")
    )
    protected = check_access_not_granted(
        but_one, "domain:*", "acs:domain:*:*:domain/example.com", catalog=DEFAULT_CATALOG
    )
    assert protected.passed
    result = compare(but_one, everything, catalog=DEFAULT_CATALOG)
    assert result.relation is Relation.MORE_PERMISSIVE
    (region,) = result.new_access
    witness = region.witnesses[0]
    assert witness.action in DEFAULT_CATALOG.bound_actions
    assert witness.resource == "acs:domain:*:1234567890:domain/example.com"


def test_catalog_actions_outside_the_catalog_do_not_count() -> None:
    dns = sorted(a for a in DEFAULT_CATALOG.bound_actions if a.startswith("domain:Dns"))
    listed = policy("listed", allow(dns))
    wildcard = policy("wildcard", allow("domain:Dns*"))
    assert compare(listed, wildcard).relation is Relation.MORE_PERMISSIVE
    assert compare(listed, wildcard, catalog=DEFAULT_CATALOG).relation is Relation.EQUIVALENT


def test_one_domain_manager_against_another_domain() -> None:
    first = one_domain_manager_policy("example.com", name="first")
    second = one_domain_manager_policy("example.net", name="second")
    result = compare(first, second, catalog=DEFAULT_CATALOG)
    assert result.relation is Relation.INCOMPARABLE
    assert any(
        w.resource.endswith("domain/example.net") for r in result.new_access for w in r.witnesses
    )


# --- conditions --------------------------------------------------------------------


def test_narrower_ip_range_loses_access_with_an_ip_witness() -> None:
    wide = policy(
        "wide", allow("domain:*", Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}})
    )
    narrow = policy(
        "narrow", allow("domain:*", Condition={"IpAddress": {"acs:SourceIp": "10.1.0.0/16"}})
    )
    result = compare(wide, narrow)
    assert result.relation is Relation.LESS_PERMISSIVE
    witness = result.lost_access[0].witnesses[0]
    address = witness.context["acs:sourceip"][0]
    assert address in ipaddress.ip_network("10.0.0.0/8")
    assert address not in ipaddress.ip_network("10.1.0.0/16")


def test_dropping_a_condition_gives_access_when_the_key_is_missing() -> None:
    guarded = policy(
        "guarded", allow("domain:*", Condition={"Bool": {"acs:SecureTransport": "true"}})
    )
    open_ = policy("open", allow("domain:*"))
    region = compare(guarded, open_).new_access
    assert region
    contexts = [dict(w.context) for r in region for w in r.witnesses]
    assert {} in contexts or {"acs:securetransport": (False,)} in contexts


def test_date_windows_give_iso_witnesses() -> None:
    before = policy(
        "before",
        allow("domain:*", Condition={"DateLessThan": {"acs:CurrentTime": "2026-06-01T00:00:00Z"}}),
    )
    later = policy(
        "later",
        allow("domain:*", Condition={"DateLessThan": {"acs:CurrentTime": "2026-07-01T00:00:00Z"}}),
    )
    result = compare(before, later)
    assert result.relation is Relation.MORE_PERMISSIVE
    (moment,) = result.new_access[0].witnesses[0].context["acs:currenttime"]
    assert isinstance(moment, datetime)
    assert "2026-06-01" <= moment.isoformat() < "2026-07-01"


def test_negated_operator_with_missing_key() -> None:
    old = policy(
        "old",
        allow("domain:*"),
        deny("domain:*", Condition={"StringNotEquals": {"acs:SourceVpc": "vpc-1"}}),
    )
    new = policy("new", allow("domain:*", Condition={"StringEquals": {"acs:SourceVpc": "vpc-1"}}))
    assert compare(old, new).relation is Relation.EQUIVALENT


def test_multi_valued_context_satisfies_two_equalities() -> None:
    # One value cannot equal both "a" and "b"; a set of two values can.
    both = policy(
        "both",
        allow(
            "domain:*",
            Condition={"StringEquals": {"oss:Tags": "a"}, "StringLike": {"oss:Tags": "b"}},
        ),
    )
    none = policy("none", allow("domain:Nothing"))
    result = compare(none, both)
    assert result.relation is Relation.INCOMPARABLE or result.new_access
    values = result.new_access[0].witnesses[0].context["oss:tags"]
    assert set(values) == {"a", "b"}


def test_for_all_values_holds_for_a_missing_key() -> None:
    old = policy(
        "old", allow("domain:*", Condition={"ForAllValues:StringEquals": {"acs:TagKeys": ["team"]}})
    )
    new = policy("new", allow("domain:*"))
    result = compare(old, new)
    assert result.relation is Relation.MORE_PERMISSIVE
    assert all(w.context.get("acs:tagkeys") for r in result.new_access for w in r.witnesses)


def test_ignore_case_uses_casefold() -> None:
    old = policy("old", allow("domain:*", Condition={"StringEqualsIgnoreCase": {"k:x": "STRASSE"}}))
    new = policy("new", allow("domain:*", Condition={"StringEqualsIgnoreCase": {"k:x": "straße"}}))
    assert compare(old, new).relation is Relation.EQUIVALENT


# --- the checks ------------------------------------------------------------------------


def test_checks_share_one_result_type() -> None:
    read = DOCUMENTED_READ_ONLY_POLICY
    full = ALIYUN_DOMAIN_FULL_ACCESS
    results = [
        check_no_new_access(read, full),
        check_access_not_granted(read, "domain:Query*"),
        always_allows(read, "domain:Save*"),
        always_denies(read, "domain:Query*"),
        implies(full, read),
        disjoint(full, read),
    ]
    assert {type(r) for r in results} == {analysis.Check}
    assert all(r.outcome is CheckOutcome.FAIL and r.regions and not r.passed for r in results)
    for result in results:
        assert all(r.witnesses for r in result.regions)


def test_check_access_not_granted_witness_is_allowed() -> None:
    result = check_access_not_granted(
        DOCUMENTED_ONE_DOMAIN_POLICY, "domain:DnsModification", "acs:domain:*:*:domain/*"
    )
    assert result.outcome is CheckOutcome.FAIL
    witness = result.regions[0].witnesses[0]
    assert PolicySet([DOCUMENTED_ONE_DOMAIN_POLICY]).evaluate(witness).allowed
    assert witness.resource.endswith("domain/example.com")


def test_passing_checks() -> None:
    assert always_allows(ALIYUN_DOMAIN_FULL_ACCESS, "domain:*").passed
    assert always_denies(ALIYUN_DOMAIN_READONLY_ACCESS, ["domain:Save*", "domain:Dns*"]).passed
    assert implies(ALIYUN_DOMAIN_READONLY_ACCESS, ALIYUN_DOMAIN_FULL_ACCESS).passed
    assert disjoint(policy("a", allow("domain:Query*")), policy("b", allow("domain:Save*"))).passed


# --- budgets and errors ------------------------------------------------------------


def test_over_the_budget_is_undecided_never_a_guess() -> None:
    old = policy("old", allow([f"s:*a{'?' * i}*" for i in range(1, 7)]))
    new = policy("new", allow([f"s:*b{'?' * i}*" for i in range(1, 7)]))
    result = compare(old, new, max_states=5)
    assert result.relation is Relation.UNDECIDED
    assert result.reasons and "5" in result.reasons[0]
    check = check_no_new_access(old, old, max_states=5)
    assert check.outcome is CheckOutcome.UNDECIDED and not check.passed


def test_a_key_compared_as_two_families_is_undecided() -> None:
    old = policy("old", allow("domain:*", Condition={"StringEquals": {"k:n": "1"}}))
    new = policy("new", allow("domain:*", Condition={"NumericEquals": {"k:n": "1"}}))
    result = compare(old, new)
    assert result.relation is Relation.UNDECIDED
    assert "k:n" in result.reasons[0]


@pytest.mark.parametrize("bad", ["text", 42, {"Version": "1"}, [object()]])
def test_bad_policies_are_refused(bad: Any) -> None:
    with pytest.raises(ArgumentTypeError):  # a wrong type, text and a bare mapping included
        compare(bad, ALIYUN_DOMAIN_FULL_ACCESS)


def test_bad_catalog_and_scope_are_refused() -> None:
    with pytest.raises(ArgumentTypeError):
        compare(ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_FULL_ACCESS, catalog="grouped-2022")  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError):
        check_access_not_granted(ALIYUN_DOMAIN_FULL_ACCESS, [])
    with pytest.raises(DomainRulesError):
        check_access_not_granted(ALIYUN_DOMAIN_FULL_ACCESS, "nope")


def test_a_witness_the_evaluator_disagrees_with_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    # A bug, not bad input: outside the input errors' root, so `except DomainRulesError` cannot hide it.
    assert issubclass(AnalysisError, InternalError) and issubclass(AnalysisError, RuntimeError)
    assert not issubclass(AnalysisError, DomainRulesError)
    # A broken cell computation: the clause holds exactly when the key is missing.
    monkeypatch.setattr(_conditions, "_clause_truth", lambda spec, any_true, all_true: False)
    monkeypatch.setattr(_conditions, "_when_missing", lambda spec: True)
    old = policy("old", allow("domain:*", Condition={"Bool": {"acs:SecureTransport": "true"}}))
    with pytest.raises(AnalysisError):
        compare(old, ALIYUN_DOMAIN_FULL_ACCESS)


def test_iterables_policy_sets_and_policies_are_all_accepted() -> None:
    one = ALIYUN_DOMAIN_READONLY_ACCESS
    for form in (one, [one], (p for p in [one]), PolicySet([one])):
        assert compare(form, one).relation is Relation.EQUIVALENT


# --- invariants ---------------------------------------------------------------------------


@settings(max_examples=60)
@given(policies("p", statement()), st.data())
def test_adding_a_deny_or_removing_an_allow_never_gives_new_access(
    base: Policy, data: st.DataObject
) -> None:
    extra = data.draw(statement())
    denied = Statement("Deny", extra.actions, extra.not_actions, extra.resources)
    with_deny = Policy("p", "1", (*base.statements, denied))
    assert check_no_new_access(base, with_deny).outcome is CheckOutcome.PASS
    allows = [i for i, s in enumerate(base.statements) if s.effect == "Allow"]
    if len(base.statements) > 1 and allows:
        index = data.draw(st.sampled_from(allows))
        fewer = Policy("p", "1", base.statements[:index] + base.statements[index + 1 :])
        assert check_no_new_access(base, fewer).outcome is CheckOutcome.PASS
    assert compare(base, base).relation is Relation.EQUIVALENT


# --- statement findings and lint ----------------------------------------------------


def test_statement_findings() -> None:
    from domainrules.ram.analysis import statement_findings

    document = policy(
        "p",
        allow("domain:Query*"),
        allow("domain:QueryDomainList"),
        allow("domain:Save*", Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}),
        deny("domain:Save*"),
        allow(
            "domain:*", Condition={"NumericLessThan": {"k:n": 1}, "NumericGreaterThan": {"k:n": 1}}
        ),
    )
    found = [(f.code, int(f.path[12:-1])) for f in statement_findings(document)]
    assert ("redundant-statement", 1) in found
    assert ("overridden-allow", 2) in found
    assert ("redundant-statement", 0) not in found
    # A set of values can be both below and above 1: not vacuous.
    assert ("vacuous-statement", 4) not in found
    single = policy(
        "q",
        allow("domain:*", Condition={"NumericLessThan": {"k:n": 1}, "NumericEquals": {"k:n": 1}}),
        allow("domain:Query*"),
    )
    assert ("vacuous-statement", "$.Statement[0]") not in [
        (f.code, f.path) for f in statement_findings(single)
    ]
    impossible = policy(
        "r",
        allow(
            "domain:*",
            Condition={
                "ForAllValues:NumericLessThan": {"k:n": 1},
                "ForAnyValue:NumericGreaterThan": {"k:n": 2},
            },
        ),
    )
    assert [(f.code, f.path) for f in statement_findings(impossible)] == [
        ("vacuous-statement", "$.Statement[0]")
    ]


def test_lint_exact_adds_the_proved_findings() -> None:
    from domainrules.ram import lint_policy

    document = policy("p", allow("domain:Query*"), allow("domain:QueryDnsHost"))
    assert "redundant-statement" not in [f.code for f in lint_policy(document)]
    exact = lint_policy(document, exact=True)
    assert [(f.code, f.path) for f in exact if f.code == "redundant-statement"] == [
        ("redundant-statement", "$.Statement[1]")
    ]


def test_single_valued_keys_need_no_two_source_addresses() -> None:
    # In 10.0.0.0/8 and, for some value, in 192.168.0.0/16: only a request with two
    # source addresses would match, and a request has one.
    read = {"Effect": "Allow", "Action": "domain:Query*", "Resource": "*"}
    two_addresses = {
        "Effect": "Allow",
        "Action": "domain:*",
        "Resource": "*",
        "Condition": {
            "IpAddress": {"acs:SourceIp": "10.0.0.0/8"},
            "ForAnyValue:IpAddress": {"acs:SourceIp": "192.168.0.0/16"},
        },
    }
    old = Policy.parse({"Version": "1", "Statement": [read]}, name="old")
    new = Policy.parse({"Version": "1", "Statement": [read, two_addresses]}, name="new")
    result = compare(old, new)
    assert result.relation is Relation.EQUIVALENT
    assert result.reasons == ()
    # A multi-valued key of the same shape does give new access (two tag keys).
    tags = {
        "Effect": "Allow",
        "Action": "domain:*",
        "Resource": "*",
        "Condition": {
            "StringEquals": {"acs:TagKeys": "a"},
            "ForAnyValue:StringEquals": {"acs:TagKeys": "b"},
        },
    }
    newer = Policy.parse({"Version": "1", "Statement": [read, tags]}, name="newer")
    assert compare(old, newer).relation is Relation.MORE_PERMISSIVE
