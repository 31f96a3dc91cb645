"""Policy documents: parsing, the schema, every refusal with its path and rule."""

from __future__ import annotations

import json
import pickle
from typing import Any

import jsonschema
import pytest

from domainrules.errors import ArgumentTypeError, DomainRulesError
from domainrules.ram import (
    InvalidPolicyError,
    Policy,
    Statement,
    iter_errors,
    policy_schema,
)

READ_ONLY = (
    '{"Version":"1","Statement":[{"Action":["domain:Query*"],'
    '"Resource":"acs:domain:*:*:*","Effect":"Allow"}]}'
)


def doc(**statement: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"Effect": "Allow", "Action": "domain:*", "Resource": "*"}
    base.update(statement)
    return {"Version": "1", "Statement": [{k: v for k, v in base.items() if v is not None}]}


def only_error(document: Any, **kwargs: Any) -> InvalidPolicyError:
    errors = list(iter_errors(document, **kwargs))
    assert len(errors) == 1, [(e.path, e.rule, str(e)) for e in errors]
    with pytest.raises(InvalidPolicyError) as raised:
        Policy.parse(document, **kwargs)
    assert raised.value.path == errors[0].path
    return errors[0]


def test_parses_the_documented_read_only_policy() -> None:
    policy = Policy.from_json(READ_ONLY, name="ro")
    statement = policy.statements[0]
    assert policy.name == "ro" and policy.version == "1"
    assert statement.effect == "Allow"
    assert statement.actions == ("domain:Query*",)
    assert statement.resources == ("acs:domain:*:*:*",)
    assert Policy.from_mapping(json.loads(READ_ONLY), name="ro") == policy


def test_round_trip_keeps_forms() -> None:
    policy = Policy.from_json(READ_ONLY)
    assert json.loads(policy.to_json()) == json.loads(READ_ONLY)
    assert Policy.from_json(policy.to_json()) == policy


def test_errors_are_value_errors_and_domain_rules_errors() -> None:
    error = only_error(doc(Effect="allow"))
    assert isinstance(error, ValueError) and isinstance(error, DomainRulesError)
    assert (error.path, error.rule) == ("$.Statement[0].Effect", "enum")
    again = pickle.loads(pickle.dumps(error))
    assert (again.path, again.rule, str(again)) == (error.path, error.rule, str(error))


def test_length_limit_is_checked_first_and_is_a_parameter() -> None:
    long_bad = "{" + " " * 7000 + "nonsense"
    error = only_error(long_bad)
    assert error.rule == "max-length"
    text = json.dumps(doc()) + " " * 100
    assert Policy.parse(text, max_length=None)
    assert only_error(text, max_length=len(text) - 1).rule == "max-length"
    mapping = doc(Resource=[f"acs:domain:*:*:domain/x{i}.com" for i in range(300)])
    assert only_error(mapping).rule == "max-length"
    assert Policy.parse(mapping, max_length=None)


def test_duplicate_keys_are_refused() -> None:
    text = '{"Version":"1","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"a:b","Resource":"*"}]}'
    error = only_error(text)
    assert (error.rule, error.path) == ("duplicate-key", "$.Statement[0].Effect")


