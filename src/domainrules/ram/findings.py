"""One finding type for everything that reviews a policy: lint, and the analysis behind it.

A :class:`Finding` names a ``code``, a :class:`Severity`, where it is (a JSON path into
the policy document) and what it means; ``suggestion`` is the text to write instead,
when there is one.

>>> finding = Finding("misspelt-condition-key", Severity.ERROR, '$.Statement[0]', "...",
...                   suggestion="acs:SourceIp")
>>> finding.severity.value, finding.suggestion
('error', 'acs:SourceIp')
"""

from __future__ import annotations

import attrs

from domainrules._validate import Choice, instance_field

__all__ = ["Finding", "Severity"]


class Severity(Choice):
    """How much a finding matters."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Finding:
    """One finding: a code, a severity, where (JSON path) and what; a suggestion if any."""

    code: str = attrs.field(validator=instance_field(str))
    severity: Severity = attrs.field(validator=instance_field(Severity))
    path: str = attrs.field(validator=instance_field(str))
    message: str = attrs.field(validator=instance_field(str))
    suggestion: str | None = attrs.field(
        default=None, kw_only=True, validator=instance_field(str, optional=True)
    )
