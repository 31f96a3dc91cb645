"""Benchmark of the RAM engine: microseconds per decision, ratios measured in one run.

(A) the documented policies plus a Deny, random Domains API calls over 1,000 domains:
    this engine (PolicySet.evaluate on built requests, and authorize() on domain names,
    canonicalization included), the to-the-letter reference evaluator, a plain
    "dicts + fnmatch" evaluator, and cedarpy (optional: ``pip install cedarpy``) with
    equivalent Cedar policies, a pre-parsed policy set, batched.
(B) 10,000 one-domain grants against 10.
(C) a 50-star pattern against a 10,000-character resource.

Run: ``python benchmarks/ram.py``. Nothing here is asserted; the figures vary by machine.
"""

from __future__ import annotations

import fnmatch
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from domainrules.ram import (
    ALIYUN_DOMAIN_READONLY_ACCESS,
    DEFAULT_CATALOG,
    DOCUMENTED_ONE_DOMAIN_POLICY,
    DOCUMENTED_READ_ONLY_POLICY,
    Policy,
    PolicySet,
    Request,
    authorize,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.reference.ram_reference import reference_evaluate

ACCOUNT = "1234567890"
SEED = 20260129


def per_call(function: Callable[[], Any], calls: int, repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in microseconds per call (``function`` makes ``calls``)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best / calls * 1e6


def deny_policy() -> Policy:
    return Policy.parse(
        {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Action": "domain:*",
                    "Resource": "acs:domain:*:*:domain/d7.com",
                }
            ],
        },
        name="DenyD7",
    )


def plain_evaluator(documents: Sequence[dict[str, Any]]) -> Callable[[str, str], str]:
    """The straightforward way: dicts as parsed, fnmatch per statement per request."""

    def as_list(value: Any) -> list[str]:
        return [value] if isinstance(value, str) else list(value)

    def decide(action: str, resource: str) -> str:
        allowed = False
        action = action.lower()
        for document in documents:
            for statement in document["Statement"]:
                actions = as_list(statement["Action"])
                if not any(fnmatch.fnmatchcase(action, a.lower()) for a in actions):
                    continue
                if not any(
                    fnmatch.fnmatchcase(resource, r) for r in as_list(statement["Resource"])
                ):
                    continue
                if statement["Effect"] == "Deny":
                    return "ExplicitDeny"
                allowed = True
        return "Allow" if allowed else "ImplicitDeny"

    return decide


