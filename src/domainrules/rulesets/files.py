"""Rule-set files: a registrar's or registry's numbers as TOML or JSON, loaded into a
:class:`~domainrules.rulesets.RuleSet`.

This module is the edge where rule sets come in from outside; the engines only ever
see the immutable :class:`RuleSet` it returns. A file is checked in three gates, and
nothing is half-loaded: the size cap (before parsing), the JSON Schema
(``schema/ruleset-1.schema.json``, draft 2020-12), then the meaning (durations in
whole days where the lifecycle counts days, TLDs in one family only, versions in
time order, cited sources that exist...). Every fault of a gate is reported at once,
in one :class:`~domainrules.errors.InvalidRuleSetError` whose ``faults`` name the
file, the JSON path and the value. The format: docs/rule-set-files.md.

>>> from domainrules.rulesets import load_rule_set
>>> mine = load_rule_set('''
... format = 1
... name = "acme"
... extends = "alibaba-2022"
... [[versions]]
... valid_from = 2022-04-09T00:00:00+08:00
... selected_by = "expiry"
...   [[versions.families]]
...   name = "gtld"
...   registrar = { renewal_grace = { days = 18 } }
... ''')
>>> mine.rules_for("example.com").renewal_grace_days, mine.rules_for("example.cn").redemption_days
(18, 14)
"""

from __future__ import annotations

import copy
import json
import math
import os
import stat
import sys
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from domainrules._validate import show
from domainrules.errors import (
    ArgumentTypeError,
    DomainRulesError,
    InvalidRuleSetError,
    RuleSetFault,
)
from domainrules.rulesets.model import (
    Citation,
    DnsTimings,
    LifecycleRules,
    PreRelease,
    ResumptionWindow,
    RuleSet,
    RuleSetVersion,
    Source,
    SuffixFamily,
)
from domainrules.rulesets.registry_rules import RegistryRules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "FORMAT",
    "MAX_FILE_BYTES",
    "cited_sources",
    "load_rule_set",
    "load_shipped",
    "rule_set_mapping",
    "schema",
    "shipped_names",
]

#: The file format's major version (``format = 1``).
FORMAT = 1
#: Files (and texts) longer than this are refused before they are parsed: a TOML or
#: JSON parser can be made to spend time and memory on crafted input. A rule set of
#: 1,500 TLDs is about 30 KB.
MAX_FILE_BYTES = 4 * 1024 * 1024

