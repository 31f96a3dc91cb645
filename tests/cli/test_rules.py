"""``domainrules rules`` and the timeline picture."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from domainrules import DEFAULT_RULE_SET, RULE_SETS, load_rule_set
from domainrules.cli import main
from domainrules.cli.svg import timeline_svg


def test_lists_every_shipped_rule_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for name in RULE_SETS:
        assert name in out
    assert f"{DEFAULT_RULE_SET.name} (default)" in out


def test_one_rule_set_shows_its_families_and_periods(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "alibaba-2022"]) == 0
    out = capsys.readouterr().out
    assert ".cn .中国" in out
    row = next(line for line in out.splitlines() if line.startswith("hk "))
    assert row.split()[3:7] == ["28", "59", "0", "deleted"]


def test_json_carries_the_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "cnnic-registry", "--json"])
    data = json.loads(capsys.readouterr().out)
    # The rule-set file format (docs/rule-set-files.md): it loads back unchanged.
    cnnic = next(f for f in data["versions"][0]["families"] if f["name"] == "cnnic")
    assert cnnic["registrar"]["redemption"] == {"days": 15}
    assert cnnic["registrar"]["redemption_tolerance"] == {"days": 1}
    assert load_rule_set(data) == RULE_SETS["cnnic-registry"]
    main(["rules", "--json"])
    assert [r["name"] for r in json.loads(capsys.readouterr().out)] == list(RULE_SETS)


@pytest.mark.parametrize("rules", list(RULE_SETS.values()), ids=list(RULE_SETS))
def test_every_family_draws_a_well_formed_svg(rules: object) -> None:
    from domainrules.rulesets import RuleSet

    assert isinstance(rules, RuleSet)
    for family in rules.families:
        svg = timeline_svg(family, rules.name)
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        life = family.lifecycle
        if life.redemption_days:
            first = life.renewal_grace_days + 1
            assert f"days {first}-{first + life.redemption_days - 1}" in svg


def test_svg_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "alibaba-2022", "--svg", "hk"]) == 0
    assert capsys.readouterr().out.startswith("<svg")
    assert main(["rules", "alibaba-2022", "--svg", "nope"]) == 2
    assert "has no family 'nope'" in capsys.readouterr().err
    assert main(["rules", "--svg", "hk"]) == 2
