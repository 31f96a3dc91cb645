"""``domainrules timeline --registry``: text, JSON and SVG."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from domainrules.cli import main

BASE = [
    "timeline",
    "example.com",
    "--expires",
    "2025-01-01T00:00:00Z",
    "--at",
    "2025-01-20T00:00:00Z",
]
NUMBERS = ["--registry", "--registry-numbers", "nomulus-defaults"]


def test_text_shows_the_registry_states_after_the_registrar_phases(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([*BASE, *NUMBERS]) == 0
    out = capsys.readouterr().out
    assert out.index("renewal-grace") < out.index("autoRenewPeriod")
    assert "autoRenewPeriod   2025-01-01T00:00:00+00:00  2025-01-31T00:00:00+00:00  0 .. 30" in out
    assert "redemptionPeriod  2025-01-31T00:00:00+00:00  2025-03-02T00:00:00+00:00  30 .. 60" in out
    assert "purged" in out
    assert "registry    ok; autoRenewPeriod until 2025-02-15T00:00:00+00:00" in out
    assert "reg. expiry 2026-01-01T00:00:00+00:00" in out


def test_json_has_a_registry_part(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BASE, *NUMBERS, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    registry = data["registry"]
    assert [s["label"] for s in registry["spans"]] == [
        "ok",
        "autoRenewPeriod",
        "redemptionPeriod",
        "pendingDelete",
        "purged",
    ]
    assert registry["numbers"]["auto_renew_grace"] == 45 * 86400
    assert registry["at"]["rgp_statuses"][0]["status"] == "autoRenewPeriod"
    assert registry["mismatches"] == []
    assert data["phase"] == "renewal-grace"
    # Without --registry the JSON is as before.
    main([*BASE, "--json"])
    assert "registry" not in json.loads(capsys.readouterr().out)


def test_svg_draws_both_lanes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*BASE, *NUMBERS, "--svg"]) == 0
    svg = capsys.readouterr().out
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "autoRenewPeriod" in svg and "renewal-grace" in svg and ">registry<" in svg
    assert main([*BASE, "--svg"]) == 0
    alone = capsys.readouterr().out
    assert "renewal-grace" in alone and ">registry<" not in alone


def test_a_family_without_registry_numbers_is_a_clear_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([*BASE, "--registry"]) == 2
    err = capsys.readouterr().err
    assert "no registry numbers" in err and "--registry-numbers" in err
    assert main([*BASE, "--registry-numbers", "nomulus-defaults"]) == 2
    assert main([*BASE, *NUMBERS, "--svg", "--json"]) == 2


def test_registry_numbers_from_any_shipped_set(capsys: pytest.CaptureFixture[str]) -> None:
    org = ["timeline", "example.org", "--expires", "2025-01-01T00:00:00Z"]
    assert main([*org, "--registry", "--registry-numbers", "pir"]) == 0
    assert "autoRenewPeriod" in capsys.readouterr().out
    guru = ["timeline", "example.guru", "--expires", "2025-01-01T00:00:00Z", "--registry"]
    assert main([*guru, "--registry-numbers", "identity-digital"]) == 2
    err = capsys.readouterr().err
    assert "auto_renew_grace" in err and "not published" in err and "identity-digital" in err
    assert main([*guru, "--registry-numbers", "alibaba-2022"]) == 2
    assert "has no registry numbers" in capsys.readouterr().err
