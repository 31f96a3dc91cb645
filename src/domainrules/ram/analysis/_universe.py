"""The universe: the texts a request can hold, as NFAs (the request grammar).

The analysis searches the cells of the policies' patterns *within* these languages,
so every witness it finds is a text a request can name: a raw action
(``service:name``), a raw resource (``acs:service:region:account:relative-id``, the
domain name canonical), or, in the catalog universe, an account resource with a
domain name or ``*``. Each NFA over-approximates where noted; a witness is always
confirmed by the real checks before it is used.
"""

from __future__ import annotations

from domainrules.ram.analysis._automaton import ANY, Except, Label, Nfa, literal_nfa, sequence_nfa
from domainrules.ram.arn import canonical_resource
from domainrules.ram.errors import InvalidArnError, InvalidRequestError
from domainrules.ram.evaluate import Request

__all__ = [
    "account_resource_nfa",
    "domain_name_nfa",
    "realistic_resources",
    "repaired_resources",
    "request_action_nfa",
    "request_resource_nfa",
]

# Realistic witnesses, tried before the automaton's shortest strings.
_REALISTIC_ACCOUNT = "1234567890"
_REALISTIC_DOMAIN = "example.com"
_REALISTIC_RESOURCES = (
    f"acs:domain:*:{_REALISTIC_ACCOUNT}:domain/{_REALISTIC_DOMAIN}",
    f"acs:domain:*:{_REALISTIC_ACCOUNT}:*",
)
_LDH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_LETTERS_DIGITS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_DIGITS = frozenset("0123456789")


def domain_name_nfa(prefix: str) -> Nfa:
    """``prefix`` then a domain name in canonical form: LDH labels joined by dots.

    An over-approximation (label lengths and IDNA rules are not encoded): a witness
    is always confirmed by the real canonicalization before it is used.

    >>> nfa = domain_name_nfa("domain/")
    >>> nfa.accepts("domain/example.com"), nfa.accepts("domain/Example.com")
    (True, False)
    """
    base = len(prefix)
    states: list[list[tuple[Label, int]]] = [[(c, i + 1)] for i, c in enumerate(prefix)]
    # base: start of a label; base+1: inside a label, after a letter or digit
    # (accepting); base+2: inside a label, after a hyphen.
    states.append([(_LETTERS_DIGITS, base + 1)])
    states.append([(_LETTERS_DIGITS, base + 1), ("-", base + 2), (".", base)])
    states.append([(_LETTERS_DIGITS, base + 1), ("-", base + 2)])
    return Nfa(tuple(tuple(s) for s in states), frozenset({base + 1}))


class _Builder:
    """An NFA written state by state (start state 0)."""

    def __init__(self) -> None:
        self.states: list[list[tuple[Label, int]]] = [[]]
        self.accepting: set[int] = set()

    def new(self, *, accepting: bool = False) -> int:
        self.states.append([])
        if accepting:
            self.accepting.add(len(self.states) - 1)
        return len(self.states) - 1

    def edge(self, source: int, label: Label, target: int) -> None:
        self.states[source].append((label, target))

    def text(self, source: int, text: str) -> int:
        for char in text:
            target = self.new()
            self.edge(source, char, target)
            source = target
        return source

    def nfa(self) -> Nfa:
        return Nfa(tuple(tuple(s) for s in self.states), frozenset(self.accepting))


_SERVICE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_NAME_CHARS = frozenset(_LDH | {"."})
_NONZERO = frozenset("123456789")


def _region_account(builder: _Builder, *sources: int) -> int:
    """``:region:account:`` after ``sources``: a region without ``:``, an account id."""
    region = builder.new()
    for source in sources:
        builder.edge(source, ":", region)
    builder.edge(region, Except(frozenset(":")), region)
    account = builder.new()
    builder.edge(region, ":", account)
    digits = builder.new()
    zero = builder.new()
    builder.edge(account, _NONZERO, digits)
    builder.edge(digits, _DIGITS, digits)
    builder.edge(account, "0", zero)
    relative = builder.new()
    for state in (account, digits, zero):
        builder.edge(state, ":", relative)
    return relative


