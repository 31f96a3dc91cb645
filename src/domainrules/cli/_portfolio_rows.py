"""The row path of ``domainrules portfolio``: each row classified, checked and written.

Each row of a CSV or JSON Lines file costs one :class:`~domainrules.bulk.PhaseClassifier`
call; the next action is the library's rule (:func:`domainrules.actions.action_for`). A
Parquet file goes through :mod:`domainrules.cli._portfolio_columns` instead, except
with ``--sort``, ``--strict`` or a table; rows a Parquet batch refuses are classified
here, one by one (:class:`_RowClassifier`), by either path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

import attrs

from domainrules.actions import (
    ExpiryAction,
)
from domainrules.bulk import Classified, PhaseClassifier, phases_for_status
from domainrules.cli._output import (
    error,
)
from domainrules.cli._portfolio_findings import _canonical, _kind, _Problems, _Seen
from domainrules.cli._portfolio_read import Row, _expiry
from domainrules.cli._portfolio_write import _added_cells, _CsvWriter, _Writer
from domainrules.errors import DomainRulesError
from domainrules.instants import UTC
from domainrules.lifecycle import Phase

if TYPE_CHECKING:
    from domainrules.cli.portfolio import _Progress


_DAY = timedelta(days=1)


@attrs.frozen
class _Options:
    classifier: PhaseClassifier
    zone: tzinfo | None
    date_format: str | None
    renew_within: int
    phases: frozenset[Phase]
    actions: frozenset[ExpiryAction]
    due_within: int | None
    strict: bool


@attrs.define
class _Result:
    phases: Counter[Phase]
    groups: Counter[str]
    good: int = 0
    bad: int = 0
    written: int = 0
    need_action: int = 0
    duplicates: int = 0
    contradictions: int = 0
    problem_lines: list[str] = attrs.Factory(list)


_UNSET = datetime.min.replace(tzinfo=UTC)

_CACHE_LIMIT = 1 << 14


def _classify_all(
    rows: Iterator[Row],
    options: _Options,
    column: str,
    source: str,
    writer: _Writer,
    progress: _Progress,
    position: Callable[[], int] | None,
) -> _Result:
    result = _Result(Counter(), Counter())
    phases, groups = result.phases, result.groups
    problems = _Problems(source, progress)
    findings = _Problems(source, progress)
    only_phases, only_actions = options.phases, options.actions
    due_by = (
        None
        if options.due_within is None
        else options.classifier.at + timedelta(days=options.due_within)
    )
    outcome = _RowClassifier(options, column)
    seen_add = _Seen().add
    statuses: dict[str, frozenset[str] | None] = {}
    contradictions: dict[tuple[str, str], str] = {}
    infos: dict[int, tuple[Classified, str, str, bool, tuple[Any, ...]]] = {}
    counts: Counter[str] = Counter()
    good = bad = written = need_action = 0
    write = writer.write
    csv_write = writer.writer.writerow if isinstance(writer, _CsvWriter) else None
    found: Classified
    for first, last, fields, raw, problem, known in rows:
        # The good path first, with as few steps as can be: this runs once per row.
        if known is not None:
            # Classified with its batch (domainrules.arrow.classify_batch): a good row
            # whose name is as written, stripped.
            found = known
            name = stripped = fields["name"]
            expires = fields["expires"]
        elif problem is None:
            name = fields["name"]
            answer, stripped, expires = outcome(name, fields["expires"])
            if answer is None:
                problem, kind = stripped, expires
            else:
                found = answer
        else:
            kind = _kind(problem)
        if problem is not None:
            bad += 1
            problems.add(f"{first}" if first == last else f"{first}-{last}", kind, problem)
            if options.strict:
                writer.close()
                error(f"{source}: stopped at the first bad row (--strict)")
            continue
        # The classifier hands back one Classified per (family, expiry): what the run
        # derives from it is worked out once too.
        info = infos.get(id(found))
        if info is None or info[0] is not found:
            if len(infos) >= 1 << 17:
                infos.clear()
            info = infos[id(found)] = _info(found, only_phases, only_actions, due_by)
        _, phase_value, group, keep, added = info
        counts[phase_value] += 1
        if group:
            groups[group] += 1
        good += 1
        # Findings: the same name twice, and an export status the phase contradicts.
        canonical = stripped.lower()
        if canonical[-1] == "." or not canonical.isascii():
            canonical = _canonical(stripped)
        earlier = seen_add(hash(canonical), first)
        if earlier:
            result.duplicates += 1
            if findings.counted("a duplicate name"):
                findings.show(
                    str(first),
                    "a duplicate name",
                    f"{name} is also on line {earlier}",
                    "finding: ",
                )
        status = fields.get("status")
        if status and type(status) is str:
            implied = statuses.get(status, _MISSING)
            if implied is _MISSING:
                if len(statuses) >= 1024:
                    statuses.clear()
                phases_said = phases_for_status(str(status))
                implied = statuses[status] = (
                    None if phases_said is None else frozenset(p.value for p in phases_said)
                )
            if implied is not None and phase_value not in implied:
                result.contradictions += 1
                said = contradictions.get((status, phase_value))
                if said is None:
                    said = contradictions[(status, phase_value)] = (
                        f"the status column says {status!r}, but the domain is {phase_value}"
                    )
                if findings.counted(said):
                    findings.show(str(first), said, f"{name}: {said}", "finding: ")
        if not keep:
            continue
        written += 1
        if group:
            need_action += 1
        if csv_write is not None and raw is not None:
            csv_write([*raw, *added])
        else:
            write(first, fields, raw, expires, found)  # type: ignore[arg-type]
        if progress.enabled and not good & 0x3FFF:
            progress.tick(position() if position is not None else good + bad, good)
    result.written, result.need_action = written, need_action
    progress.done()
    for phase in Phase:
        phases[phase] = counts[phase.value]
    result.good, result.bad = good, bad
    result.problem_lines = problems.summary("bad rows") + findings.summary("findings")
    return result


_MISSING: Any = object()


class _RowClassifier:
    """One row's answer from its name and expiry cells, as the row path finds it:
    ``(Classified, the name stripped, the expiry in UTC)``, or for a bad row
    ``(None, what is wrong, its kind)``. Exports repeat expiry texts (whole days, a few
    times a second): each is parsed once."""

    def __init__(self, options: _Options, column: str) -> None:
        self.classify = options.classifier.classify
        self.renew_within = options.renew_within
        self.zone, self.date_format = options.zone, options.date_format
        self.column = column
        self.parsed: dict[Any, datetime | str] = {}

    def instant(self, value: Any) -> datetime | str:
        """An expiry cell as a UTC instant, or what is wrong with it (parsed once)."""
        parsed = self.parsed
        expires = parsed.get(value)
        if expires is None:
            if value is None or (type(value) is str and not value.strip()):
                expires = "no expiration date"
            else:
                expires = _expiry(value, self.zone, self.date_format, self.column)
            if len(parsed) >= _CACHE_LIMIT:
                parsed.clear()
            parsed[value] = expires
        return expires

    def __call__(self, name: Any, value: Any) -> tuple[Classified | None, str, Any]:
        stripped = name.strip() if name else ""
        if not stripped:
            return None, "no domain name", "no domain name"
        expires = self.parsed.get(value)
        if expires is None:
            expires = self.instant(value)
        if type(expires) is str:
            kind = expires.replace(repr(value), "'…'", 1) if value else expires
            return None, f"{name}: {expires}", kind
        try:
            found = self.classify(stripped, expires, renew_within=self.renew_within)
        except DomainRulesError as failure:
            message = str(failure)
            problem = message if stripped in message else f"{name}: {message}"
            return None, problem, _kind(message, stripped)
        except (UnicodeError, ValueError) as failure:
            return None, f"{name!r}: not a domain name ({failure})", "not a domain name"
        return found, stripped, expires


def _info(
    found: Classified,
    only_phases: frozenset[Phase],
    only_actions: frozenset[ExpiryAction],
    due_by: datetime | None,
) -> tuple[Classified, str, str, bool, tuple[Any, ...]]:
    """(found, its phase's value, its group or "", whether the options keep the row,
    the cells a CSV row gets)."""
    action = found.action
    keep = True
    if (only_phases or only_actions) and (
        found.phase not in only_phases and action not in only_actions
    ):
        keep = False
    if due_by is not None and (found.deadline is None or found.deadline > due_by):
        keep = False
    group = "" if action is None else action.group or ""
    return found, found.phase.value, group, keep, _added_cells(found)
