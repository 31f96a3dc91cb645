"""A suffix family's life after expiry as an SVG picture, drawn from the rule set's numbers.

A pure function (text out, no I/O) so that the docs build and ``domainrules rules NAME
--svg FAMILY`` draw the same picture from the same data.

>>> from domainrules import DEFAULT_RULE_SET
>>> svg = timeline_svg(DEFAULT_RULE_SET.family("cnnic"), "alibaba-2022")
>>> svg.startswith("<svg"), "days 31-44" in svg, "redemption" in svg, "pre-release" in svg
(True, True, True, True)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from domainrules.instants import local_date
from domainrules.lifecycle import Lifecycle
from domainrules.names import to_unicode
from domainrules.registry import SideBySide
from domainrules.rulesets import SuffixFamily

__all__ = ["domain_timeline_svg", "side_by_side_svg", "timeline_svg"]

# Colours chosen to read in both light and dark page themes.
_COLOURS = {
    "active": "#4caf50",
    "renewal-grace": "#ffb300",
    "redemption": "#e65100",
    "pending-delete": "#8d6e63",
    "released": "#9e9e9e",
    "deleted": "#9e9e9e",
}
_WIDTH = 760
_HEIGHT = 124
_BAR_Y = 54
_BAR_H = 26
# A label wider than its bar is moved one line further out, so neighbours do not collide.
_CHAR_W = 6.5
_LINE = 14
_LEFT = 10
_ACTIVE_W = 84
_END_W = 110


def timeline_svg(family: SuffixFamily, rule_set: str = "") -> str:
    """The phases of ``family`` after expiry, each bar as long as its days."""
    life = family.lifecycle
    periods = [
        ("renewal-grace", "renewal grace", life.renewal_grace_days),
        ("redemption", "redemption", life.redemption_days),
        ("pending-delete", "waiting for deletion", life.pending_delete_days),
    ]
    periods = [p for p in periods if p[2] > 0]
    total = sum(p[2] for p in periods) or 1
    scale = (_WIDTH - 2 * _LEFT - _ACTIVE_W - _END_W) / total
    suffixes = ", ".join("." + to_unicode(t) for t in sorted(family.tlds))
    title = f"{family.name}: {suffixes}" + (f" ({rule_set})" if rule_set else "")
    # A line of text below the bars says from which day the domain may be auctioned.
    height = _HEIGHT + (_LINE + 4 if life.pre_release is not None else 0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
        f'width="{_WIDTH}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="{_LEFT}" y="16" font-weight="bold" fill="currentColor">{escape(title)}</text>',
    ]

    def bar(x: float, width: float, key: str, label: str, below: str) -> None:
        middle = x + width / 2
        up = _LINE if len(label) * _CHAR_W > width else 0
        down = _LINE if len(below) * _CHAR_W > width else 0
        parts.append(
            f'<rect x="{x:.1f}" y="{_BAR_Y}" width="{width:.1f}" height="{_BAR_H}" '
            f'fill="{_COLOURS[key]}"><title>{escape(label)}: {escape(below)}</title></rect>'
        )
        parts.append(
            f'<text x="{middle:.1f}" y="{_BAR_Y - 6 - up}" text-anchor="middle" '
            f'fill="currentColor">{escape(label)}</text>'
        )
        parts.append(
            f'<text x="{middle:.1f}" y="{_BAR_Y + _BAR_H + 16 + down}" text-anchor="middle" '
            f'fill="currentColor">{escape(below)}</text>'
        )

    x: float = _LEFT
    bar(x, _ACTIVE_W, "active", "active", "until expiry")
    x += _ACTIVE_W
    parts.append(
        f'<line x1="{x}" y1="{_BAR_Y - 4}" x2="{x}" y2="{_BAR_Y + _BAR_H + 4}" '
        'stroke="currentColor" stroke-width="2"/>'
    )
    day = 0
    for key, label, length in periods:
        width = length * scale
        bar(x, width, key, label, f"{length} days: days {day + 1}-{day + length}")
        if key == "redemption" and life.pre_release is not None:
            first = day + 1 + life.pre_release.from_redemption_day
            start = x + life.pre_release.from_redemption_day * scale
            parts.append(
                f'<line x1="{start:.1f}" y1="{_BAR_Y + _BAR_H}" x2="{start:.1f}" '
                f'y2="{height - 18}" stroke="currentColor" stroke-dasharray="3 2"/>'
            )
            parts.append(
                f'<text x="{_LEFT}" y="{height - 6}" fill="currentColor">pre-release: '
                f"from day {first} the registrar may list it for auction; not redeemed, "
                "it goes to the winning bidder</text>"
            )
        x += width
        day += length
    bar(x, _END_W, life.then.value, life.then.value, f"from day {day + 1}")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --- the registrar and the registry on one timeline (domainrules timeline --registry --svg)

_REGISTRY_COLOURS = {
    "ok": "#4caf50",
    "addPeriod": "#81c784",
    "renewPeriod": "#81c784",
    "transferPeriod": "#81c784",
    "autoRenewPeriod": "#ffb300",
    "redemptionPeriod": "#e65100",
    "pendingRestore": "#ff7043",
    "pendingDelete": "#8d6e63",
    "purged": "#9e9e9e",
}
_LANE_H = 22
_OPEN_W = 90  # the open-ended first and last bars


def side_by_side_svg(both: SideBySide, *, registry_lane: bool = True) -> str:
    """The registrar's phases above the registry's states, on one scale of days after
    the expiry, so the renewal grace shows inside the auto-renew grace.

    >>> from domainrules.registry import side_by_side
    >>> from domainrules.rulesets import NOMULUS_DEFAULTS
    >>> svg = side_by_side_svg(side_by_side("example.com", "2025-01-01T00:00:00Z", registry=NOMULUS_DEFAULTS))
    >>> svg.startswith("<svg"), "autoRenewPeriod" in svg, "renewal-grace" in svg
    (True, True, True)
    """
    life = both.lifecycle
    expiry = life.expires_at
    registrar = [(s.phase.value, s.start, s.end) for s in life.spans]
    registry = [(s.label, s.start, s.end) for s in both.registry_spans]
    ends = [end for _, _, end in registrar + registry if end is not None]
    last = max(ends) if ends else expiry
    total = max((last - expiry).total_seconds() / 86400, 1.0)
    scale = (_WIDTH - 2 * _LEFT - 2 * _OPEN_W - 120) / total
    x0 = _LEFT + 120 + _OPEN_W  # the expiry
    lanes = [("registrar", registrar)] + ([("registry", registry)] if registry_lane else [])
    height = 60 + len(lanes) * (_LANE_H + 34) + 10
    title = f"{life.name.unicode}: the registrar's phases and the registry's states"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
        f'width="{_WIDTH}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="{_LEFT}" y="16" font-weight="bold" fill="currentColor">{escape(title)}</text>',
    ]

    def x_of(instant: datetime | None, *, start: bool) -> float:
        if instant is None:
            return x0 - _OPEN_W if start else x0 + total * scale + _OPEN_W
        return x0 + (instant - expiry).total_seconds() / 86400 * scale

    y = 40
    for lane, spans in lanes:
        parts.append(f'<text x="{_LEFT}" y="{y + _LANE_H - 6}" fill="currentColor">{lane}</text>')
        for index, (label, start, end) in enumerate(spans):
            left, right = x_of(start, start=True), x_of(end, start=False)
            if right - left <= 0:
                continue
            colour = _COLOURS.get(label) or _REGISTRY_COLOURS.get(label.split("+")[0], "#9e9e9e")
            days = (
                ""
                if start is None or end is None
                else f" ({(end - start).total_seconds() / 86400:g} days)"
            )
            when = " .. ".join("-" if t is None else t.isoformat() for t in (start, end))
            parts.append(
                f'<rect x="{left:.1f}" y="{y}" width="{right - left:.1f}" height="{_LANE_H}" '
                f'fill="{colour}" stroke="#ffffff"><title>{escape(label)}{days}: {escape(when)}</title></rect>'
            )
            # Labels alternate above and below so that short neighbours do not collide.
            below = index % 2 == 1
            ty = y + _LANE_H + 13 if below else y - 4
            parts.append(
                f'<text x="{(left + right) / 2:.1f}" y="{ty}" text-anchor="middle" '
                f'fill="currentColor">{escape(label)}</text>'
            )
        y += _LANE_H + 34
    parts.append(
        f'<line x1="{x0}" y1="30" x2="{x0}" y2="{y - 20}" stroke="currentColor" '
        'stroke-width="2" stroke-dasharray="4 2"/>'
    )
    parts.append(
        f'<text x="{x0 + 3}" y="{y - 8}" fill="currentColor">expiry {expiry.date().isoformat()}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


_DOMAIN_HEIGHT = 150
_NOW = "#d32f2f"


def domain_timeline_svg(life: Lifecycle, at: datetime, *, now_label: str = "now") -> str:
    """One domain's phases on a time axis of real dates, with a marker at ``at``.

    Each boundary is labelled with its date in the registry's zone; the axis runs from
    a month before the expiry (or ``at``, if earlier) to a fortnight after the name is
    released (or ``at``, if later).

    >>> from datetime import timezone
    >>> from domainrules import lifecycle_of
    >>> life = lifecycle_of("example.cn", "2025-03-01T06:00:00+08:00")
    >>> svg = domain_timeline_svg(life, datetime(2025, 4, 5, tzinfo=timezone.utc))
    >>> "2025-03-01" in svg, "now 2025-04-05" in svg, "redemption" in svg
    (True, True, True)
    """
    zone = life.family.lifecycle.zone
    spans = life.spans
    last_end = spans[-1].start or life.expires_at
    start = min(at, life.expires_at - timedelta(days=30))
    end = max(at, last_end + timedelta(days=14))
    left, right = _LEFT, _WIDTH - _LEFT
    scale = (right - left) / (end - start).total_seconds()

    def x_of(instant: datetime) -> float:
        return left + (instant - start).total_seconds() * scale

    name = life.name.unicode if life.name.is_idn else life.name.ascii
    title = (
        f"{name}: expires {local_date(life.expires_at, zone).isoformat()} ({zone}); "
        f"{life.family.name}, {life.rules.name}"
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_DOMAIN_HEIGHT}" '
        f'width="{_WIDTH}" height="{_DOMAIN_HEIGHT}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="{_LEFT}" y="16" font-weight="bold" fill="currentColor">{escape(title)}</text>',
    ]
    labels_up = 0
    for span in spans:
        x1 = x_of(span.start) if span.start is not None else left
        x2 = x_of(span.end) if span.end is not None else right
        key = span.phase.value
        label = key.replace("-", " ")
        parts.append(
            f'<rect x="{x1:.1f}" y="{_BAR_Y}" width="{max(x2 - x1, 0.5):.1f}" height="{_BAR_H}" '
            f'fill="{_COLOURS[key]}"><title>{escape(str(span))}</title></rect>'
        )
        # A label wider than its bar alternates above, one line further out.
        up = _LINE * (labels_up % 2) if len(label) * _CHAR_W > x2 - x1 else 0
        labels_up += 1 if up or len(label) * _CHAR_W > x2 - x1 else 0
        parts.append(
            f'<text x="{(x1 + x2) / 2:.1f}" y="{_BAR_Y - 6 - up}" text-anchor="middle" '
            f'fill="currentColor">{escape(label)}</text>'
        )
    # Each boundary: a tick and its date in the registry's zone, alternating rows.
    for index, span in enumerate(spans[1:]):
        boundary = span.start
        if boundary is None:
            continue
        x = x_of(boundary)
        y = _BAR_Y + _BAR_H + 16 + _LINE * (index % 2)
        parts.append(
            f'<line x1="{x:.1f}" y1="{_BAR_Y}" x2="{x:.1f}" y2="{y - 11}" '
            'stroke="currentColor" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y}" text-anchor="middle" fill="currentColor">'
            f"{local_date(boundary, zone).isoformat()}</text>"
        )
    if life.pre_release_from is not None:
        x = x_of(life.pre_release_from)
        parts.append(
            f'<line x1="{x:.1f}" y1="{_BAR_Y + _BAR_H}" x2="{x:.1f}" y2="{_BAR_Y + _BAR_H + 46}" '
            'stroke="currentColor" stroke-dasharray="3 2"/>'
        )
        parts.append(
            f'<text x="{x + 3:.1f}" y="{_BAR_Y + _BAR_H + 46}" fill="currentColor">'
            f"pre-release from {local_date(life.pre_release_from, zone).isoformat()}</text>"
        )
    x = x_of(at)
    marker = f"{now_label} {local_date(at, zone).isoformat()}"
    anchor = "end" if x > _WIDTH - 80 else "start"
    parts.append(
        f'<line x1="{x:.1f}" y1="{_BAR_Y - 20}" x2="{x:.1f}" y2="{_BAR_Y + _BAR_H + 4}" '
        f'stroke="{_NOW}" stroke-width="2"><title>{escape(at.isoformat())}</title></line>'
    )
    parts.append(
        f'<text x="{x + (3 if anchor == "start" else -3):.1f}" y="{_BAR_Y - 22}" '
        f'text-anchor="{anchor}" fill="{_NOW}">{escape(marker)}</text>'
    )
    parts.append(
        f'<text x="{_LEFT}" y="{_DOMAIN_HEIGHT - 6}" fill="currentColor">dates in {zone}; '
        f"axis {local_date(start, zone).isoformat()} .. {local_date(end, zone).isoformat()}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
