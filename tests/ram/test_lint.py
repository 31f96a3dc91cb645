"""lint: every finding code, with its severity and JSON path."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules.ram import (
    ALIYUN_DOMAIN_FULL_ACCESS,
    ALIYUN_DOMAIN_READONLY_ACCESS,
    DOCUMENTED_ONE_DOMAIN_POLICY,
    DOCUMENTED_READ_ONLY_POLICY,
    LEGACY,
    PER_API,
    Policy,
    Severity,
    authorize,
    lint_policy,
)
from domainrules.ram.patterns import compile_pattern
from domainrules.ram.patterns import covers as _covers

from .strategies import patterns, texts


def findings(*statements: dict[str, Any], catalog: Any = None) -> list[tuple[str, str, str]]:
    policy = Policy.parse({"Version": "1", "Statement": list(statements)})
    found = lint_policy(policy) if catalog is None else lint_policy(policy, catalog=catalog)
    return [(f.code, f.severity.value, f.path) for f in found]


def allow(action: Any, resource: Any = "acs:domain:*:*:*", **more: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **more}


def test_documented_policies() -> None:
    assert findings(*DOCUMENTED_READ_ONLY_POLICY.to_mapping()["Statement"]) == []
    one = [f.code for f in lint_policy(DOCUMENTED_ONE_DOMAIN_POLICY)]
    # The documented one-domain policy grants ten actions no API is checked against.
    assert one.count("unbound-action") == 10
    assert set(one) == {"unbound-action"}
    assert [f.code for f in lint_policy(DOCUMENTED_ONE_DOMAIN_POLICY, catalog=LEGACY)] == []
    # The grouped vocabulary has no List* or Check* action (they are per-API names).
    assert [f.path for f in lint_policy(ALIYUN_DOMAIN_READONLY_ACCESS)] == [
        "$.Statement[0].Action[1]",
        "$.Statement[0].Action[2]",
    ]
    assert [f.code for f in lint_policy(ALIYUN_DOMAIN_READONLY_ACCESS, catalog=PER_API)] == []
    assert [f.code for f in lint_policy(ALIYUN_DOMAIN_FULL_ACCESS)] == ["full-wildcard"]


def test_unknown_action_with_did_you_mean() -> None:
    policy = Policy.parse({"Version": "1", "Statement": [allow(["domain:DnsModifcation"])]})
    (finding,) = lint_policy(policy)
    assert (finding.code, finding.severity, finding.path) == (
        "unknown-action",
        Severity.ERROR,
        "$.Statement[0].Action[0]",
    )
    assert "domain:DnsModification" in finding.message


def test_alias_unbound_pattern_other_service() -> None:
    assert findings(
        allow(
            [
                "domain:DnsHostQuery",
                "domain:EnsSetting",
                "domain:Nope*",
                "ecs:Describe*",
                "domain:query*",
            ]
        )
    ) == [
        ("action-alias", "warning", "$.Statement[0].Action[0]"),
        ("unbound-action", "warning", "$.Statement[0].Action[1]"),
        ("no-matching-action", "warning", "$.Statement[0].Action[2]"),
        ("other-service-action", "info", "$.Statement[0].Action[3]"),
    ]


def test_per_api_vocabulary() -> None:
    assert findings(allow("domain:QueryDomainList"), catalog=PER_API) == []
    assert findings(allow("domain:QueryCommonInfo"), catalog=PER_API)[0][0] == "unknown-action"


def test_resources_that_never_match() -> None:
    assert findings(
        allow(
            "domain:*",
            [
                "acs:ecs:*:*:instance/i-1",
                "acs:domain:cn-hangzhou:*:*",
                "acs:domain:*:*:domain/bad_label.com",
                "acs:domain:*:*:record/x",
                "acs:domain",
                "acs:domain:*:*:domain/*.bad_label",
            ],
        )
    ) == [
        ("other-service-resource", "warning", "$.Statement[0].Resource[0]"),
        ("concrete-region", "warning", "$.Statement[0].Resource[1]"),
        ("malformed-domain", "error", "$.Statement[0].Resource[2]"),
        ("never-matches", "warning", "$.Statement[0].Resource[3]"),
        ("never-matches", "warning", "$.Statement[0].Resource[4]"),
        ("malformed-domain", "error", "$.Statement[0].Resource[5]"),
    ]


def test_non_canonical_domain() -> None:
    assert findings(allow("domain:DnsModification", "acs:domain:*:*:domain/Example.COM.")) == [
        ("non-canonical-domain", "info", "$.Statement[0].Resource")
    ]


def test_shadowed_allow_and_duplicates() -> None:
    deny = {"Effect": "Deny", "Action": "domain:*", "Resource": "acs:domain:*:*:domain/*"}
    shadowed = allow("domain:DnsModification", "acs:domain:*:*:domain/example.com")
    assert findings(shadowed, deny) == [("shadowed-allow", "warning", "$.Statement[0]")]
    conditional = {**deny, "Condition": {"Bool": {"acs:MFAPresent": "false"}}}
    assert findings(shadowed, conditional) == []
    partial = allow(["domain:DnsModification", "ecs:Start"], "acs:domain:*:*:domain/example.com")
    assert [c for c, _, _ in findings(partial, deny)] == ["other-service-action"]
    assert findings(allow("domain:QueryCommonInfo"), allow("DOMAIN:QueryCommonInfo")) == [
        ("duplicate-statement", "warning", "$.Statement[1]")
    ]


def test_shadowing_is_sound() -> None:
    deny = {"Effect": "Deny", "Action": "domain:Dns*", "Resource": "acs:domain:*:*:domain/a?.com"}
    assert findings(allow("domain:DnsModification", "acs:domain:*:*:domain/ab.com"), deny)
    assert not findings(allow("domain:DnsModification", "acs:domain:*:*:domain/a*.com"), deny)
    assert not findings(allow("domain:D*", "acs:domain:*:*:domain/ab.com"), deny)


def test_full_wildcards() -> None:
    assert findings(allow("*", "*")) == [("full-wildcard", "warning", "$.Statement[0].Action")]
    assert findings(allow("domain:*", "*")) == [("full-wildcard", "warning", "$.Statement[0]")]
    assert findings({"Effect": "Deny", "Action": "*", "Resource": "*"}) == []


@given(patterns, patterns, st.lists(texts, max_size=20))
@settings(max_examples=300)
def test_covers_is_sound(wide: str, narrow: str, samples: list[str]) -> None:
    w, n = compile_pattern(wide), compile_pattern(narrow)
    if _covers(w, n):
        for text in [*samples, narrow.replace("*", "").replace("?", "a")]:
            assert not n.matches(text) or w.matches(text)


def test_unknown_condition_key_is_information() -> None:
    policy = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "domain:*",
                    "Resource": "*",
                    "Condition": {
                        "ForAnyValue:StringEquals": {"acs:ResourceTag/team": "dev"},
                        "IpAddress": {"acs:SourceIp": "10.0.0.0/8"},
                    },
                }
            ],
        }
    )
    found = [f for f in lint_policy(policy) if f.code == "unknown-condition-key"]
    assert [(f.severity, f.path) for f in found] == [
        (
            Severity.INFO,
            '$.Statement[0].Condition["ForAnyValue:StringEquals"]["acs:ResourceTag/team"]',
        )
    ]


def test_domain_after_a_wildcard() -> None:
    # Put in canonical form where that is unambiguous: nothing to report but the spelling.
    assert findings(allow("domain:DnsModification", "acs:domain:*:*:*/EXAMPLE.com")) == [
        ("non-canonical-domain", "info", "$.Statement[0].Resource")
    ]
    # A wildcard next to non-ASCII characters has no A-label form: never matches.
    assert findings(allow("domain:DnsModification", "acs:domain:*:*:*/例子*.中国")) == [
        ("uncanonical-domain", "error", "$.Statement[0].Resource"),
        ("non-canonical-domain", "info", "$.Statement[0].Resource"),
    ]
    assert ("uncanonical-domain", "error", "$.Statement[0].Resource") in findings(
        allow("domain:DnsModification", "acs:domain:*:*:*例子.cn")
    )


def test_cidr_with_host_bits_is_read_as_its_block() -> None:
    statement = allow(
        "domain:*",
        Condition={"IpAddress": {"acs:SourceIp": ["10.101.168.111", "10.101.169.111/24"]}},
    )
    assert findings(statement) == [
        ("cidr-host-bits", "warning", '$.Statement[0].Condition.IpAddress["acs:SourceIp"][1]')
    ]


def test_order_actions_of_the_one_domain_example_say_what_to_write_instead() -> None:
    found = {
        f.message.split("'")[1]: f.message
        for f in lint_policy(DOCUMENTED_ONE_DOMAIN_POLICY)
        if f.code == "unbound-action"
    }
    for action in ("Activate", "Renew", "Redeem", "Transfer"):
        message = found[f"domain:CreateOrder{action}"]
        assert f"SaveSingleTaskForCreatingOrder{action}" in message
        assert "leave orders to the account owner" in message
    assert "add" not in found["domain:EnsSetting"].split("against it")[1]
    # What the finding says to add does allow the order calls.
    statement = found["domain:CreateOrderRenew"].split("add ")[1].split("} ")[0] + "}"
    written = statement.replace("<account-id>", "1234567890")
    policy = Policy.from_json('{"Version": "1", "Statement": [' + written + "]}")
    for api in ("SaveSingleTaskForCreatingOrderRenew", "SaveBatchTaskForCreatingOrderRedeem"):
        assert authorize([DOCUMENTED_ONE_DOMAIN_POLICY, policy], api, 1234567890).allowed
        assert not authorize([DOCUMENTED_ONE_DOMAIN_POLICY], api, 1234567890).allowed


# --- no dead Deny without a finding; the risky shapes; everything in one pass -----------


def deny(action: Any = "domain:*", resource: Any = "*", **more: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **more}


def test_misspelt_key_in_a_deny_is_an_error_with_the_key_to_write() -> None:
    policy = Policy.parse(
        {
            "Version": "1",
            "Statement": [
                allow("domain:*", "*"),
                deny(Condition={"IpAddress": {"acs:SorceIp": "10.0.0.0/8"}}),
            ],
        }
    )
    found = {f.code: f for f in lint_policy(policy)}
    typo = found["misspelt-condition-key"]
    assert (typo.severity, typo.suggestion) == (Severity.ERROR, "acs:SourceIp")
    assert "never applies" in typo.message
    assert found["dead-deny"].severity is Severity.ERROR
    assert found["dead-deny"].path == "$.Statement[1]"


def test_misspelt_key_in_an_allow_is_a_warning() -> None:
    statement = allow("domain:*", Condition={"Bool": {"aws:SecureTransport": "true"}})
    assert findings(statement) == [
        (
            "misspelt-condition-key",
            "warning",
            '$.Statement[0].Condition.Bool["aws:SecureTransport"]',
        )
    ]


def test_a_negated_misspelt_key_always_holds() -> None:
    statement = deny(Condition={"NotIpAddress": {"acs:SourceIP2": "10.0.0.0/8"}})
    (finding,) = [f for f in lint_policy(Policy.parse({"Version": "1", "Statement": [statement]}))]
    assert finding.code == "misspelt-condition-key"
    assert "always holds" in finding.message


def test_deny_on_resources_no_domains_request_has() -> None:
    codes = [c for c, _, _ in findings(deny(resource="acs:domain:cn-hangzhou:*:*"))]
    assert codes == ["concrete-region", "dead-deny"]
    codes = [c for c, _, _ in findings(deny(action="domain:DnsModifcation"))]
    assert codes == ["unknown-action", "dead-deny"]
    # Another service's Deny is not judged here.
    assert "dead-deny" not in [
        c for c, _, _ in findings(deny(action="ecs:*", resource="acs:ecs:*:*:*"))
    ]


def test_deny_on_a_key_the_caller_sets() -> None:
    statement = deny(Condition={"StringLike": {"acs:UserAgent": "*curl*"}})
    assert findings(statement) == [
        (
            "caller-controlled-deny",
            "warning",
            '$.Statement[0].Condition.StringLike["acs:UserAgent"]',
        )
    ]


def test_risky_allow_shapes() -> None:
    assert findings({"Effect": "Allow", "NotAction": "domain:Dns*", "Resource": "*"}) == [
        ("allow-not-action", "warning", "$.Statement[0].NotAction")
    ]
    assert findings(allow("*:*", "*")) == [("full-wildcard", "warning", "$.Statement[0].Action")]
    found = lint_policy(
        Policy.parse({"Version": "1", "Statement": [allow(["domain:Dns*"], ["*"])]})
    )
    assert [(f.code, f.path) for f in found] == [
        ("write-on-any-resource", "$.Statement[0].Resource[0]")
    ]
    assert "domain:DnsModification" in found[0].message
    # Reads on every resource are what the read-only system policy does: no finding.
    assert findings(allow("domain:Query*", "*")) == []


def test_lint_document_reports_every_fault_and_every_finding() -> None:
    from domainrules.ram import lint_document

    document = {
        "Version": "2",
        "Statement": [
            {"Effect": "allow", "Action": "domain:*", "Resource": "*"},
            allow("domain:DnsModifcation", "acs:domain:*:0123:*"),
            deny(Condition={"IpAddress": {"acs:SorceIp": "10.0.0.0/8"}}),
            allow("domain:*", "*", Extra=1),
        ],
    }
    found = [(f.code, f.path) for f in lint_document(document)]
    assert ("invalid-const", "$.Version") in found
    assert ("invalid-enum", "$.Statement[0].Effect") in found
    assert ("invalid-resource-syntax", "$.Statement[1].Resource") in found
    assert ("misspelt-condition-key", '$.Statement[2].Condition.IpAddress["acs:SorceIp"]') in found
    assert ("dead-deny", "$.Statement[2]") in found
    assert ("invalid-additionalProperties", "$.Statement[3].Extra") in found
    assert len(found) == len(set(found))
    # A valid document: the same as lint_policy.
    valid = {"Version": "1", "Statement": [allow("domain:*", "*")]}
    assert lint_document(valid) == lint_policy(Policy.parse(valid))
    # Not JSON at all: that alone.
    assert [f.code for f in lint_document("{")] == ["invalid-json"]


def test_lint_document_lints_a_statement_without_the_members_at_fault() -> None:
    from domainrules.ram import lint_document

    document = {
        "Version": "1",
        "Statement": [
            # A typo in a key: the rest is linted (a write on every resource).
            allow("domain:Dns*", "*", Conditon={}),
            # Principal and a bad resource item: both faults, and the finding.
            allow("*", ["*", "http://x"], Principal={"RAM": "*"}),
            # A fault in a condition: leaving it out could widen the Allow, so the
            # statement is not linted (no finding about its actions).
            allow("*:*", "*", Condition={"Nope": {}}),
        ],
    }
    found = [(f.code, f.path) for f in lint_document(document)]
    assert ("invalid-additionalProperties", "$.Statement[0].Conditon") in found
    assert ("write-on-any-resource", "$.Statement[0].Resource") in found
    assert ("invalid-principal-in-identity-policy", "$.Statement[1].Principal") in found
    # Found only once the Principal is left out (the schema stage hid it).
    assert ("invalid-resource-syntax", "$.Statement[1].Resource[1]") in found
    assert ("full-wildcard", "$.Statement[1].Action") in found
    assert [path for _, path in found if path.startswith("$.Statement[2]")] == [
        "$.Statement[2].Condition.Nope"
    ]
    # Leaving out every item of a list would make a fault the document does not have.
    lone = {"Version": "1", "Statement": [allow(["nope"], "*", Extra=1)]}
    codes = [f.code for f in lint_document(lone)]
    assert "invalid-minItems" not in codes and "invalid-action-syntax" in codes


@given(st.lists(st.one_of(st.text(max_size=8), st.integers(0, 99)), max_size=6))
def test_paths_read_back(members: list[str | int]) -> None:
    from domainrules.ram._paths import child, parts

    path = "$"
    for member in members:
        path = child(path, member)
    assert parts(path) == members
