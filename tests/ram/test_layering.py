"""domainrules.ram stands on its own: it imports only names, errors, the input contract
and itself."""

from __future__ import annotations

import ast
from pathlib import Path

import domainrules.ram

ALLOWED = ("domainrules.errors", "domainrules.names", "domainrules._validate", "domainrules.ram")


def test_ram_imports_only_names_errors_and_itself() -> None:
    root = Path(domainrules.ram.__file__).parent
    for source in root.rglob("*.py"):
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.split(".")[0] == "domainrules":
                    assert name.startswith(ALLOWED), f"{source.name} imports {name}"


def test_public_names() -> None:
    exported = set(domainrules.ram.__all__)
    assert {
        "Policy",
        "Statement",
        "PolicySet",
        "Request",
        "Decision",
        "evaluate_request",
        "authorize",
        "lint_policy",
        "permitted_apis",
        "least_privilege_policy",
    } <= exported
    for name in exported:
        assert getattr(domainrules.ram, name).__doc__ or name.isupper(), name
