"""Real policies: every RAM policy Alibaba Cloud publishes is read as RAM reads it.

``corpus/`` holds policy documents published by Alibaba Cloud (its documentation
sources, its official Terraform modules and provider docs, SDK samples), one file
each, exactly as published; ``corpus/manifest.json`` says where each comes from.
Each test is parametrized by file name, so a failure names the document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from domainrules.ram import InvalidPolicyError, Policy, Severity, iter_errors, lint_policy

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = CORPUS / "manifest.json"
MIN_IDENTITY_POLICIES = 100
KINDS = {"identity", "trust"}
# The rule a trust policy (one with Principal) is refused by, as an identity policy.
TRUST_RULE = "principal-in-identity-policy"


def _manifest() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(MANIFEST.read_text(encoding="utf-8"))["policies"]
    return entries


ENTRIES = _manifest()
IDENTITY = [e for e in ENTRIES if e["kind"] == "identity"]
ACCEPTED = [e for e in IDENTITY if "expected_refusal" not in e]
REFUSED = [e for e in IDENTITY if "expected_refusal" in e]
TRUST = [e for e in ENTRIES if e["kind"] == "trust"]


def _params(entries: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(entry, id=entry["file"]) for entry in entries]


def _text(entry: dict[str, Any]) -> str:
    text: str = (CORPUS / entry["file"]).read_text(encoding="utf-8")
    return text


def test_manifest_and_folder_agree() -> None:
    listed = [entry["file"] for entry in ENTRIES]
    on_disk = {path.name for path in CORPUS.glob("*.json")} - {MANIFEST.name}
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert sorted(on_disk - set(listed)) == [], "files without a manifest entry"
    assert sorted(set(listed) - on_disk) == [], "manifest entries without a file"
    assert len(IDENTITY) >= MIN_IDENTITY_POLICIES


@pytest.mark.parametrize("entry", _params(ENTRIES))
def test_entry_names_its_source(entry: dict[str, Any]) -> None:
    assert entry["kind"] in KINDS
    assert entry["title"] and entry["product"]
    source = entry["source"]
    assert ("url" in source) != ("repository" in source and "path" in source)
    if "expected_refusal" in entry:
        assert entry["kind"] == "identity"
        assert entry["expected_refusal"]["rule"] and entry["expected_refusal"]["reason"]


def _canonical(text: str) -> str:
    try:
        return json.dumps(json.loads(text), sort_keys=True)
    except ValueError:  # a published document that is not JSON: compare its text
        return text


def test_documents_are_distinct() -> None:
    seen: dict[str, str] = {}
    for entry in ENTRIES:
        canonical = _canonical(_text(entry))
        assert canonical not in seen, f"{entry['file']} repeats {seen.get(canonical)}"
        seen[canonical] = entry["file"]


@pytest.mark.parametrize("entry", _params(ACCEPTED))
def test_identity_policy_parses(entry: dict[str, Any]) -> None:
    policy = Policy.parse(_text(entry), name=entry["file"])
    assert policy.statements


@pytest.mark.parametrize("entry", _params(REFUSED))
def test_listed_refusal_is_refused(entry: dict[str, Any]) -> None:
    text = _text(entry)
    with pytest.raises(InvalidPolicyError):
        Policy.parse(text, name=entry["file"])
    # The documented fault is among those found (another may be reported first).
    assert entry["expected_refusal"]["rule"] in {error.rule for error in iter_errors(text)}


@pytest.mark.parametrize("entry", _params(TRUST))
def test_trust_policy_is_refused_as_such(entry: dict[str, Any]) -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        Policy.parse(_text(entry), name=entry["file"])
    assert caught.value.rule == TRUST_RULE


@pytest.mark.parametrize("entry", _params(ACCEPTED))
def test_lint_finds_no_error(entry: dict[str, Any]) -> None:
    try:
        policy = Policy.parse(_text(entry), name=entry["file"])
    except InvalidPolicyError:
        pytest.skip("does not parse: test_identity_policy_parses reports it")
    errors = [
        f"{finding.code} at {finding.path}: {finding.message}"
        for finding in lint_policy(policy)
        if finding.severity is Severity.ERROR
    ]
    assert errors == []