def request_resource_nfa() -> Nfa:
    """The resource texts a request can hold, as checked and canonicalized.

    ``acs:<service>:<region>:<account>:<relative-id>``: a lower-case service, a region
    without ``:``, an account id (canonical digits) or nothing; for the ``domain``
    service a relative id starting ``domain/`` holds a domain name in canonical form.
    The name is over-approximated (LDH characters and dots; label lengths and IDNA
    rules are not encoded) and whitespace is not excluded: a witness is always
    confirmed by the real check before it is used.

    >>> nfa = request_resource_nfa()
    >>> [nfa.accepts(t) for t in ("acs:domain:*:1:domain/a.com", "acs:domain:*:1:domain/A.com",
    ...     "acs:ecs:*:1:domain/A", "acs:domain:*:01:*", "acs:domain::0:x", "x")]
    [True, False, True, False, True, False]
    """
    b = _Builder()
    service = b.text(0, "acs:")
    # The domain service: a relative id "domain/..." must hold a canonical name.
    domain = b.text(service, "domain")
    relative = _region_account(b, domain)
    free = b.new(accepting=True)
    b.edge(free, ANY, free)
    current = relative
    b.accepting.add(current)
    for char in "domain/":
        b.edge(current, Except(frozenset(char)), free)
        following = b.new(accepting=char != "/")
        b.edge(current, char, following)
        current = following
    name = b.new(accepting=True)
    b.edge(current, _NAME_CHARS, name)
    b.edge(name, _NAME_CHARS, name)
    # Any other service (lower-case letters, digits, '-'; not "domain"): any relative id.
    other = b.new()
    b.edge(other, _SERVICE_CHARS, other)
    prefix = service
    ends = [other]
    for index, char in enumerate("domain"):
        b.edge(prefix, _SERVICE_CHARS - {char}, other)
        following = b.new()
        b.edge(prefix, char, following)
        if index < 5:
            ends.append(following)  # a proper prefix of "domain" is another service
        prefix = following
    b.edge(prefix, _SERVICE_CHARS, other)  # "domain" and more
    anything = _region_account(b, *ends)
    b.accepting.add(anything)
    b.edge(anything, ANY, anything)
    return b.nfa()


def request_action_nfa() -> Nfa:
    """The actions a request can name, lower-cased as evaluation compares them.

    >>> nfa = request_action_nfa()
    >>> [nfa.accepts(t) for t in ("domain:querydomainlist", "domain:", "a b:c", "x:y:z")]
    [True, False, False, False]
    """
    name = frozenset(chr(c) for c in range(0x21, 0x7F) if chr(c) != ":" and not chr(c).isupper())
    return sequence_nfa([(_SERVICE_CHARS, True), (":", False), (name, True)])


def account_resource_nfa(head: str, tail: Nfa | str) -> Nfa:
    """``head``, an account id (canonical digits), ``:``, then ``tail`` (text or an NFA).

    >>> nfa = account_resource_nfa("acs:domain:*:", "*")
    >>> [nfa.accepts(t) for t in ("acs:domain:*:1234567890:*", "acs:domain:*:01:*")]
    [True, False]
    """
    b = _Builder()
    account = b.text(0, head)
    digits = b.new()
    zero = b.new()
    b.edge(account, _NONZERO, digits)
    b.edge(digits, _DIGITS, digits)
    b.edge(account, "0", zero)
    colon = b.new(accepting=True)
    b.edge(digits, ":", colon)
    b.edge(zero, ":", colon)
    front = b.nfa()
    back = literal_nfa(tail) if isinstance(tail, str) else tail
    return _concat(front, back)


