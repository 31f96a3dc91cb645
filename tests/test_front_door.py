"""The public API's front door: modules stay modules, every public module says what it
exports, and every exported name is documented."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import domainrules
import domainrules.ram

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _public_modules() -> list[str]:
    names = ["domainrules"]
    for info in pkgutil.walk_packages(domainrules.__path__, "domainrules."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts):
            continue  # private modules and __main__
        names.append(info.name)
    return sorted(names)


PUBLIC_MODULES = _public_modules()


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_public_module_has_all(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list), f"{name} has no __all__"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names what it does not define: {missing}"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"


@pytest.mark.parametrize("name", [n for n in PUBLIC_MODULES if not n.startswith("domainrules.cli")])
def test_helpers_are_underscored(name: str) -> None:
    # Whatever a library module defines at top level is either exported or private.
    module = importlib.import_module(name)
    defined: set[str] = set()
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
    loose = sorted(n for n in defined if not n.startswith("_") and n not in module.__all__)
    assert not loose, f"{name} defines public-looking names outside __all__: {loose}"


@pytest.mark.parametrize("name", [n for n in PUBLIC_MODULES if "." in n])
def test_a_module_is_importable_as_a_module(name: str) -> None:
    # `import domainrules.lifecycle as m` binds the package attribute: no re-export may
    # shadow a submodule's name.
    parent, _, last = name.rpartition(".")
    assert isinstance(getattr(importlib.import_module(parent), last), ModuleType), (
        f"{parent}.{last} is not the module {name}"
    )


def test_import_as_gives_the_module() -> None:
    import domainrules.lifecycle as lifecycle_module
    import domainrules.ram.evaluate as evaluate_module
    import domainrules.ram.lint as lint_module

    assert isinstance(lifecycle_module, ModuleType)
    assert isinstance(evaluate_module, ModuleType)
    assert isinstance(lint_module, ModuleType)


def test_no_bare_default() -> None:
    assert "DEFAULT" not in domainrules.__all__
    assert "DEFAULT_RULE_SET" in domainrules.__all__


_RENDERED = re.compile(r"^::: ([\w.]+)", re.MULTILINE)
_CODE = re.compile(r"`([^`\n]+)`")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _rendered_modules() -> set[str]:
    return set(_RENDERED.findall((DOCS / "api.md").read_text(encoding="utf-8")))


def _names_in_pages() -> set[str]:
    words: set[str] = set()
    for page in [*DOCS.glob("*.md"), ROOT / "README.md"]:
        for code in _CODE.findall(page.read_text(encoding="utf-8")):
            words.update(_WORD.findall(code))
    return words


def _doc_comment(module: ModuleType, name: str) -> bool:
    # A constant is documented by a `#:` comment on the line above its assignment.
    source = inspect.getsource(module)
    return re.search(rf"^#:.*\n{re.escape(name)}\b\s*[:=]", source, re.MULTILINE) is not None


def _documented_in_api(name: str, obj: object) -> bool:
    rendered = _rendered_modules()
    if inspect.isclass(obj) or inspect.isfunction(obj):
        home = obj.__module__
        return bool(inspect.getdoc(obj)) and any(
            home == module or home.startswith(module + ".") for module in rendered
        )
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        if name in vars(module) and _doc_comment(module, name):
            return any(
                module_name == m or module_name.startswith(m + ".") for m in rendered
            ) or any(m.startswith(module_name) for m in rendered)
    return False


_EXPORTED = [("domainrules", n) for n in domainrules.__all__] + [
    ("domainrules.ram", n) for n in domainrules.ram.__all__
]


@pytest.mark.parametrize(("package", "name"), _EXPORTED)
def test_every_exported_name_is_documented(package: str, name: str) -> None:
    obj = getattr(importlib.import_module(package), name)
    assert _documented_in_api(name, obj) or name in _names_in_pages(), (
        f"{package}.{name} is neither rendered with a docstring in docs/api.md nor "
        "named on a docs page"
    )


# --- one argument convention -------------------------------------------------------

_OPTIONS = frozenset(
    {
        "policy",
        "rules",
        "catalog",
        "context",
        "locks",
        "typo_tolerance",
        "calendar",
        "review_times",
        "bulk",
        "profile",
        "opted_out_of_transfer_lock",
        "years",
        "renew_years",
        "on_registrar_dns",
        "account_owner",
    }
)


def _public_callables() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for package in (domainrules, domainrules.ram):
        for name in package.__all__:
            obj = getattr(package, name)
            if inspect.isfunction(obj):
                found.append((name, obj))
            elif inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and inspect.isfunction(member):
                        found.append((f"{name}.{attr}", member))
    return found


@pytest.mark.parametrize(("name", "function"), _public_callables())
def test_the_instant_and_the_options(name: str, function: object) -> None:
    # The instant is `at`, positional-or-keyword; options (with a default: a required
    # argument of that name is the subject) are keyword-only.
    assert callable(function)
    for param in inspect.signature(function).parameters.values():
        if param.name == "at":
            assert param.kind is param.POSITIONAL_OR_KEYWORD, f"{name}: `at` is {param.kind}"
        if param.name in _OPTIONS and param.default is not param.empty:
            assert param.kind is param.KEYWORD_ONLY, f"{name}: `{param.name}` is not keyword-only"


# --- short reprs: signatures, help() and hovers stay readable ------------------------


def test_the_default_rule_set_does_not_flood_the_signature() -> None:
    # It was 3,389 characters: the whole default rule set, printed by help() and IDEs.
    signature = str(inspect.signature(domainrules.lifecycle_of))
    assert len(signature) < 160, signature
    assert "<RuleSet alibaba-2022 effective 2022-04-09>" in signature


@pytest.mark.parametrize(
    "value",
    [
        *domainrules.RULE_SETS.values(),
        *domainrules.POLICY_VERSIONS.values(),
        *domainrules.CALENDARS.values(),
        domainrules.ChinaMainlandCalendar(strict=True),
        *domainrules.ram.CATALOGS.values(),
    ],
    ids=repr,
)
def test_registered_values_have_short_reprs_naming_them(value: Any) -> None:
    text = repr(value)
    assert len(text) <= 100 and text.startswith(f"<{type(value).__name__} "), text
    assert value.name in text


@pytest.mark.parametrize(("name", "function"), _public_callables())
def test_no_default_floods_a_signature(name: str, function: object) -> None:
    assert callable(function)
    for param in inspect.signature(function).parameters.values():
        if param.default is not param.empty:
            shown = repr(param.default)
            assert len(shown) <= 120, f"{name}: {param.name}={shown[:80]}..."


# --- every CLI subcommand is documented ------------------------------------------------


def _subcommands() -> list[str]:
    import argparse

    from domainrules.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    raise AssertionError("the command line has no subcommands")


SUBCOMMANDS = _subcommands()


def test_the_subcommands_are_found() -> None:
    assert {"timeline", "portfolio", "diff", "check-not-granted"} <= set(SUBCOMMANDS)


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_is_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{command}`" in readme, f"README.md does not list `{command}`"


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_a_section_in_the_cli_page(command: str) -> None:
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert any(f"`{command}`" in line for line in headings), (
        f"docs/cli.md has no section heading naming `{command}`"
    )
    table = [line for line in page.splitlines() if line.startswith("| [")]
    assert any(f"`{command}`" in line for line in table), (
        f"docs/cli.md's table of subcommands does not list `{command}`"
    )


# --- the API page: each public name once, in the module that defines it --------------


def _api_directives() -> list[tuple[str, list[str] | None]]:
    """Each ``::: module`` of docs/api.md with its explicit member list (None: the
    module's public names; []: none)."""
    found: list[tuple[str, list[str] | None]] = []
    lines = (DOCS / "api.md").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("::: "):
            continue
        members: list[str] | None = None
        for option in lines[index + 1 :]:
            if not option.startswith("    "):
                break
            if option.strip() == "members: false" or option.strip() == "members:":
                members = []
            elif option.strip().startswith("- ") and members is not None:
                members.append(option.strip()[2:])
        found.append((line[4:].strip(), members))
    return found


def test_the_api_page_renders_each_public_name_once() -> None:
    shown: dict[int, list[str]] = {}
    for module_name, members in _api_directives():
        module = importlib.import_module(module_name)
        names = module.__all__ if members is None else members
        for name in names:
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                shown.setdefault(id(obj), []).append(f"{module_name}.{name}")
    twice = [where for where in shown.values() if len(where) > 1]
    assert not twice, f"rendered more than once: {twice}"
    for package in (domainrules, domainrules.ram):
        for name in package.__all__:
            obj = getattr(package, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                assert id(obj) in shown, f"{name} is not rendered on the API page"


# --- release notes -----------------------------------------------------------------------


def test_the_changelog_has_release_notes_per_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\]", text, flags=re.MULTILINE)
    # Unreleased first (where every change adds its line), then released versions.
    assert versions[0] == "Unreleased" and len(versions) >= 2
    unreleased = text.split("## [Unreleased]", 1)[1].split("\n## [", 1)[0]
    assert re.findall(r"^### (\w+)", unreleased, flags=re.MULTILINE) == [
        "Added",
        "Changed",
        "Fixed",
    ]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'^version = "([^"]+)"', pyproject, flags=re.MULTILINE)
    assert version is not None and version.group(1) in versions
    # Written for users: no internal tracker numbers.
    assert not re.search(r"\bissues? \d+", text, flags=re.IGNORECASE)