@pytest.mark.parametrize(
    ("document", "rule", "path"),
    [
        ("not json", "json", "$"),
        ("[1]", "type", "$"),
        ('{"Version":"1","Statement":[],"x":NaN}', "json", "$"),
        ({"Version": "2", "Statement": doc()["Statement"]}, "const", "$.Version"),
        ({"Version": "1", "Statement": []}, "minItems", "$.Statement"),
        ({"Version": "1"}, "required", "$"),
        (doc(Action=None), "action-or-not-action", "$.Statement[0]"),
        (doc(NotAction="domain:*"), "action-or-not-action", "$.Statement[0]"),
        (doc(Resource=None), "required", "$.Statement[0]"),
        (doc(Principal={"RAM": "*"}), "principal-in-identity-policy", "$.Statement[0].Principal"),
        (doc(NotResource="*"), "not-resource", "$.Statement[0].NotResource"),
        (doc(Extra=1), "additionalProperties", "$.Statement[0].Extra"),
        (doc(Action=[]), "type", "$.Statement[0].Action"),
        (doc(Action=[""]), "type", "$.Statement[0].Action"),
        (doc(Action=["domain:*", "domain"]), "action-syntax", "$.Statement[0].Action[1]"),
        (doc(Action="do main:x"), "action-syntax", "$.Statement[0].Action"),
        (doc(Resource="arn:aws:s3:::b"), "resource-syntax", "$.Statement[0].Resource"),
        (doc(Resource=["*", "acs:a b"]), "resource-syntax", "$.Statement[0].Resource[1]"),
        (
            doc(Condition={"StringEquals": {}}),
            "minProperties",
            "$.Statement[0].Condition.StringEquals",
        ),
        (
            doc(Condition={"ForSomeValues:StringEquals": {"k": "v"}}),
            "operator",
            '$.Statement[0].Condition["ForSomeValues:StringEquals"]',
        ),
        (
            doc(Condition={"forAnyValue:StringEquals": {"k": "v"}}),
            "operator",
            '$.Statement[0].Condition["forAnyValue:StringEquals"]',
        ),
        (
            doc(Condition={"Null": {"k": "true"}}),
            "operator",
            "$.Statement[0].Condition.Null",
        ),
        (
            doc(Condition={"StringEquals": {"acs:ResourceTag/": "x"}}),
            "condition-key",
            "$.Statement[0].Condition.StringEquals",
        ),
        (
            doc(Condition={"DateLessThan": {"k": "0001-01-01T00:00:00+01:00"}}),
            "date-range",
            "$.Statement[0].Condition.DateLessThan.k",
        ),
        (doc(Sid="\ud800"), "text", "$.Statement[0].Sid"),
        (
            doc(Condition={"StringEqual": {"acs:SourceVpc": "v"}}),
            "operator",
            "$.Statement[0].Condition.StringEqual",
        ),
        (
            doc(Condition={"StringEqualsIfExists": {"k": "v"}}),
            "operator",
            "$.Statement[0].Condition.StringEqualsIfExists",
        ),
        (
            doc(Condition={"Bool": {"acs:SecureTransport": ["true", "false"]}}),
            "bool-one-value",
            '$.Statement[0].Condition.Bool["acs:SecureTransport"]',
        ),
        (
            doc(Condition={"Bool": {"acs:SecureTransport": "yes"}}),
            "value-type",
            '$.Statement[0].Condition.Bool["acs:SecureTransport"]',
        ),
        (
            doc(Condition={"DateLessThan": {"acs:CurrentTime": "2024-01-01T00:00:00"}}),
            "date-with-zone",
            '$.Statement[0].Condition.DateLessThan["acs:CurrentTime"]',
        ),
        (
            doc(Condition={"IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "10.0.0.1/33"]}}),
            "ip-address",
            '$.Statement[0].Condition.IpAddress["acs:SourceIp"][1]',
        ),
        (
            doc(Condition={"IpAddress": {"acs:SourceIp": "999.1.1.1"}}),
            "ip-address",
            '$.Statement[0].Condition.IpAddress["acs:SourceIp"]',
        ),
        (
            doc(Condition={"NumericLessThan": {"n": "ten"}}),
            "value-type",
            "$.Statement[0].Condition.NumericLessThan.n",
        ),
        (
            doc(Condition={"StringEquals": {"acs:SourceVpc": 5}}),
            "value-type",
            '$.Statement[0].Condition.StringEquals["acs:SourceVpc"]',
        ),
        (
            doc(Condition={"StringEquals": {"acs:SourceIP": "1.1.1.1"}}),
            "operator-type",
            '$.Statement[0].Condition.StringEquals["acs:SourceIP"]',
        ),
        (
            doc(Condition={"StringEquals": {"acs:Resource Tag": "x"}}),
            "condition-key",
            "$.Statement[0].Condition.StringEquals",
        ),
        (
            doc(Condition={"StringEquals": {"k": "a", "K": "b"}}),
            "duplicate-condition-key",
            "$.Statement[0].Condition.StringEquals.K",
        ),
        (
            doc(Condition={"StringEquals": {"k": []}}),
            "type",
            "$.Statement[0].Condition.StringEquals.k",
        ),
        (
            doc(Condition={"StringEquals": {"k": {"a": 1}}}),
            "type",
            "$.Statement[0].Condition.StringEquals.k",
        ),
    ],
)
def test_refusals_name_path_and_rule(document: Any, rule: str, path: str) -> None:
    error = only_error(document)
    assert (error.rule, error.path) == (rule, path), str(error)
    assert str(error)


def test_iter_errors_lists_every_fault() -> None:
    document = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": ["x", "domain:*", "y"], "Resource": "nope"},
            {
                "Effect": "Deny",
                "Action": "domain:*",
                "Resource": "*",
                "Condition": {"Bool": {"acs:MFAPresent": ["true", "true"]}},
            },
        ],
    }
    found = [(e.path, e.rule) for e in iter_errors(document)]
    assert found == [
        ("$.Statement[0].Action[0]", "action-syntax"),
        ("$.Statement[0].Action[2]", "action-syntax"),
        ("$.Statement[0].Resource", "resource-syntax"),
        ('$.Statement[1].Condition.Bool["acs:MFAPresent"]', "bool-one-value"),
    ]
    assert list(iter_errors(READ_ONLY)) == []