def cedar_text(documents: Sequence[dict[str, Any]]) -> str:
    """Equivalent Cedar policies: the action and resource are matched with ``like``."""

    def like(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def as_list(value: Any) -> list[str]:
        return [value] if isinstance(value, str) else list(value)

    policies = []
    for document in documents:
        for statement in document["Statement"]:
            actions = " || ".join(
                f"context.action like {like(a.lower())}" for a in as_list(statement["Action"])
            )
            resources = " || ".join(
                f"context.resource like {like(r)}" for r in as_list(statement["Resource"])
            )
            effect = "forbid" if statement["Effect"] == "Deny" else "permit"
            policies.append(
                f"{effect}(principal, action, resource) when {{ ({actions}) && ({resources}) }};"
            )
    return "\n".join(policies)


def workload(count: int) -> list[tuple[str, list[str]]]:
    rng = random.Random(SEED)
    apis = sorted(DEFAULT_CATALOG.apis)
    domains = [f"d{i}.com" for i in range(1000)]
    domains[0], domains[1] = "example.com", "例子.中国"
    return [(rng.choice(apis), [rng.choice(domains)]) for _ in range(count)]


def requests_for(calls: list[tuple[str, list[str]]]) -> list[Request]:
    built = []
    for api, domains in calls:
        rule = DEFAULT_CATALOG.rule_for(api)
        if rule.scope == "domain":
            resource = f"acs:domain:*:{ACCOUNT}:domain/{domains[0]}"
        else:
            resource = f"acs:domain:*:{ACCOUNT}:*"
        built.append(Request(rule.action, resource))
    return built


def bench_a() -> dict[str, float]:
    policies = [
        DOCUMENTED_READ_ONLY_POLICY,
        DOCUMENTED_ONE_DOMAIN_POLICY,
        ALIYUN_DOMAIN_READONLY_ACCESS,
        deny_policy(),
    ]
    policy_set = PolicySet(policies)
    calls = workload(20_000)
    requests = requests_for(calls)
    documents = [p.to_mapping() for p in policies]
    named = [(p.name, d) for p, d in zip(policies, documents, strict=True)]
    plain = plain_evaluator(documents)
    pairs = [(r.action, r.resource) for r in requests]

    # The engines must agree before their speed means anything.
    for request in requests[:2000]:
        mine = policy_set.evaluate(request).outcome.value
        theirs = reference_evaluate(named, request.action, request.resource)[0]
        assert mine == theirs == plain(request.action, request.resource), request

    results = {
        "engine: PolicySet.evaluate": per_call(
            lambda: [policy_set.evaluate(r) for r in requests], len(requests)
        ),
        "engine: authorize(api, names)": per_call(
            lambda: [authorize(policy_set, api, ACCOUNT, names) for api, names in calls],
            len(calls),
        ),
        "reference evaluator (DP)": per_call(
            lambda: [reference_evaluate(named, a, r) for a, r in pairs[:1000]], 1000, repeat=1
        ),
        "plain dicts + fnmatch": per_call(lambda: [plain(a, r) for a, r in pairs], len(pairs)),
    }
    try:
        import cedarpy  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        print("  (cedarpy not installed: its column is skipped; pip install cedarpy)")
        return results
    cedar_policies = cedarpy.PolicySet.from_str(cedar_text(documents))
    entities = cedarpy.Entities.from_json_str("[]")
    cedar_requests = [
        {
            "principal": 'User::"u"',
            "action": 'Action::"call"',
            "resource": 'Resource::"r"',
            "context": {"action": a.lower(), "resource": r},
        }
        for a, r in pairs
    ]
    answers = cedarpy.is_authorized_batch(cedar_requests[:2000], cedar_policies, entities)
    for answer, (a, r) in zip(answers, pairs[:2000], strict=True):
        assert (answer.decision == cedarpy.Decision.Allow) == (plain(a, r) == "Allow"), (a, r)
    results["cedarpy (pre-parsed, batched)"] = per_call(
        lambda: cedarpy.is_authorized_batch(cedar_requests, cedar_policies, entities),
        len(cedar_requests),
    )
    return results


def bench_b() -> dict[str, float]:
    results = {}
    rng = random.Random(SEED)
    for size in (10, 10_000):
        grants = [
            Policy.parse(
                {
                    "Version": "1",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": "domain:DnsModification",
                            "Resource": f"acs:domain:*:*:domain/d{i}.com",
                        }
                    ],
                },
                name=f"grant-{i}",
            )
            for i in range(size)
        ]
        policy_set = PolicySet(grants)
        requests = [
            Request(
                "domain:DnsModification",
                f"acs:domain:*:{ACCOUNT}:domain/d{rng.randrange(2 * size)}.com",
            )
            for _ in range(20_000)
        ]
        results[f"{size:,} one-domain grants"] = per_call(
            lambda ps=policy_set, rs=requests: [ps.evaluate(r) for r in rs], len(requests), 5
        )
    return results


def bench_c() -> dict[str, float]:
    results = {}
    prefix = "acs:oss:*:1:object/"
    cases = {
        "*a x50 then *b, text of a's (no match)": (
            "acs:*" + "a*" * 50 + "b",
            prefix + "a" * (10_000 - len(prefix)),
        ),
        "*a x50 then *b, text of a's then b": (
            "acs:*" + "a*" * 50 + "b",
            prefix + "a" * (9_999 - len(prefix)) + "b",
        ),
        "*a? x50, text of a's": ("acs:*" + "a?*" * 50, prefix + "a" * (10_000 - len(prefix))),
    }
    for label, (pattern, text) in cases.items():
        policy_set = PolicySet(
            [
                Policy.parse(
                    {
                        "Version": "1",
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": pattern}],
                    }
                )
            ]
        )
        request = Request("domain:X", text)
        results[label] = per_call(lambda ps=policy_set, r=request: ps.evaluate(r), 1, repeat=5)
    return results


def main() -> None:
    print("(A) documented policies + a Deny, random API calls over 1,000 domains")
    a = bench_a()
    plain = a["plain dicts + fnmatch"]
    for label, micros in a.items():
        print(f"  {label:34} {micros:9.2f} us/decision   x{plain / micros:6.2f} vs plain")
    if "cedarpy (pre-parsed, batched)" in a:
        cedar = a["cedarpy (pre-parsed, batched)"]
        engine = a["engine: PolicySet.evaluate"]
        print(f"  engine is {cedar / engine:.1f}x faster than cedarpy")
    print("(B) one-domain grants")
    b = bench_b()
    for label, micros in b.items():
        print(f"  {label:34} {micros:9.2f} us/decision")
    small, large = b.values()
    print(f"  10,000 / 10 = {large / small:.2f}")
    print("(C) a 50-star pattern against a 10,000-character resource")
    for label, micros in bench_c().items():
        print(f"  {label:40} {micros / 1000:9.3f} ms/decision")


if __name__ == "__main__":
    main()
