"""The analysis is a wing of domainrules.ram: loaded on first use, its names where they were."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import domainrules.cli
import domainrules.ram
import domainrules.ram.analysis
import domainrules.ram.globs

_PROBE = """
import sys
import domainrules.ram
from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, lint_policy
lint_policy(ALIYUN_DOMAIN_FULL_ACCESS)
print(sorted(m for m in sys.modules if m.startswith("domainrules.ram.analysis")))
"""


def test_importing_ram_does_not_load_the_analysis() -> None:
    src = str(Path(domainrules.ram.__file__).parents[2])
    out = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src},
    )
    assert out.stdout.strip() == "[]"


def test_the_analysis_names_resolve_from_ram_on_first_use() -> None:
    for name in domainrules.ram.__all__:
        assert getattr(domainrules.ram, name) is not None, name
    assert domainrules.ram.compare is domainrules.ram.analysis.compare
    assert "compare" in dir(domainrules.ram)


def test_every_earlier_public_name_is_still_importable() -> None:
    for name in domainrules.ram.analysis.__all__:
        assert hasattr(domainrules.ram.analysis, name), name
    for name in (
        *domainrules.ram.globs.__all__,
        "request_resource_nfa",
        "request_action_nfa",
        "account_resource_nfa",
        "domain_name_nfa",
    ):
        assert hasattr(domainrules.ram.globs, name), name


def test_the_cli_imports_only_the_public_names_of_ram() -> None:
    public = set(domainrules.ram.__all__)
    for source in Path(domainrules.cli.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "domainrules.ram"
            ):
                assert node.module == "domainrules.ram", f"{source.name} imports {node.module}"
                for alias in node.names:
                    assert alias.name in public, f"{source.name} imports {alias.name}"