def test_mapping_input_must_be_json_like() -> None:
    assert only_error({"Version": "1", "Statement": [{1: 2}]}).rule == "type"
    assert only_error(doc(Resource=float("nan"))).rule == "type"
    assert only_error(doc(Resource={"a"})).rule == "type"  # a set is not JSON
    with pytest.raises(ArgumentTypeError):  # bytes are no document: a wrong type
        Policy.parse(b"{}")  # type: ignore[arg-type]


def test_condition_values_accept_numbers_and_bools() -> None:
    policy = Policy.parse(
        doc(Condition={"NumericLessThan": {"n": 5}, "Bool": {"acs:MFAPresent": True}})
    )
    operators = {c.operator for c in policy.statements[0].conditions}
    assert operators == {"NumericLessThan", "Bool"}
    again = Policy.parse(policy.to_mapping())
    assert again == policy


def test_resources_are_canonical_and_written_form_is_kept() -> None:
    policy = Policy.parse(doc(Resource="acs:domain:*:*:domain/ＥＸＡＭＰＬＥ．COM."))
    statement = policy.statements[0]
    assert statement.resources == ("acs:domain:*:*:domain/example.com",)
    assert statement.written_resources == ("acs:domain:*:*:domain/ＥＸＡＭＰＬＥ．COM.",)
    unicode = Policy.parse(doc(Resource="acs:domain:*:*:domain/*.例子.中国"))
    assert unicode.statements[0].resources == ("acs:domain:*:*:domain/*.xn--fsqu00a.xn--fiqs8s",)


def test_statement_values_check_themselves() -> None:
    statement = Statement("Allow", ["domain:Query*"], None, ["*"])  # type: ignore[arg-type]
    assert statement.actions == ("domain:Query*",)
    with pytest.raises(InvalidPolicyError):
        Statement("Permit", ("domain:*",), None, ("*",))  # type: ignore[arg-type]
    with pytest.raises(InvalidPolicyError):
        Statement("Allow", ("domain:*",), ("domain:*",), ("*",))
    with pytest.raises(InvalidPolicyError):
        Policy("p", "1", ())
    with pytest.raises(InvalidPolicyError):
        Policy("p", "2", (statement,))


def test_schema_ships_and_is_draft_2020_12() -> None:
    schema = policy_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(json.loads(READ_ONLY))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_statement_takes_a_lone_string_as_one_item() -> None:
    statement = Statement("Allow", "domain:Query*", None, "acs:domain:*:*:*")  # type: ignore[arg-type]
    assert statement.actions == ("domain:Query*",)
    assert statement.resources == ("acs:domain:*:*:*",)


def test_policy_name_must_be_text() -> None:
    statement = Statement("Allow", ("domain:*",), None, ("*",))
    with pytest.raises(InvalidPolicyError):
        Policy("", "1", (statement,))
    with pytest.raises(InvalidPolicyError):
        Policy(None, "1", (statement,))  # type: ignore[arg-type]


def test_docs_copy_of_the_schema_is_in_sync() -> None:
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "ram-policy.schema.json"
    assert json.loads(docs.read_text("utf-8")) == policy_schema()