def _concat(first: Nfa, second: Nfa) -> Nfa:
    """``first`` then ``second``; ``first`` must have one accepting state with no exit."""
    (joint,) = first.accepting
    offset = joint
    states = [list(s) for s in first.transitions[:joint]]
    for transitions in second.transitions:
        states.append([(label, target + offset) for label, target in transitions])
    return Nfa(tuple(tuple(s) for s in states), frozenset(a + offset for a in second.accepting))


def _valid_action(text: str) -> bool:
    """Whether a request can name ``text`` as its action."""
    try:
        Request(text, "acs:a:::")
    except InvalidRequestError:
        return False
    return True


def _valid_resource(text: str) -> bool:
    """Whether a request can name ``text`` as its resource, as written."""
    try:
        return canonical_resource(text) == text
    except InvalidArnError:
        return False


def _catalog_resource_candidates(witness: str) -> list[str]:
    head = "acs:domain:*:"
    account, _, rest = witness[len(head) :].partition(":")
    names = [rest]
    if rest.startswith("domain/"):
        names = [f"domain/{_REALISTIC_DOMAIN}", f"domain/{rest[7:]}.com", rest]
    return [f"{head}{a}:{n}" for a in (_REALISTIC_ACCOUNT, account) for n in names]


def realistic_resources(witness: str) -> list[str]:
    """Texts like ``witness`` that look like real requests, most realistic first.

    The shortest text of a cell (``acs:domain:::domain/a``) proves the point but reads
    like noise: the region becomes ``*`` (as every Domains request names it), an empty
    or short account a real-looking one, a one-letter domain a name with a suffix.
    """
    parts = witness.split(":", 4)
    if len(parts) != 5 or parts[0] != "acs":
        return []
    _, service, region, account, relative = parts
    regions = dict.fromkeys(["*" if service == "domain" else "cn-hangzhou", region])
    accounts = dict.fromkeys([_REALISTIC_ACCOUNT, account])
    relatives = [relative]
    if relative.startswith("domain/"):
        name = relative[7:]
        relatives = [f"domain/{_REALISTIC_DOMAIN}", f"domain/{name}.com", relative]
    return [
        f"acs:{service}:{r}:{a}:{n}"
        for r in regions
        for a in accounts
        for n in dict.fromkeys(relatives)
        if f"acs:{service}:{r}:{a}:{n}" != witness
    ]


def repaired_resources(witness: str) -> list[str]:
    """Texts like ``witness`` with the fields a request checks made valid.

    The shortest text of a cell often leaves the service empty or puts a letter in the
    account (``acs:::1a3:x`` for ``acs:*:*:1?3:x``): a service name and digits there
    keep the patterns that matched matching (a caller checks that they do) and make a
    request that can be checked, without searching the request grammar.

    >>> repaired_resources("acs:::1a3:bucket/x")[:3]
    ['acs:x::113:bucket/x', 'acs:x::1a3:bucket/x', 'acs:::113:bucket/x']
    >>> repaired_resources("acs:domain::5555:domain/a:b")[-1]
    'acs:domain:::5555:domain/a:b'

    """
    parts = witness.split(":", 4)
    if len(parts) != 5 or parts[0] != "acs":
        return []
    _, service, region, account, relative = parts
    digits = "".join(c if c.isdigit() else "1" for c in account)
    if digits.startswith("0") and len(digits) > 1:
        digits = "1" + digits[1:]
    services = dict.fromkeys([service or "x", service])
    accounts = dict.fromkeys([digits, account])
    found = [f"acs:{s}:{region}:{a}:{relative}" for s in services for a in accounts]
    # A relative id that is no domain name (``domain/a:b``), moved one field on: the
    # account left empty, the rest a relative id of any kind (the stars that reached
    # across the fields reach one ``:`` further).
    found.extend(f"acs:{s}:{region}::{account}:{relative}" for s in services)
    return [text for text in dict.fromkeys(found) if text != witness]
