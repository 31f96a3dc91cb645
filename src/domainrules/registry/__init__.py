"""The registry side: RFC 3915 grace periods, restores and credits, as pure functions.

A registry (and a registrar reconciling its invoices with one) asks what is in force
for a domain now, what a delete would credit, whether a transfer may go ahead and
what becomes of the auto-renew year, and when a restore report is due. The
answers come from the domain's history (:class:`DomainHistory`) and the registry's
numbers (:class:`~domainrules.rulesets.RegistryRules`, per suffix family in a rule set).

>>> from domainrules.registry import Create, DomainHistory, registry_state
>>> from domainrules.rulesets import NOMULUS_DEFAULTS
>>> h = DomainHistory("example.com", [Create("2025-01-01T00:00:00Z", registrar="alpha")])
>>> sorted(s.value for s in registry_state(h, "2025-01-02T00:00:00Z", rules=NOMULUS_DEFAULTS).rgp_statuses)
['addPeriod']
"""

from domainrules.registry.events import (
    AutoRenew,
    Create,
    Delete,
    DomainHistory,
    Event,
    Renew,
    RestoreReport,
    RestoreRequest,
    TransferApprove,
    TransferAutoApprove,
    TransferCancel,
    TransferReject,
    TransferRequest,
)
from domainrules.registry.outcomes import (
    DeleteOutcome,
    RestoreOutcome,
    TransferOutcome,
    delete_outcome,
    restore_outcome,
    transfer_outcome,
)
from domainrules.registry.state import registry_rules_for, registry_state
from domainrules.registry.timeline import RegistrySpan, SideBySide, side_by_side
from domainrules.registry.values import (
    BillableOperation,
    Credit,
    PendingTransfer,
    RefusalReason,
    RegistryRefusal,
    RegistryState,
    RgpPeriod,
    RgpStatus,
)

__all__ = [
    "AutoRenew",
    "BillableOperation",
    "Create",
    "Credit",
    "Delete",
    "DeleteOutcome",
    "DomainHistory",
    "Event",
    "PendingTransfer",
    "RefusalReason",
    "RegistryRefusal",
    "RegistrySpan",
    "RegistryState",
    "Renew",
    "RestoreOutcome",
    "RestoreReport",
    "RestoreRequest",
    "RgpPeriod",
    "RgpStatus",
    "SideBySide",
    "TransferApprove",
    "TransferAutoApprove",
    "TransferCancel",
    "TransferOutcome",
    "TransferReject",
    "TransferRequest",
    "delete_outcome",
    "registry_rules_for",
    "registry_state",
    "restore_outcome",
    "side_by_side",
    "transfer_outcome",
]
