"""Shared hypothesis strategies for the lifecycle and names properties."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import assume
from hypothesis import strategies as st

from domainrules import DomainName, PublicSuffixError

# Registrable names across every family of the default rule set, in forms a
# user would type: any case, Unicode or A-labels, an optional trailing dot.
SUFFIXES = [
    "com",
    "net",
    "org",
    "xyz",
    "cc",
    "tv",
    "me",
    "so",
    "info",
    "cn",
    "com.cn",
    "gov.cn",
    "中国",
    "xn--fiqs8s",
    "公司",
    "网络",
    "网络.cn",
    "hk",
    "香港",
]

_LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True).filter(
    lambda label: label[2:4] != "--"
)
_IDN_LABEL = st.sampled_from(["例子", "bücher", "测试", "도메인", "пример"])


def _is_public_suffix(text: str) -> bool:
    try:
        DomainName.parse(text)
    except PublicSuffixError:
        return True
    return False


@st.composite
def domain_texts(draw: st.DrawFn) -> str:
    """Text of a registrable name under a default-rule-set suffix, as a user might type it."""
    label = draw(st.one_of(_LABEL, _IDN_LABEL))
    text = f"{label}.{draw(st.sampled_from(SUFFIXES))}"
    # A random label may spell a public suffix itself (ha.cn, the Henan province
    # suffix): not a registrable name.
    assume(not _is_public_suffix(text))
    if draw(st.booleans()):
        text = text.upper()
    if draw(st.booleans()):
        text += "."
    return text


offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)

#: Aware instants in a wide range, in any fixed offset.
instants = st.builds(
    lambda naive, zone: naive.replace(tzinfo=timezone.utc).astimezone(zone),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
    offsets,
)


def near(anchor: datetime) -> st.SearchStrategy[datetime]:
    """Instants within about 200 days of ``anchor``, where every phase boundary lies."""
    return st.integers(min_value=-200 * 86_400_000_000, max_value=200 * 86_400_000_000).map(
        lambda us: anchor + timedelta(microseconds=us)
    )
