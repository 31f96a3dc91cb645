"""EPP statuses: parsing, blocking, combinations, who sets them, DNS."""

from __future__ import annotations

import itertools

import pytest

from domainrules import (
    Actor,
    ArgumentTypeError,
    EppCommand,
    EppStatus,
    InvalidStatusCombinationError,
    InvalidStatusError,
    StatusNotSettableError,
    StatusSet,
)

RFC5731 = {
    "ok",
    "inactive",
    "clientDeleteProhibited",
    "clientHold",
    "clientRenewProhibited",
    "clientTransferProhibited",
    "clientUpdateProhibited",
    "serverDeleteProhibited",
    "serverHold",
    "serverRenewProhibited",
    "serverTransferProhibited",
    "serverUpdateProhibited",
    "pendingCreate",
    "pendingDelete",
    "pendingRenew",
    "pendingTransfer",
    "pendingUpdate",
}
RFC3915 = {
    "addPeriod",
    "autoRenewPeriod",
    "renewPeriod",
    "transferPeriod",
    "redemptionPeriod",
    "pendingRestore",
}


def test_every_status_is_there() -> None:
    assert {status.value for status in EppStatus} == RFC5731 | RFC3915
    assert {s.value for s in EppStatus if s.is_grace_period} == RFC3915


@pytest.mark.parametrize("text", sorted(RFC5731 | RFC3915))
def test_parse_any_case(text: str) -> None:
    assert EppStatus.parse(text.upper()).value == text
    assert EppStatus.parse(f" {text} ").value == text


@pytest.mark.parametrize("bad", ["", "hold", "clientLock"])
def test_unknown_refused(bad: str) -> None:
    with pytest.raises(InvalidStatusError) as caught:
        StatusSet.of(bad)
    assert caught.value.field == "statuses"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("bad", [None, 3])
def test_statuses_of_another_type(bad: object) -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        StatusSet.of(bad)  # type: ignore[arg-type]
    assert caught.value.field == "statuses"


def test_not_iterable_refused() -> None:
    with pytest.raises(ArgumentTypeError):
        StatusSet(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "blocked"),
    [
        ("ok", set()),
        ("clientHold", set()),
        ("serverHold", set()),
        ("inactive", set()),
        ("clientDeleteProhibited", {"delete"}),
        ("serverDeleteProhibited", {"delete"}),
        ("clientRenewProhibited", {"renew"}),
        ("serverRenewProhibited", {"renew"}),
        ("clientTransferProhibited", {"transfer"}),
        ("serverTransferProhibited", {"transfer"}),
        ("clientUpdateProhibited", {"update"}),
        ("serverUpdateProhibited", {"update"}),
        ("pendingTransfer", {"delete", "renew", "update", "restore"}),
        ("pendingDelete", {"delete", "renew", "update", "transfer", "restore"}),
        ("redemptionPeriod", {"delete", "renew", "update", "transfer"}),
        ("pendingRestore", {"update", "restore"}),
        ("addPeriod", set()),
        ("autoRenewPeriod", set()),
        ("renewPeriod", set()),
        ("transferPeriod", set()),
    ],
)
def test_blocks(status: str, blocked: set[str]) -> None:
    assert {c.value for c in StatusSet.of(status).blocked_commands} == blocked


def test_pending_delete_with_redemption_allows_only_restore() -> None:
    statuses = StatusSet.of("pendingDelete", "redemptionPeriod")
    assert statuses.blocked_commands == frozenset(EppCommand) - {EppCommand.RESTORE}
    assert statuses.permits(EppCommand.RESTORE)
    assert statuses.blocking(EppCommand.TRANSFER) == {
        EppStatus.PENDING_DELETE,
        EppStatus.REDEMPTION_PERIOD,
    }


@pytest.mark.parametrize(
    "combination",
    [
        ("ok", "clientHold"),
        ("ok", "addPeriod"),
        ("pendingDelete", "clientDeleteProhibited"),
        ("pendingDelete", "serverDeleteProhibited"),
        ("pendingTransfer", "clientTransferProhibited"),
        ("pendingTransfer", "serverTransferProhibited"),
        ("pendingRenew", "clientRenewProhibited"),
        ("pendingRenew", "serverRenewProhibited"),
        ("pendingUpdate", "clientUpdateProhibited"),
        ("pendingUpdate", "serverUpdateProhibited"),
    ],
)
def test_invalid_combinations(combination: tuple[str, str]) -> None:
    with pytest.raises(InvalidStatusCombinationError) as caught:
        StatusSet.of(*combination)
    assert caught.value.field == "statuses"


@pytest.mark.parametrize(
    "pair",
    list(
        itertools.combinations(
            ["pendingCreate", "pendingDelete", "pendingRenew", "pendingTransfer", "pendingUpdate"],
            2,
        )
    ),
)
def test_two_pending_refused(pair: tuple[str, str]) -> None:
    with pytest.raises(InvalidStatusCombinationError):
        StatusSet.of(*pair)


def test_empty_is_ok() -> None:
    assert StatusSet.of().statuses == {EppStatus.OK}
    assert StatusSet([]) == StatusSet.of("ok")


def test_client_settable() -> None:
    settable = {s.value for s in EppStatus if s.client_settable}
    assert settable == {
        "clientDeleteProhibited",
        "clientHold",
        "clientRenewProhibited",
        "clientTransferProhibited",
        "clientUpdateProhibited",
    }


def test_client_may_not_set_server_status() -> None:
    with pytest.raises(StatusNotSettableError):
        StatusSet.of().with_status("serverTransferProhibited")
    with pytest.raises(StatusNotSettableError):
        StatusSet.of("serverHold").without_status("serverHold")
    locked = StatusSet.of().with_status("serverTransferProhibited", by=Actor.SERVER)
    assert EppStatus.SERVER_TRANSFER_PROHIBITED in locked
    assert str(locked.without_status("serverTransferProhibited", by=Actor.SERVER)) == "ok"


def test_update_prohibited_allows_only_its_removal() -> None:
    locked = StatusSet.of("clientUpdateProhibited")
    with pytest.raises(StatusNotSettableError):
        locked.with_status("clientTransferProhibited")
    assert str(locked.without_status("clientUpdateProhibited")) == "ok"
    both = StatusSet.of("clientUpdateProhibited", "serverUpdateProhibited")
    with pytest.raises(StatusNotSettableError):
        both.without_status("clientUpdateProhibited")


def test_with_status_replaces_ok() -> None:
    assert StatusSet.of().with_status("clientHold").statuses == {EppStatus.CLIENT_HOLD}


@pytest.mark.parametrize(
    ("statuses", "published"),
    [
        (("ok",), True),
        (("clientTransferProhibited",), True),
        (("addPeriod",), True),
        (("clientHold",), False),
        (("serverHold",), False),
        (("inactive",), False),
        (("pendingDelete", "redemptionPeriod"), False),
        (("pendingRestore",), False),
    ],
)
def test_published_in_dns(statuses: tuple[str, ...], published: bool) -> None:
    assert StatusSet.of(*statuses).published_in_dns is published


def test_iteration_and_str_sorted() -> None:
    statuses = StatusSet.of("serverHold", "clientHold")
    assert [s.value for s in statuses] == ["clientHold", "serverHold"]
    assert str(statuses) == "clientHold serverHold"
