"""``domainrules timeline``."""

from __future__ import annotations

import json

import pytest

from domainrules.cli import main


def test_table_shows_spans_days_in_the_registry_zone_and_the_phase_at(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(
        [
            "timeline",
            "example.cn",
            "--expires",
            "2025-03-01T06:00:00+08:00",
            "--at",
            "2025-04-05T00:00:00+08:00",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "registry zone Asia/Shanghai" in out
    assert "days 31-44 (2025-04-01 .. 2025-04-14)" in out
    assert "redemption ends at      2025-04-13T22:00:00+00:00" in out
    assert "phase       redemption (certain)" in out
    assert "permitted   redeem" in out
    assert "DNS         suspended" in out


def test_near_a_redemption_boundary_the_phase_is_uncertain(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(
        [
            "timeline",
            "example.cn",
            "--expires",
            "2025-03-01T06:00:00+08:00",
            "--at",
            "2025-03-30T12:00:00Z",
        ]
    )
    out = capsys.readouterr().out
    assert "renewal-grace (uncertain: it may be renewal-grace or redemption" in out
    assert "24 hours" in out


def test_json_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    main(
        [
            "timeline",
            "例子.中国",
            "--expires",
            "2025-03-01T06:00:00+08:00",
            "--at",
            "2025-03-30T12:00:00Z",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "xn--fsqu00a.xn--fiqs8s"
    assert data["unicode"] == "例子.中国"
    assert data["rules"] == "alibaba-2022"
    assert data["expires_at"] == "2025-02-28T22:00:00+00:00"
    assert [s["phase"] for s in data["spans"]] == [
        "active",
        "renewal-grace",
        "redemption",
        "released",
    ]
    assert data["spans"][2]["first_day_number"] == 31
    assert data["spans"][2]["last_day"] == "2025-04-14"
    assert data["phase"] == "renewal-grace"
    assert data["possible_phases"] == ["renewal-grace", "redemption"]
    assert data["uncertain"] is True
    assert data["permitted"] == ["modify-contacts", "renew", "transfer-out"]
    assert data["resolution"] == "may-be-suspended"
    assert data["milestones"]["available_at"] == "2025-04-13T22:00:00+00:00"


def test_rules_option_picks_another_rule_set(capsys: pytest.CaptureFixture[str]) -> None:
    main(
        [
            "timeline",
            "example.cn",
            "--expires",
            "2025-03-01T06:00:00+08:00",
            "--rules",
            "cnnic-registry",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert data["rules"] == "cnnic-registry"
    assert data["spans"][2]["last_day_number"] == 45


def test_at_defaults_to_now(capsys: pytest.CaptureFixture[str]) -> None:
    main(["timeline", "example.com", "--expires", "2999-01-01T00:00:00Z", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["phase"] == "active"
    assert data["at"].endswith("+00:00")


def test_timeline_shows_the_pre_release(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["timeline", "example.com", "--expires", "2025-01-01T00:00:00Z"]
    main([*args, "--at", "2025-02-05T00:00:00Z", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["pre_release"] == {
        "from": "2025-01-31T00:00:00+00:00",
        "holder_may_redeem": True,
        "winning_bidder_gets_it_at": "2025-03-01T00:00:00+00:00",
    }
    assert data["milestones"]["pre_release_from"] == "2025-01-31T00:00:00+00:00"
    assert data["may_be_pre_released"] is True
    main([*args, "--at", "2025-01-05T00:00:00Z"])
    text = capsys.readouterr().out
    assert "pre-release from        2025-01-31T00:00:00+00:00" in text
    assert "it goes to the winning bidder" in text
    assert "may be listed for auction" not in text  # not yet in redemption


def test_timeline_without_a_pre_release(capsys: pytest.CaptureFixture[str]) -> None:
    main(
        [
            "timeline",
            "example.hk",
            "--expires",
            "2025-01-01T00:00:00+08:00",
            "--rules",
            "alibaba-hk-newer",
            "--at",
            "2025-01-05T00:00:00Z",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert data["pre_release"] is None and "pre_release_from" not in data["milestones"]
    assert data["may_be_pre_released"] is False


@pytest.mark.parametrize(
    ("at", "said"),
    [
        ("2025-02-20T00:00:00Z", "renew by 2025-02-28T22:00:00+00:00 (8 days left)"),
        ("2025-03-10T00:00:00Z", "renew by 2025-03-30T22:00:00+00:00 (20 days left)"),
        ("2025-04-10T00:00:00Z", "redeem by 2025-04-13T22:00:00+00:00 (3 days left)"),
        ("2025-05-10T00:00:00Z", "nothing keeps it now: it is gone"),
    ],
)
def test_the_text_timeline_says_what_to_do_by_when(
    capsys: pytest.CaptureFixture[str], at: str, said: str
) -> None:
    main(["timeline", "example.cn", "--expires", "2025-03-01T06:00:00+08:00", "--at", at])
    assert f"  next        {said}" in capsys.readouterr().out


def test_svg_has_real_dates_and_a_marker_at_the_instant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import xml.etree.ElementTree as ET

    status = main(
        [
            "timeline",
            "example.cn",
            "--expires",
            "2025-03-01T06:00:00+08:00",
            "--at",
            "2025-04-05T00:00:00+08:00",
            "--svg",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    root = ET.fromstring(out)  # well-formed
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    # Each boundary's date in the registry's zone: expiry, grace end, redemption end.
    for day in ("2025-03-01", "2025-03-31", "2025-04-14"):
        assert day in texts, texts
    assert "at 2025-04-05" in texts
    assert any(t and t.startswith("pre-release from 2025-03-31") for t in texts)
    # The marker sits between the redemption's start and end.
    lines = {
        (line.get("stroke"), float(line.get("x1", 0)))
        for line in root.iter("{http://www.w3.org/2000/svg}line")
    }
    marker = next(x for stroke, x in lines if stroke == "#d32f2f")
    rects = [r for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    redemption = next(r for r in rects if r.get("fill") == "#e65100")
    x, width = float(redemption.get("x", 0)), float(redemption.get("width", 0))
    assert x < marker < x + width


def test_svg_without_at_marks_now(capsys: pytest.CaptureFixture[str]) -> None:
    main(["timeline", "example.com", "--expires", "2025-01-01T00:00:00Z", "--svg"])
    assert ">now 20" in capsys.readouterr().out