_SCHEMA_FILE = "ruleset-1.schema.json"
_UNITS = {"days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
_REGISTRAR_DAYS = ("renewal_grace", "redemption", "pending_delete")
_REGISTRY_PERIODS = (
    "add_grace",
    "anchor_tenant_add_grace",
    "renew_grace",
    "auto_renew_grace",
    "transfer_grace",
    "automatic_transfer",
    "redemption",
    "restore_report",
    "pending_delete",
)
#: A registry number the registry does not publish (as when it is left out).
_UNPUBLISHED = "unpublished"
_DNS_WINDOWS = (
    "renewed_in_grace_on_registrar_dns",
    "renewed_in_grace_on_other_dns",
    "redeemed",
    "dns_server_change",
)
_FAMILY_SCALARS = (
    "tlds",
    "default_for",
    "icann_transfer_policy",
    "requires_cnnic_profile",
    "description",
)
_TABLES = ("registrar", "registry")
# Where a TOML date or date-time (or a Python one in a mapping) may stand.
_DATE_KEYS = (".valid_from", ".effective", ".retrieved")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of rule-set files, as shipped in the package.

    >>> schema()["properties"]["format"]
    {'const': 1, 'description': "The file format's major version."}
    """
    text = (
        resources.files("domainrules.rulesets")
        .joinpath("schema")
        .joinpath(_SCHEMA_FILE)
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@lru_cache(maxsize=1)
def _validator() -> Any:
    # jsonschema is imported here, not at import time: it is the slowest import of all.
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


# --- faults -----------------------------------------------------------------


class _Faults:
    """Collects every fault of one file; raises them together."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.items: list[RuleSetFault] = []

    def add(self, path: str, message: str, value: Any = None) -> None:
        self.items.append(RuleSetFault(self.file, path, message, value))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        # An overlay laid over several versions of an extended set may fault once for each.
        seen: set[tuple[str, str]] = set()
        unique = []
        for fault in self.items:
            if (fault.path, fault.message) not in seen:
                seen.add((fault.path, fault.message))
                unique.append(fault)
        self.items = unique
        first = self.items[0]
        where = f"{self.file}: " if self.file else ""
        count = len(self.items)
        head = f"{where}{count} fault{'s' if count > 1 else ''} in the rule-set file"
        body = "; ".join(
            f"{fault.path}: {fault.message}" + _value_note(fault) for fault in self.items[:50]
        )
        more = f"; and {count - 50} more" if count > 50 else ""
        raise InvalidRuleSetError(
            f"{head}: {body}{more}",
            field=first.path,
            value=first.value,
            path=first.path,
            faults=tuple(self.items),
        )


def _value_note(fault: RuleSetFault) -> str:
    if fault.value is None or show(fault.value) in fault.message:
        return ""
    return f" (given {show(fault.value)})"


def _join(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


# --- reading ----------------------------------------------------------------


def load_rule_set(source: os.PathLike[str] | str | bytes | Mapping[str, Any]) -> RuleSet:
    """The rule set in ``source``: a file path (:class:`pathlib.Path` or another
    ``os.PathLike``; ``.json`` is read as JSON, anything else as TOML), TOML or JSON
    text (``str`` or UTF-8 ``bytes``; text starting with ``{`` is JSON), or the
    parsed mapping.

    A bad file raises one :class:`~domainrules.errors.InvalidRuleSetError` listing
    every fault (``error.faults``), each with the file, the JSON path and the value;
    a file over :data:`MAX_FILE_BYTES` is refused before it is read. Policy
    shortfalls are not errors: see :attr:`RuleSet.warnings`.

    >>> load_rule_set('format = 1\\nname = "x"\\n[[versions]]\\nvalid_from = 2025-01-01T00:00:00Z\\n'
    ...               'selected_by = "expiry"\\nfamilies = [{name = "f", tlds = ["de"]}]')
    Traceback (most recent call last):
    ...
    domainrules.errors.InvalidRuleSetError: 2 faults in the rule-set file: $.versions[0].families[0]: family 'f' is new here and has no 'icann_transfer_policy'; $.versions[0].families[0]: family 'f' is new here and has no 'registrar' table
    """
    file: str | None = None
    if isinstance(source, os.PathLike):
        file = os.fspath(source)
        data = _read_file(Path(file))
    elif isinstance(source, (str, bytes)):
        data = _parse_text(source, None, json_text=None)
    elif isinstance(source, Mapping):
        data = source
    else:
        raise ArgumentTypeError(
            f"source: expected a path, TOML or JSON text, or a mapping, "
            f"not {type(source).__name__}",
            field="source",
            value=source,
        )
    return _load(data, file, trusted=False)


def _read_file(path: Path) -> Any:
    faults = _Faults(str(path))
    try:
        # Opened without blocking and checked before reading: a FIFO with no writer
        # would otherwise block the open (or the read) forever, and a device such as
        # /dev/zero is no file of rules.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with open(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                faults.add("$", "cannot read the file: it is a directory")
            elif not stat.S_ISREG(mode):
                faults.add(
                    "$", "cannot read the file: not a regular file (a FIFO, device or socket)"
                )
            faults.raise_if_any()
            size = os.fstat(fd).st_size
            if size > MAX_FILE_BYTES:
                faults.add("$", f"the file is {size} bytes, over the {MAX_FILE_BYTES} allowed")
                faults.raise_if_any()
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as failure:
        faults.add("$", f"cannot read the file: {failure.strerror or failure}")
        faults.raise_if_any()
        raise  # unreachable: raise_if_any raised
    return _parse_text(raw, str(path), json_text=path.suffix.lower() == ".json")


def _parse_text(text: str | bytes, file: str | None, *, json_text: bool | None) -> Any:
    faults = _Faults(file)
    if len(text) > MAX_FILE_BYTES:
        faults.add("$", f"the text is over the {MAX_FILE_BYTES} bytes allowed")
        faults.raise_if_any()
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as failure:
            faults.add("$", f"not UTF-8 text (byte {failure.start})")
            faults.raise_if_any()
            raise
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:  # pragma: no cover - bytes checked
            faults.add("$", "over the size cap")
    elif len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        faults.add("$", f"the text is over the {MAX_FILE_BYTES} bytes allowed")
    faults.raise_if_any()
    text = text.removeprefix("\ufeff")
    if json_text is None:
        json_text = text.lstrip().startswith("{")
    try:
        if json_text:
            return json.loads(
                text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant
            )
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as failure:
        faults.add("$", f"not valid TOML: {failure}")
    except json.JSONDecodeError as failure:
        faults.add(
            "$", f"not valid JSON: line {failure.lineno}, column {failure.colno}: {failure.msg}"
        )
    except ValueError as failure:  # a duplicate key, NaN, an integer of 4,300+ digits
        kind = "JSON" if json_text else "TOML"
        if "integer string conversion" in str(failure):
            # Python's own limit on reading long integers; its advice (raise the limit)
            # is not the file writer's remedy.
            faults.add("$", f"not valid {kind}: a number of more than 4300 digits")
        else:
            faults.add("$", f"not valid {kind}: {failure}")
    except RecursionError:
        faults.add("$", "nested too deeply")
    faults.raise_if_any()
    raise AssertionError("unreachable")  # pragma: no cover


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            # Two values for one key: which one a reader keeps differs between parsers.
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _plain(value: Any, path: str, faults: _Faults, depth: int = 0) -> Any:
    """TOML's dates and times as RFC 3339 text, so one schema reads TOML and JSON alike."""
    if depth > 32:
        faults.add(path, "nested too deeply")
        return None
    if isinstance(value, (datetime, date, time)):
        # Only where the format holds an instant or a date: elsewhere an unquoted TOML
        # date (tlds = [2025-01-01]) would pass as text the writer never wrote.
        if not path.endswith(_DATE_KEYS):
            faults.add(
                path,
                f"a TOML date or time ({value.isoformat()}) where text or a number is "
                "expected; quote it if it is text",
                value,
            )
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        # TOML's nan and inf: as text they would pass where text is expected (a TLD
        # "nan"); no number of a rule set is ever one.
        faults.add(path, f"{value} is not a number a rule set can hold", value)
        return str(value)
    if isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                faults.add(path, f"a key must be text, not {type(key).__name__}", key)
                continue
            result[key] = _plain(item, _join(path, key), faults, depth + 1)
        return result
    if isinstance(value, (list, tuple)):
        return [_plain(item, _join(path, i), faults, depth + 1) for i, item in enumerate(value)]
    return value


def _schema_faults(data: Any, faults: _Faults) -> None:
    validator = _validator()
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        path = _json_path(error.absolute_path)
        if isinstance(error.schema, Mapping) and (
            error.schema.get("$comment") == "duration"
            or {"$ref": "#/$defs/duration"} in error.schema.get("anyOf", ())
        ):
            faults.add(path, _duration_problem(error.instance), error.instance)
        elif error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            known = sorted(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in known:
                    faults.add(
                        _join(path, key),
                        f"unknown key {key!r} (expected one of: {', '.join(known)})",
                        error.instance[key],
                    )
        elif error.validator == "required":
            faults.add(path, error.message.replace("is a required property", "is required"))
        else:
            faults.add(path, error.message, error.instance)


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path = _join(path, part)
    return path


def _duration_problem(value: Any) -> str:
    units = "{days = N} (periods of 24 hours), {hours = N}, {minutes = N} or {seconds = N}"
    if isinstance(value, bool) or value is None:
        return f"expected a duration, {units}, or 0 for no such period, not {show(value)}"
    if isinstance(value, (int, float)):
        return f"{show(value)} has no unit: write {units}; 0 alone means no such period"
    if isinstance(value, Mapping):
        if "calendar_days" in value:
            return (
                "calendar days in the registry's zone with a cut-off hour are not supported: "
                "this version counts every period in 24-hour days from the expiry instant, "
                "so a calendar-day period would be read wrongly; write {days = N}"
            )
        return (
            f"a duration is one unit, {units}, a whole number from 0 (days at most 3650), "
            f"not {show(dict(value))}"
        )
    return f"expected a duration, {units}, not {type(value).__name__} {show(value)}"


# --- building ---------------------------------------------------------------


def _load(data: Any, file: str | None, *, trusted: bool) -> RuleSet:
    faults = _Faults(file)
    plain = _plain(data, "$", faults)
    faults.raise_if_any()
    if not trusted:
        _schema_faults(plain, faults)
        if faults.items:
            # The builder needs a well-formed file; these checks do not, so a file with
            # schema faults still hears about its other faults in the same error.
            _shape_free_checks(plain, faults)
        faults.raise_if_any()
    return _Builder(plain, faults).build()


def _shape_free_checks(data: Any, faults: _Faults) -> None:
    """The checks of meaning that hold whatever the rest of the file looks like: the
    ``extends`` target, ``valid_from`` order, TLDs listed in two families."""
    from domainrules.instants import to_utc
    from domainrules.names import canonical_name

    if not isinstance(data, Mapping):
        return
    extends = data.get("extends")
    if isinstance(extends, str):
        from domainrules.rulesets import RULE_SETS

        if extends not in RULE_SETS:
            faults.add(
                "$.extends",
                f"no shipped rule set {extends!r} to extend (shipped: {', '.join(sorted(RULE_SETS))})",
                extends,
            )
    versions = data.get("versions")
    if not isinstance(versions, list):
        return
    previous: datetime | None = None
    for index, version in enumerate(versions):
        if not isinstance(version, Mapping):
            continue
        path = f"$.versions[{index}]"
        text = version.get("valid_from")
        if isinstance(text, str):
            try:
                start = to_utc(text, "valid_from")
            except DomainRulesError as failure:
                faults.add(_join(path, "valid_from"), str(failure), text)
            else:
                if previous is not None and start <= previous:
                    faults.add(
                        _join(path, "valid_from"),
                        f"valid_from {start.isoformat()} is not after the previous version's "
                        f"{previous.isoformat()}: versions go in time order and a past version "
                        "is never edited (add a new one)",
                        text,
                    )
                previous = start if previous is None else max(start, previous)
        families = version.get("families")
        if not isinstance(families, list):
            continue
        owners: dict[str, str] = {}
        for findex, family in enumerate(families):
            if not isinstance(family, Mapping) or not isinstance(family.get("tlds"), list):
                continue
            name = family.get("name")
            for tindex, tld in enumerate(family["tlds"]):
                if not isinstance(tld, str):
                    continue
                try:
                    canonical = canonical_name(tld, field="tlds")
                except DomainRulesError as failure:
                    faults.add(f"{path}.families[{findex}].tlds[{tindex}]", str(failure), tld)
                    continue
                if canonical in owners:
                    faults.add(
                        f"{path}.families[{findex}].tlds[{tindex}]",
                        f"TLD {canonical!r} is also in family {owners[canonical]}",
                        tld,
                    )
                else:
                    owners[canonical] = repr(name)


def _duration(value: Any) -> timedelta:
    if value == 0 or value == "add_grace":  # "add_grace": anchor_tenant_add_grace's None
        return timedelta(0)
    ((unit, amount),) = value.items()
    return timedelta(seconds=amount * _UNITS[unit])


class _Family:
    """One family's state in one version, with where each value was said."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[str, Any] = {}
        self.registrar: dict[str, Any] = {}
        self.registry: dict[str, Any] | None = None
        self.origin: dict[str, str] = {}
        self.first_path = ""

    def copy(self) -> _Family:
        other = _Family(self.name)
        other.values = dict(self.values)
        other.registrar = dict(self.registrar)
        other.registry = None if self.registry is None else dict(self.registry)
        other.origin = dict(self.origin)
        other.first_path = self.first_path
        return other

    def same(self, other: _Family) -> bool:
        return (
            self.values == other.values
            and self.registrar == other.registrar
            and self.registry == other.registry
        )


_State = dict[str, _Family]


class _Builder:
    def __init__(self, data: dict[str, Any], faults: _Faults) -> None:
        self.data = data
        self.faults = faults

    # The file's versions as (valid_from, overlay path, overlay) in order.
    def _overlays(self) -> list[tuple[datetime, str, dict[str, Any]]]:
        from domainrules.instants import to_utc

        overlays = []
        previous: datetime | None = None
        for index, version in enumerate(self.data["versions"]):
            path = f"$.versions[{index}]"
            try:
                start = to_utc(version["valid_from"], "valid_from")
            except DomainRulesError as failure:
                self.faults.add(_join(path, "valid_from"), str(failure), version["valid_from"])
                continue
            if previous is not None and start <= previous:
                self.faults.add(
                    _join(path, "valid_from"),
                    f"valid_from {start.isoformat()} is not after the previous version's "
                    f"{previous.isoformat()}: versions go in time order and a past version "
                    "is never edited (add a new one)",
                    version["valid_from"],
                )
            previous = start if previous is None else max(start, previous)
            overlays.append((start, path, version))
        return overlays

    def _apply(self, state: _State, overlay: dict[str, Any], path: str, start: datetime) -> _State:
        state = {name: family.copy() for name, family in state.items()}
        seen: set[str] = set()
        for index, entry in enumerate(overlay.get("families", ())):
            fpath = f"{path}.families[{index}]"
            name = entry["name"]
            if name in seen:
                self.faults.add(
                    _join(fpath, "name"), f"family {name!r} appears twice in one version", name
                )
                continue
            seen.add(name)
            family = state.get(name)
            new = family is None
            if family is None:
                family = state[name] = _Family(name)
                family.first_path = fpath
            for key in _FAMILY_SCALARS:
                if key in entry:
                    family.values[key] = entry[key]
                    family.origin[key] = _join(fpath, key)
            for key, value in entry.get("registrar", {}).items():
                if key not in ("source", "sources"):
                    family.registrar[key] = value
                    family.origin["registrar." + key] = _join(_join(fpath, "registrar"), key)
            if "registry" in entry:
                table = entry["registry"]
                if table is False:
                    family.registry = None
                else:
                    merged = {} if family.registry is None else family.registry
                    for key, value in table.items():
                        if key not in ("source", "sources"):
                            merged[key] = value
                            family.origin["registry." + key] = _join(_join(fpath, "registry"), key)
                    family.registry = merged
                    family.origin["registry"] = _join(fpath, "registry")
            if new:
                for key in ("tlds", "icann_transfer_policy"):
                    if key not in family.values:
                        self.faults.add(fpath, f"family {name!r} is new here and has no {key!r}")
                if "registrar" not in entry:
                    self.faults.add(
                        fpath, f"family {name!r} is new here and has no 'registrar' table"
                    )
            self._cite(start, name, entry, fpath)
        return state

    def _cite(self, start: datetime, family: str, entry: dict[str, Any], path: str) -> None:
        if "source" in entry:
            self._citation(Citation(start, family, "", "", entry["source"]), _join(path, "source"))
        for table in _TABLES:
            body = entry.get(table)
            if not isinstance(body, dict):
                continue
            tpath = _join(path, table)
            if "source" in body:
                self._citation(
                    Citation(start, family, table, "", body["source"]), _join(tpath, "source")
                )
            for key, ident in body.get("sources", {}).items():
                self._citation(
                    Citation(start, family, table, key, ident), _join(_join(tpath, "sources"), key)
                )

    def _citation(self, citation: Citation, path: str) -> None:
        if citation.source not in self.source_ids:
            self.faults.add(
                path,
                f"no source {citation.source!r} in [[sources]] "
                f"(known: {', '.join(sorted(self.source_ids)) or 'none'})",
                citation.source,
            )
        self.pending_citations.append(citation)

    def build(self) -> RuleSet:
        data = self.data
        parent: RuleSet | None = None
        if "extends" in data:
            parent = self._parent(data["extends"])
            # Without the extended set the file's overlays would read as incomplete.
            self.faults.raise_if_any()
        sources = {} if parent is None else {s.id: s for s in parent.sources}
        for index, entry in enumerate(data.get("sources", ())):
            path = f"$.sources[{index}]"
            if any(e["id"] == entry["id"] for e in data["sources"][:index]):
                self.faults.add(
                    _join(path, "id"), f"source id {entry['id']!r} appears twice", entry["id"]
                )
            retrieved = None
            if "retrieved" in entry:
                try:
                    retrieved = date.fromisoformat(entry["retrieved"])
                except ValueError:
                    self.faults.add(_join(path, "retrieved"), "not a date", entry["retrieved"])
            sources[entry["id"]] = Source(
                entry["id"], entry["url"], retrieved, entry.get("quote", ""), entry.get("title", "")
            )
        self.source_ids = set(sources)
        self.pending_citations: list[Citation] = []

        overlays = self._overlays()
        timeline: list[tuple[datetime, _State]] = []
        if parent is None:
            state: _State = {}
            for start, path, overlay in overlays:
                if "source" in overlay:
                    self._citation(
                        Citation(start, "", "", "", overlay["source"]), _join(path, "source")
                    )
                state = self._apply(state, overlay, path, start)
                timeline.append((start, state))
        else:
            timeline = self._over_parent(parent, overlays)
        self.faults.raise_if_any()
        if not timeline:
            self.faults.raise_if_any()
            raise AssertionError("unreachable")  # pragma: no cover

        if not timeline[0][1]:
            self.faults.add("$.versions[0].families", "the first version has no families")
        default_zone = data.get("zone")
        versions: list[tuple[datetime, tuple[SuffixFamily, ...], str | None]] = []
        for start, state in timeline:
            versions.append((start, *self._families(state, default_zone)))
        dns = self._dns(parent)
        review = self._review(parent)
        self.faults.raise_if_any()

        first_start = timeline[0][0]
        effective = self._effective(parent, first_start)
        text = data.get("source")
        if text is None:
            if parent is not None and not data.get("sources"):
                text = parent.source
            else:
                text = "; ".join(str(s) for s in sources.values())
        starts = [start for start, _ in timeline]
        citations = []
        for citation in self.pending_citations:
            # A citation belongs to the version in force at its instant.
            index = (
                max(i for i, s in enumerate(starts) if s <= citation.version)
                if citation.version >= starts[0]
                else 0
            )
            citations.append(
                Citation(
                    starts[index], citation.family, citation.table, citation.field, citation.source
                )
            )
        try:
            return RuleSet(
                name=data["name"],
                source=text,
                effective=effective,
                families=versions[0][1],
                gtld_family=versions[0][2],
                manual_ownership_review=review,
                dns=dns,
                description=data.get("description", "" if parent is None else parent.description),
                valid_from=first_start,
                later_versions=tuple(RuleSetVersion(s, f, g) for s, f, g in versions[1:]),
                sources=tuple(sources.values()),
                citations=tuple(dict.fromkeys(citations)),
            )
        except InvalidRuleSetError as failure:
            self.faults.add("$", str(failure), failure.value)
            self.faults.raise_if_any()
            raise

    def _parent(self, name: str) -> RuleSet | None:
        from domainrules.rulesets import RULE_SETS

        if name not in RULE_SETS:
            self.faults.add(
                "$.extends",
                f"no shipped rule set {name!r} to extend (shipped: {', '.join(sorted(RULE_SETS))})",
                name,
            )
            return None
        return RULE_SETS[name]

    def _over_parent(
        self, parent: RuleSet, overlays: list[tuple[datetime, str, dict[str, Any]]]
    ) -> list[tuple[datetime, _State]]:
        """The parent's versions with this file's overlays laid over each: at any expiry,
        the parent's version in force then, changed by every overlay in force then."""
        if not overlays:
            return []
        parent_states = [
            (view.valid_from, _state_of(view, f"extends:{parent.name}")) for view in parent.versions
        ]
        # Every instant either side changes at; the first version also governs earlier
        # expiries, so the parent's first state stands before its own valid_from too.
        instants = sorted({s for s, _ in parent_states} | {s for s, _, _ in overlays})
        for citation in parent.citations:
            self.pending_citations.append(citation)
        timeline: list[tuple[datetime, _State]] = []
        for instant in instants:
            base = parent_states[0][1]
            for start, pstate in parent_states:
                if start <= instant:
                    base = pstate
            state = base
            for start, path, overlay in overlays:
                if start <= instant:
                    state = self._apply(state, overlay, path, start)
            if (
                timeline
                and all(
                    name in timeline[-1][1] and family.same(timeline[-1][1][name])
                    for name, family in state.items()
                )
                and len(state) == len(timeline[-1][1])
            ):
                continue  # the same rules as the version before: no new version
            timeline.append((instant, state))
        # Overlays are applied once per instant; their citations once each.
        self.pending_citations = list(dict.fromkeys(self.pending_citations))
        for start, path, overlay in overlays:
            if "source" in overlay:
                self._citation(
                    Citation(start, "", "", "", overlay["source"]), _join(path, "source")
                )
        return timeline

    def _families(
        self, state: _State, default_zone: str | None
    ) -> tuple[tuple[SuffixFamily, ...], str | None]:
        from domainrules.names import canonical_name

        families: list[SuffixFamily] = []
        gtld_family: str | None = None
        gtld_path = ""
        owners: dict[str, tuple[str, str]] = {}
        for name, family in state.items():
            values = family.values
            tpath = family.origin.get("tlds", family.first_path)
            tlds: list[str] = []
            for index, text in enumerate(values.get("tlds", ())):
                try:
                    tld = canonical_name(text, field="tlds")
                except DomainRulesError as failure:
                    self.faults.add(_join(tpath, index), str(failure), text)
                    continue
                if "." in tld:
                    self.faults.add(
                        _join(tpath, index),
                        f"{text!r} is not a TLD (a family lists top-level domains; every name "
                        "under a TLD follows its family)",
                        text,
                    )
                    continue
                if tld.isdigit():
                    self.faults.add(
                        _join(tpath, index),
                        f"{text!r} is not a TLD: no top-level domain is all digits "
                        "(RFC 3696 section 2), and no domain name ends in one",
                        text,
                    )
                    continue
                if tld in owners:
                    other, opath = owners[tld]
                    where = (
                        "twice in this family"
                        if other == name
                        else f"also in family {other!r} ({opath})"
                    )
                    self.faults.add(_join(tpath, index), f"TLD {tld!r} is {where}", text)
                    continue
                owners[tld] = (name, _join(tpath, index))
                tlds.append(tld)
            if values.get("default_for") == "unlisted-gtld":
                if gtld_family is not None:
                    self.faults.add(
                        family.origin["default_for"],
                        f"families {gtld_family!r} ({gtld_path}) and {name!r} are both the "
                        "default for unlisted gTLDs",
                        name,
                    )
                gtld_family, gtld_path = name, family.origin["default_for"]
            lifecycle = self._lifecycle(family, default_zone)
            registry = self._registry(family)
            if lifecycle is None or "icann_transfer_policy" not in values:
                continue
            try:
                families.append(
                    SuffixFamily(
                        name=name,
                        tlds=frozenset(tlds),
                        lifecycle=lifecycle,
                        icann_transfer_policy=values["icann_transfer_policy"],
                        requires_cnnic_profile=values.get("requires_cnnic_profile", False),
                        description=values.get("description", ""),
                        registry=registry,
                    )
                )
            except DomainRulesError as failure:
                self.faults.add(family.first_path, str(failure), failure.value)
        return tuple(families), gtld_family

    def _lifecycle(self, family: _Family, default_zone: str | None) -> LifecycleRules | None:
        table = family.registrar
        origin = family.origin
        ok = True
        days: dict[str, int] = {}
        for key in _REGISTRAR_DAYS:
            if key not in table:
                self.faults.add(
                    _join(family.first_path, "registrar"),
                    f"family {family.name!r}: the registrar table has no {key!r}",
                )
                ok = False
                continue
            length = _duration(table[key])
            if length % timedelta(days=1):
                self.faults.add(
                    origin["registrar." + key],
                    f"{key}: the lifecycle counts whole 24-hour days, and {show(table[key])} is "
                    f"{length / timedelta(days=1):g} days",
                    table[key],
                )
                ok = False
                continue
            days[key] = length.days
        if "then" not in table:
            self.faults.add(
                _join(family.first_path, "registrar"),
                f"family {family.name!r}: the registrar table has no 'then' (released or deleted)",
            )
            ok = False
        zone: Any = table.get("zone", default_zone)
        if zone is None:
            self.faults.add(
                _join(family.first_path, "registrar"),
                f"family {family.name!r}: no zone (set registrar.zone or the file's zone)",
            )
            ok = False
        pre_release: PreRelease | None = None
        raw = table.get("pre_release", False)
        if raw is not False:
            pre_release = PreRelease(
                raw.get("from_redemption_day", 0), raw.get("holder_may_redeem", True)
            )
            if ok and days["redemption"] == 0:
                where, given = origin["registrar.pre_release"], raw
                if where.startswith("extends:"):  # the file's own redemption = 0 is at fault
                    where, given = origin["registrar.redemption"], table["redemption"]
                self.faults.add(
                    where,
                    f"family {family.name!r} pre-releases during redemption, but its redemption "
                    "is 0 (a zero-length redemption where the family redeems); set "
                    "pre_release = false or a redemption",
                    given,
                )
                ok = False
        if not ok:
            return None
        extra: dict[str, Any] = {}
        if "redemption_tolerance" in table:
            extra["redemption_tolerance"] = _duration(table["redemption_tolerance"])
        for key in ("redemption_extends_expiry", "leap_day", "max_term_years"):
            if key in table:
                extra[key] = table[key]
        try:
            return LifecycleRules(
                renewal_grace_days=days["renewal_grace"],
                redemption_days=days["redemption"],
                pending_delete_days=days["pending_delete"],
                then=table["then"],
                zone=zone,
                pre_release=pre_release,
                **extra,
            )
        except DomainRulesError as failure:
            where = origin.get(
                "registrar." + (failure.field or ""), _join(family.first_path, "registrar")
            )
            if failure.field == "zone":
                where = origin.get("registrar.zone", "$.zone")
            self.faults.add(where, str(failure), failure.value)
            return None

    def _registry(self, family: _Family) -> RegistryRules | None:
        table = family.registry
        if table is None:
            return None
        # A number left out, or "unpublished", is not published by the registry: None,
        # which the registry functions refuse to use (never a guess).
        values: dict[str, Any] = {"auto_renew": None}
        values.update((key, None) for key in _REGISTRY_PERIODS)
        for key, value in table.items():
            if value == _UNPUBLISHED or value == "add_grace":
                values[key] = None
            else:
                values[key] = _duration(value) if key in _REGISTRY_PERIODS else value
        if values["restore_report"] and values["redemption"] == timedelta(0):
            self.faults.add(
                family.origin["registry.redemption"],
                f"family {family.name!r}: a restore report is due after a restore, but the "
                "registry's redemption is 0 (a zero-length redemption where the family redeems)",
                table["redemption"],
            )
            return None
        try:
            return RegistryRules(**values)
        except DomainRulesError as failure:
            self.faults.add(
                family.origin.get("registry", family.first_path), str(failure), failure.value
            )
            return None

    def _dns(self, parent: RuleSet | None) -> DnsTimings:
        base = DnsTimings() if parent is None else parent.dns
        table = self.data.get("dns")
        if table is None:
            return base
        windows = {}
        for key in _DNS_WINDOWS:
            if key not in table:
                continue
            entry = table[key]
            try:
                windows[key] = ResumptionWindow(
                    _duration(entry["earliest"]),
                    _duration(entry["latest"]),
                    entry.get("records_must_be_set_again", False),
                )
            except DomainRulesError as failure:
                self.faults.add(f"$.dns.{key}", str(failure), entry)
            else:
                if windows[key].earliest > windows[key].latest:
                    self.faults.add(f"$.dns.{key}", "earliest is after latest", entry)
        return DnsTimings(**{**{k: getattr(base, k) for k in _DNS_WINDOWS}, **windows})

    def _review(self, parent: RuleSet | None) -> frozenset[str]:
        from domainrules.names import canonical_name

        if "manual_ownership_review" not in self.data:
            return frozenset() if parent is None else parent.manual_ownership_review
        result = set()
        for index, text in enumerate(self.data["manual_ownership_review"]):
            try:
                result.add(canonical_name(text, field="manual_ownership_review"))
            except DomainRulesError as failure:
                self.faults.add(f"$.manual_ownership_review[{index}]", str(failure), text)
        return frozenset(result)

    def _effective(self, parent: RuleSet | None, first: datetime) -> date:
        if "effective" in self.data:
            try:
                return date.fromisoformat(self.data["effective"])
            except ValueError:
                self.faults.add("$.effective", "not a date", self.data["effective"])
                self.faults.raise_if_any()
        if parent is not None and first == parent.valid_from:
            return parent.effective  # the extended set's first version comes first
        written = self.data["versions"][0]["valid_from"]
        try:
            return datetime.fromisoformat(written.replace("Z", "+00:00")).date()
        except ValueError:
            return first.date()


def _state_of(rules: RuleSet, origin: str) -> _State:
    """A one-version rule set's families as loader state (the file's full first version)."""
    state: _State = {}
    for entry in _family_entries(rules):
        family = _Family(entry["name"])
        family.first_path = origin
        for key in _FAMILY_SCALARS:
            if key in entry:
                family.values[key] = entry[key]
                family.origin[key] = origin
        family.registrar = dict(entry["registrar"])
        for key in family.registrar:
            family.origin["registrar." + key] = origin
        if "registry" in entry:
            family.registry = dict(entry["registry"])
            family.origin["registry"] = origin
            for key in family.registry:
                family.origin["registry." + key] = origin
        state[family.name] = family
    return state


# --- writing ----------------------------------------------------------------


def _duration_out(value: timedelta) -> Any:
    if not value:
        return 0
    if value.microseconds:
        raise InvalidRuleSetError(
            f"{value} has a fraction of a second: a rule-set file holds whole seconds",
            field="duration",
            value=value,
        )
    seconds = int(value.total_seconds())
    for unit, size in _UNITS.items():
        if seconds % size == 0:
            return {unit: seconds // size}
    raise AssertionError("unreachable")  # pragma: no cover


def _registrar_out(life: LifecycleRules) -> dict[str, Any]:
    return {
        "renewal_grace": _duration_out(timedelta(days=life.renewal_grace_days)),
        "redemption": _duration_out(timedelta(days=life.redemption_days)),
        "pending_delete": _duration_out(timedelta(days=life.pending_delete_days)),
        "then": life.then.value,
        "zone": life.zone,
        "redemption_tolerance": _duration_out(life.redemption_tolerance),
        "redemption_extends_expiry": life.redemption_extends_expiry,
        "leap_day": life.leap_day.value,
        "max_term_years": life.max_term_years,
        "pre_release": False
        if life.pre_release is None
        else {
            "from_redemption_day": life.pre_release.from_redemption_day,
            "holder_may_redeem": life.pre_release.holder_may_redeem,
        },
    }


def _registry_out(registry: RegistryRules) -> dict[str, Any]:
    # An unpublished number (None) is left out.
    table: dict[str, Any] = {}
    if registry.auto_renew is not None:
        table["auto_renew"] = registry.auto_renew
    for key in _REGISTRY_PERIODS:
        value = getattr(registry, key)
        if value is not None:
            table[key] = _duration_out(value)
    table["max_term_years"] = registry.max_term_years
    return table


def _family_entries(rules: RuleSet) -> list[dict[str, Any]]:
    entries = []
    for family in rules.families:
        entry: dict[str, Any] = {
            "name": family.name,
            "tlds": sorted(family.tlds),
            "default_for": "unlisted-gtld" if family.name == rules.gtld_family else "none",
            "icann_transfer_policy": family.icann_transfer_policy,
            "requires_cnnic_profile": family.requires_cnnic_profile,
            "description": family.description,
            "registrar": _registrar_out(family.lifecycle),
        }
        if family.registry is not None:
            entry["registry"] = _registry_out(family.registry)
        entries.append(entry)
    return entries


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": after["name"]}
    for key in _FAMILY_SCALARS:
        if before.get(key) != after.get(key):
            entry[key] = after[key]
    registrar = {k: v for k, v in after["registrar"].items() if before["registrar"].get(k) != v}
    if registrar:
        entry["registrar"] = registrar
    if "registry" not in after:
        if "registry" in before:
            entry["registry"] = False
    elif "registry" not in before:
        entry["registry"] = after["registry"]
    else:
        registry = {k: v for k, v in after["registry"].items() if before["registry"].get(k) != v}
        for key in sorted(before["registry"].keys() - after["registry"].keys()):
            # A number withdrawn: back to "as add_grace", or to not published.
            registry[key] = "add_grace" if key == "anchor_tenant_add_grace" else _UNPUBLISHED
        if registry:
            entry["registry"] = registry
    return entry


def _cite_out(entry: dict[str, Any], citations: list[Citation]) -> None:
    for citation in citations:
        if not citation.table:
            entry["source"] = citation.source
            continue
        table = entry.setdefault(citation.table, {})
        if table is False:  # a removed registry table cites nothing
            continue
        if citation.field:
            table.setdefault("sources", {})[citation.field] = citation.source
        else:
            table["source"] = citation.source


def rule_set_mapping(rules: RuleSet) -> dict[str, Any]:
    """``rules`` in the file format, as JSON-ready data (:meth:`RuleSet.to_mapping`)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "name": rules.name,
        "description": rules.description,
        "source": rules.source,
        "effective": rules.effective.isoformat(),
        "manual_ownership_review": sorted(rules.manual_ownership_review),
        "dns": {
            key: {
                "earliest": _duration_out(getattr(rules.dns, key).earliest),
                "latest": _duration_out(getattr(rules.dns, key).latest),
                "records_must_be_set_again": getattr(rules.dns, key).records_must_be_set_again,
            }
            for key in _DNS_WINDOWS
        },
    }
    if rules.sources:
        data["sources"] = [
            {
                "id": s.id,
                "url": s.url,
                **({"retrieved": s.retrieved.isoformat()} if s.retrieved else {}),
                **({"title": s.title} if s.title else {}),
                **({"quote": s.quote} if s.quote else {}),
            }
            for s in rules.sources
        ]
    versions = []
    previous: dict[str, dict[str, Any]] = {}
    for view in rules.versions:
        start = view.valid_from
        cited = [c for c in rules.citations if c.version == start]
        entries = {e["name"]: e for e in _family_entries(view)}
        if previous.keys() - entries.keys():
            gone = ", ".join(sorted(previous.keys() - entries.keys()))
            raise InvalidRuleSetError(
                f"rule set {rules.name!r}: the version from {start.isoformat()} drops the "
                f"families {gone}; a later version may change or add families, not remove them",
                field="later_versions",
                value=gone,
            )
        families = []
        for name, entry in entries.items():
            written = entry if name not in previous else _diff(previous[name], entry)
            own = [c for c in cited if c.family == name]
            if len(written) > 1 or own or name not in previous:
                written = copy.deepcopy(written)
                _cite_out(written, own)
                families.append(written)
        version: dict[str, Any] = {
            "valid_from": start.isoformat(),
            "selected_by": "expiry",
        }
        for citation in cited:
            if not citation.family:
                version["source"] = citation.source
        version["families"] = families
        versions.append(version)
        previous = entries
    data["versions"] = versions
    return data


def cited_sources(rules: RuleSet, family: str, field: str, expires_at: Any) -> tuple[Source, ...]:
    """The sources :meth:`RuleSet.source_of` returns."""
    if "." in field:
        table, _, key = field.partition(".")
    else:
        table, key = ("registrar" if field else ""), field
    by_id = {s.id: s for s in rules.sources}
    views = rules.versions
    chosen = rules.for_expiry(expires_at) if expires_at is not None else views[0]
    index = next(i for i, v in enumerate(views) if v is chosen)
    wanted = [(family, table, key), (family, table, ""), (family, "", ""), ("", "", "")]
    for view in reversed(views[: index + 1]):
        here = {
            (c.family, c.table, c.field): c.source
            for c in rules.citations
            if c.version == view.valid_from
        }
        for where in wanted:
            if where in here:
                ident = here[where]
                return (by_id[ident],) if ident in by_id else ()
    return ()


# --- the shipped files ------------------------------------------------------


def _shipped_text(name: str) -> str:
    return (
        resources.files("domainrules.rulesets")
        .joinpath("data")
        .joinpath(f"{name}.toml")
        .read_text(encoding="utf-8")
    )


def shipped_names() -> list[str]:
    """The names of the rule-set files shipped in ``domainrules/rulesets/data``."""
    folder = resources.files("domainrules.rulesets").joinpath("data")
    return sorted(
        entry.name[: -len(".toml")]
        for entry in folder.iterdir()
        if entry.name.endswith(".toml") and not entry.name.startswith(("_", "."))
    )


def load_shipped(name: str, *, validate: bool = False) -> RuleSet:
    """A shipped rule set from its file. The schema check is skipped by default (the
    test suite holds every shipped file to it, and jsonschema is slow to import); the
    meaning is checked either way."""
    text = _shipped_text(name)
    data = tomllib.loads(text)
    loaded = _load(data, f"domainrules/rulesets/data/{name}.toml", trusted=not validate)
    if loaded.name != name:
        raise InvalidRuleSetError(
            f"shipped file {name}.toml names its rule set {loaded.name!r}",
            field="name",
            value=loaded.name,
        )
    return loaded
