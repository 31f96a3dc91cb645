"""A slow, obviously-correct model of a registry's RFC 3915 life of a domain.

Written from the rules, not from the engine: a dictionary of facts, a list of timed
things the registry does by itself, one ``if`` per event kind. Events are plain
tuples ``(kind, at, registrar, years)``; the model answers the state at an instant
as plain data, or raises :class:`Impossible` for a history that cannot happen.

Rules (docs/registry-side.md gives the sources):
- periods are half-open ``[start, start + length)``;
- the registry auto-renews at the expiry (if it auto-renews), before approving a
  transfer due at the same instant, and never once the domain is deleted;
- a pending transfer is approved by the registry ``automatic_transfer`` after the request;
  inside the auto-renew grace the transfer adds ``years - 1``, else ``years``, capped at
  ``max_term_years`` from the approval; approval drops every grace period and opens the
  transfer's;
- a delete credits every grace period in force (taking its years off the expiry), purges
  at once inside the add grace, else redemption then RGP pendingDelete;
- restore: request in redemptionPeriod by the sponsor, report before request + window
  (or with the request when the window is 0); a missed report goes back to redemption
  until the redemption ends, and the purge is pending_delete after the later of the two.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domainrules.instants import add_years
from domainrules.rulesets import RegistryRules


def _known(value: timedelta | None) -> timedelta:
    # The reference is run on complete numbers only (no unpublished ones).
    assert value is not None
    return value


class Impossible(Exception):
    """The history cannot happen; ``index`` is the event at fault."""

    def __init__(self, index: int, why: str) -> None:
        super().__init__(f"event {index}: {why}")
        self.index = index


Event = tuple[str, datetime, str, int]


def _in(start: datetime, length: timedelta, t: datetime) -> bool:
    return start <= t < start + length


class Model:
    def __init__(self, rules: RegistryRules) -> None:
        self.r = rules
        self.f: dict[str, Any] = {"phase": "none"}
        self.graces: list[dict[str, Any]] = []
        self.auto_renewed_at: list[datetime] = []
        self.auto_approved_at: list[datetime] = []

    # the registry's own steps --------------------------------------------------

    def _next_auto(self, t: datetime) -> tuple[datetime, str] | None:
        f = self.f
        options: list[tuple[datetime, int, str]] = []
        if f["phase"] == "ok":
            if self.r.auto_renew and f["expiry"] <= t:
                options.append((f["expiry"], 0, "autorenew"))
            if f["pending"] is not None and f["pending"]["auto"] <= t:
                options.append((f["pending"]["auto"], 1, "approve"))
        elif f["phase"] == "pendingRestore":
            due = f["due"]
            late = due < t or (due == t and due != f["requested"])
            if late:
                options.append((due, 0, "missed"))
        elif f["phase"] == "deleted" and f["purge"] <= t:
            options.append((f["purge"], 0, "purge"))
        if not options:
            return None
        when, _, what = min(options)
        return when, what

    def run_until(self, t: datetime) -> None:
        while True:
            step = self._next_auto(t)
            if step is None:
                return
            when, what = step
            f = self.f
            if what == "autorenew":
                if self.r.auto_renew_grace:
                    self.graces.append(
                        {
                            "s": "autoRenewPeriod",
                            "start": when,
                            "len": self.r.auto_renew_grace,
                            "op": "auto-renew",
                            "years": 1,
                            "who": f["sponsor"],
                        }
                    )
                f["expiry"] = add_years(when, 1)
                self.auto_renewed_at.append(when)
            elif what == "approve":
                self._approve(when)
                self.auto_approved_at.append(when)
            elif what == "missed":
                f["phase"] = "deleted"
                f["since"] = when
                f["purge"] = max(f["red_end"], when) + _known(self.r.pending_delete)
            else:
                f["phase"] = "purged"

    def _approve(self, t: datetime) -> None:
        f = self.f
        p = f["pending"]
        in_auto = any(
            g["s"] == "autoRenewPeriod" and _in(g["start"], g["len"], t) for g in self.graces
        )
        years = p["years"] - (1 if in_auto else 0)
        f["expiry"] = min(add_years(f["expiry"], years), add_years(t, self.r.max_term_years))
        f["sponsor"] = p["who"]
        f["pending"] = None
        self.graces = []
        if self.r.transfer_grace:
            self.graces.append(
                {
                    "s": "transferPeriod",
                    "start": t,
                    "len": self.r.transfer_grace,
                    "op": "transfer",
                    "years": p["years"],
                    "who": p["who"],
                }
            )

    # events ----------------------------------------------------------------------

    def apply(self, index: int, event: Event) -> None:
        kind, t, who, years = event
        f = self.f
        if index == 0:
            if kind != "create":
                raise Impossible(index, "first event is not a create")
            f.update(phase="ok", sponsor=who, expiry=add_years(t, years), pending=None, created=t)
            length = self.r.add_grace  # (anchor tenants: fixed cases only)
            if length:
                self.graces.append(
                    {
                        "s": "addPeriod",
                        "start": t,
                        "len": length,
                        "op": "create",
                        "years": years,
                        "who": who,
                    }
                )
            return
        self.run_until(t)
        phase = f["phase"]
        if kind == "create" or phase == "purged":
            raise Impossible(index, "created twice or after the purge")
        if kind == "renew":
            if phase != "ok" or who != f["sponsor"] or f["pending"] is not None:
                raise Impossible(index, "renew not allowed")
            if add_years(f["expiry"], years) > add_years(t, self.r.max_term_years):
                raise Impossible(index, "over the term limit")
            f["expiry"] = add_years(f["expiry"], years)
            if self.r.renew_grace:
                self.graces.append(
                    {
                        "s": "renewPeriod",
                        "start": t,
                        "len": self.r.renew_grace,
                        "op": "renew",
                        "years": years,
                        "who": who,
                    }
                )
        elif kind == "transfer-request":
            in_add = any(
                g["s"] == "addPeriod" and _in(g["start"], g["len"], t) for g in self.graces
            )
            if phase != "ok" or who == f["sponsor"] or f["pending"] is not None or in_add:
                raise Impossible(index, "transfer request not allowed")
            f["pending"] = {
                "who": who,
                "at": t,
                "auto": t + _known(self.r.automatic_transfer),
                "years": years,
            }
        elif kind in ("transfer-approve", "transfer-reject"):
            if phase != "ok" or f["pending"] is None or who != f["sponsor"]:
                raise Impossible(index, "not the losing registrar's to decide")
            if kind == "transfer-approve":
                self._approve(t)
            else:
                f["pending"] = None
        elif kind == "transfer-cancel":
            if phase != "ok" or f["pending"] is None or who != f["pending"]["who"]:
                raise Impossible(index, "not the gaining registrar's to cancel")
            f["pending"] = None
        elif kind == "delete":
            if phase != "ok" or who != f["sponsor"]:
                raise Impossible(index, "delete not allowed")
            f["pending"] = None
            live = [g for g in self.graces if _in(g["start"], g["len"], t)]
            for g in live:
                f["expiry"] = add_years(f["expiry"], -g["years"])
            self.graces = []
            if any(g["s"] == "addPeriod" for g in live):
                f["phase"] = "purged"
            else:
                f.update(phase="deleted", since=t, red_end=t + _known(self.r.redemption))
                f["purge"] = f["red_end"] + _known(self.r.pending_delete)
        elif kind == "restore-request":
            if phase != "deleted" or t >= f["red_end"] or who != f["sponsor"]:
                raise Impossible(index, "restore request not allowed")
            f.update(phase="pendingRestore", requested=t, due=t + _known(self.r.restore_report))
            f["restored_expiry"] = add_years(f["expiry"], 1) if f["expiry"] <= t else f["expiry"]
        elif kind == "restore-report":
            if phase != "pendingRestore" or who != f["sponsor"]:
                raise Impossible(index, "no restore awaits this report")
            f.update(phase="ok", expiry=f["restored_expiry"], pending=None)
            self.graces = []
        elif kind == "auto-renew":
            if phase == "none" or t not in self.auto_renewed_at:
                raise Impossible(index, "no auto-renew at that instant")
        elif kind == "transfer-auto-approve":
            if phase == "none" or t not in self.auto_approved_at:
                raise Impossible(index, "no automatic approval at that instant")
        else:
            raise AssertionError(kind)

    def state(self, at: datetime) -> dict[str, object]:
        f = self.f
        phase = f["phase"]
        if phase in ("none", "purged") or at < f["created"]:
            return {
                "registered": False,
                "epp": set(),
                "rgp": set(),
                "expires_at": None,
                "sponsor": None,
            }
        if phase == "ok":
            rgp = {g["s"] for g in self.graces if _in(g["start"], g["len"], at)}
            epp = {"ok"} if f["pending"] is None else {"pendingTransfer"}
        elif phase == "pendingRestore":
            rgp, epp = {"pendingRestore"}, {"pendingDelete"}
        elif at < f["red_end"]:
            rgp, epp = {"redemptionPeriod"}, {"pendingDelete"}
        else:
            rgp, epp = {"pendingDelete"}, {"pendingDelete"}
        return {
            "registered": True,
            "epp": epp,
            "rgp": rgp,
            "expires_at": f["expiry"],
            "sponsor": f["sponsor"],
        }


def reference_state(events: list[Event], at: datetime, rules: RegistryRules) -> dict[str, object]:
    """The state at ``at`` after the events up to ``at``; the whole history is checked."""
    model = Model(rules)
    answer: dict[str, object] | None = None
    for index, event in enumerate(events):
        if index and event[1] < events[index - 1][1]:
            raise Impossible(index, "out of order")
        if answer is None and event[1] > at:
            model.run_until(at)
            answer = model.state(at)
        model.apply(index, event)
    if answer is None:
        model.run_until(at)
        answer = model.state(at)
    return answer
