"""Policy comparison: the exact analysis against brute-force evaluation, in one run.

    python benchmarks/analysis.py [--random 200] [--seed 7] [--only adversarial] [--short]
                                  [--no-smt]

``--short`` is a quick run (a few pairs per workload, no adversarial section).

Three workloads, each compared with ``domainrules.ram.compare``:
- realistic: the documented Domains policies (``domainrules.ram.domains``) and
  variations (one-domain managers, a Deny on one domain, IP and transport
  conditions, least-privilege policies), every ordered pair, raw and catalog universe;
- corpus: pairs of the real-world policies of ``tests/ram/corpus`` (every service,
  conditions of every family), each with itself and a random sample of pairs;
- random: pairs of random policies of 1 to 50 statements (catalog actions and
  Domains resources with wildcards, some conditions);
- globs: 10 against 10 and 20 against 20 random ARN patterns (the case where general
  regex libraries took seconds);
- adversarial: valid policies under the 6,144-character limit built to make the
  analysis work hard (many string-glob clauses on a few keys, many overlapping
  resource patterns, many condition keys, many statements), each compared once with
  the default budget: the time, the answer, what ran out, and the process's peak
  memory (the worst case the budget allows).
For each: the median and 99th percentile milliseconds per comparison, how many were
undecided within the budget, and the ratio to brute force: evaluating the same
question over a small finite universe of requests (every catalog API x 3 domains x 2
accounts x 4 contexts), which is slower and, unlike the analysis, not a proof.
In the raw universe each pair is also asked, in the same run, of an SMT formulation of
the same question (``smt_formulation.py``: z3's string and bit-vector theories, as
Zelkova does; the ``[bench]`` extra installs z3-solver): its median and p99, the ratio
of its times to the analysis's, how many answers agree (pairs both decided), and how
many pairs it does not encode or could not decide within its 10 s timeout.
Machines are shared and noisy: compare ratios, not absolute figures.

Where the time goes where the issue's targets are not met (random pairs of 6 statements
and more, raw universe; measured by timing each stage of 10 pairs of 21-50 statements):
a third to two thirds in the resource automaton, and the rest about evenly in the
search of the condition cells (one per distinct set of statements a cell lets through,
thousands of them) and in confirming witnesses with the evaluator (up to three per
region, and such pairs have 500-3,000 regions). The automaton is large there because
the raw universe lets a relative id hold ``:``: a star in the region field of
``acs:domain:*:5555:domain/e?ample.c*`` can reach across the fields into it, and the
automaton follows each of 20-36 such patterns with ``?`` through every text, 10,000 to
90,000 states; the statements' patterns are mostly their own owners, so the early
stops do not apply. Pattern states that need a character the request grammar can no
longer produce are dropped, which is what keeps domain names (no ``:``) cheap. The
catalog universe (actions and resources of the Domains catalog) answers the same pairs
in tenths of a second. The SMT formulation does not answer those pairs within its 10 s
timeout; on the ARN pattern pairs it is now slower than the analysis.
"""

from __future__ import annotations

import argparse
import json
import random
import resource as rusage
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from domainrules.ram import (
    ALIYUN_DOMAIN_FULL_ACCESS,
    ALIYUN_DOMAIN_READONLY_ACCESS,
    DEFAULT_CATALOG,
    DOCUMENTED_ONE_DOMAIN_POLICY,
    DOCUMENTED_READ_ONLY_POLICY,
    Policy,
    PolicySet,
    Relation,
    Request,
    compare,
    least_privilege_policy,
    one_domain_manager_policy,
)

ACTIONS = sorted(DEFAULT_CATALOG.bound_actions)
DOMAINS = ("example.com", "example.net", "shop.example.cn")
ACCOUNTS = ("1234567890", "5555")
CONTEXTS: list[dict[str, Any]] = [
    {},
    {"acs:SourceIp": "10.1.2.3", "acs:SecureTransport": True},
    {"acs:SourceIp": "203.0.113.7", "acs:SecureTransport": False},
    {"acs:SourceIp": "10.1.2.3", "acs:CurrentTime": "2026-03-01T00:00:00Z"},
]


CORPUS = Path(__file__).resolve().parents[1] / "tests" / "ram" / "corpus"


def corpus_policies() -> list[Policy]:
    """The identity policies of the corpus that parse (the others are refusal cases)."""
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    found = []
    for entry in manifest["policies"]:
        if entry["kind"] == "identity" and "expected_refusal" not in entry:
            text = (CORPUS / entry["file"]).read_text(encoding="utf-8")
            found.append(Policy.parse(text, name=entry["file"]))
    return found


def doc(name: str, *statements: dict[str, Any]) -> Policy:
    return Policy.parse({"Version": "1", "Statement": list(statements)}, name=name)


def realistic_policies() -> list[Policy]:
    protect = {
        "Effect": "Deny",
        "Action": "domain:*",
        "Resource": "acs:domain:*:*:domain/example.com",
    }
    office = {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}
    return [
        ALIYUN_DOMAIN_FULL_ACCESS,
        ALIYUN_DOMAIN_READONLY_ACCESS,
        DOCUMENTED_READ_ONLY_POLICY,
        DOCUMENTED_ONE_DOMAIN_POLICY,
        one_domain_manager_policy("example.net", name="net-manager"),
        doc("all-but-one", {"Effect": "Allow", "Action": "domain:*", "Resource": "*"}, protect),
        doc(
            "office-only",
            {"Effect": "Allow", "Action": "domain:*", "Resource": "*", "Condition": office},
        ),
        doc(
            "tls-only",
            {
                "Effect": "Allow",
                "Action": ["domain:Query*", "domain:Dns*"],
                "Resource": "acs:domain:*:*:*",
                "Condition": {"Bool": {"acs:SecureTransport": "true"}},
            },
        ),
        least_privilege_policy(
            ["SaveBatchTaskForModifyingDomainDns", "QueryDomainList"], "1234567890", DOMAINS
        ),
    ]


def random_pattern(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 2)):
        position = rng.randrange(len(chars))
        if rng.random() < 0.5:
            chars[position:] = ["*"]
        else:
            chars[position] = "?" if chars[position] not in ":*" else chars[position]
    return "".join(chars)


def random_statement(rng: random.Random) -> dict[str, Any]:
    actions = [random_pattern(rng, rng.choice(ACTIONS)) for _ in range(rng.randint(1, 3))]
    actions = [a if ":" in a and not a.endswith(":") else "domain:*" for a in actions]
    resources = []
    for _ in range(rng.randint(1, 2)):
        kind = rng.random()
        if kind < 0.2:
            resources.append("*")
        elif kind < 0.5:
            resources.append(f"acs:domain:*:{rng.choice(['*', *ACCOUNTS])}:*")
        else:
            name = (
                random_pattern(rng, rng.choice(DOMAINS))
                if rng.random() < 0.5
                else rng.choice(DOMAINS)
            )
            resources.append(f"acs:domain:*:{rng.choice(['*', *ACCOUNTS])}:domain/{name}")
    statement: dict[str, Any] = {
        "Effect": "Deny" if rng.random() < 0.2 else "Allow",
        "Action": actions,
        "Resource": resources,
    }
    roll = rng.random()
    if roll < 0.1:
        statement["Condition"] = {
            "IpAddress": {
                "acs:SourceIp": rng.choice(["10.0.0.0/8", "10.1.0.0/16", "203.0.113.0/24"])
            }
        }
    elif roll < 0.15:
        statement["Condition"] = {"Bool": {"acs:SecureTransport": "true"}}
    elif roll < 0.2:
        statement["Condition"] = {"DateLessThan": {"acs:CurrentTime": "2026-06-01T00:00:00Z"}}
    return statement


def random_policy(rng: random.Random, name: str, size: int) -> Policy:
    return Policy.parse(
        {"Version": "1", "Statement": [random_statement(rng) for _ in range(size)]},
        name=name,
        max_length=None,
    )


def brute_force(old: Policy, new: Policy) -> bool:
    """Whether some request of a small universe is allowed by ``new`` and not ``old``."""
    sets = (PolicySet([old]), PolicySet([new]))
    found = False
    for api in sorted(DEFAULT_CATALOG.apis):
        rule = DEFAULT_CATALOG.rule_for(api)
        for account in ACCOUNTS:
            resources = (
                [f"acs:domain:*:{account}:domain/{d}" for d in DOMAINS]
                if rule.scope == "domain"
                else [f"acs:domain:*:{account}:*"]
            )
            for resource in resources:
                for context in CONTEXTS:
                    request = Request(rule.action, resource, context)
                    if sets[1].evaluate(request).allowed and not sets[0].evaluate(request).allowed:
                        found = True
    return found


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = function()
    return (time.perf_counter() - start) * 1000, value


def percentile_99(times: Sequence[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


#: Whether to ask the SMT formulation too (``--no-smt`` turns it off).
SMT = {"on": True}


def report(name: str, pairs: Sequence[tuple[Policy, Policy]], catalog: Any, brute: bool) -> None:
    times: list[float] = []
    brute_times: list[float] = []
    smt_times: list[float] = []
    analysis_times_smt: list[float] = []  # the analysis's times on the pairs SMT encodes
    undecided = 0
    smt_unknown = not_encoded = agree = both_decided = 0
    for old, new in pairs:
        elapsed, result = timed(partial(compare, old, new, catalog=catalog))
        times.append(elapsed)
        decided = not (result.relation is Relation.UNDECIDED or result.reasons)
        if not decided:
            undecided += 1
        if brute:
            brute_times.append(timed(partial(brute_force, old, new))[0])
        if catalog is None and SMT["on"]:
            from smt_formulation import NotEncoded, new_access_smt

            try:
                smt_elapsed, answer = timed(partial(new_access_smt, old, new))
            except NotEncoded:
                not_encoded += 1
                continue
            smt_times.append(smt_elapsed)
            analysis_times_smt.append(elapsed)
            if answer is None:
                smt_unknown += 1
            elif decided or result.new_access:
                both_decided += 1
                agree += answer == bool(result.new_access)
    median = statistics.median(times)
    p99 = percentile_99(times)
    line = (
        f"{name:<34} n={len(times):<5} median {median:8.2f} ms  p99 {p99:8.2f} ms  "
        f"undecided {undecided}"
    )
    if brute_times:
        brute_median = statistics.median(brute_times)
        line += f"  brute force median {brute_median:8.2f} ms (x{brute_median / median:.1f})"
    print(line)
    if smt_times:
        smt_median, smt_p99 = statistics.median(smt_times), percentile_99(smt_times)
        ours_median = statistics.median(analysis_times_smt)
        ours_p99 = percentile_99(analysis_times_smt)
        print(
            f"{'  SMT (z3) same pairs':<34} n={len(smt_times):<5} median {smt_median:8.2f} ms  "
            f"p99 {smt_p99:8.2f} ms  unknown {smt_unknown}  SMT/analysis "
            f"median x{smt_median / ours_median:.1f} p99 x{smt_p99 / ours_p99:.1f}  "
            f"agree {agree}/{both_decided}  not encoded {not_encoded}"
        )
    elif not_encoded:
        print(f"{'  SMT (z3)':<34} not encoded {not_encoded} of {len(times)}")


def glob_pairs(rng: random.Random, count: int, size: int) -> list[tuple[Policy, Policy]]:
    def arns() -> list[str]:
        return [
            f"acs:{rng.choice(['domain', 'ecs', 'oss', '*'])}:*:{rng.choice(['*', '123', '1?3'])}:"
            + random_pattern(
                rng, rng.choice(["domain/example.com", "instance/i-abc", "bucket/logs/x"])
            )
            for _ in range(size)
        ]

    def one(name: str) -> Policy:
        return Policy(
            name,
            "1",
            tuple(
                Policy.parse(
                    {
                        "Version": "1",
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": arns()}],
                    }
                ).statements
            ),
        )

    return [(one("a"), one("b")) for _ in range(count)]


_GLOB_OPERATORS = (
    "StringLike",
    "StringNotLike",
    "ForAnyValue:StringLike",
    "ForAllValues:StringLike",
    "ForAnyValue:StringNotLike",
    "ForAllValues:StringNotLike",
)


def adversarial_policies(rng: random.Random) -> list[tuple[str, Policy]]:
    """Valid policies under the 6,144-character limit that ask the analysis for much work."""

    def one(name: str, statements: list[dict[str, Any]]) -> Policy:
        return Policy.parse({"Version": "1", "Statement": statements}, name=name)

    def glob_clauses(count: int) -> dict[str, Any]:
        condition: dict[str, dict[str, Any]] = {}
        slots = [(op, key) for op in _GLOB_OPERATORS for key in ("k:a", "k:b", "k:c")][:count]
        for n, (op, key) in enumerate(slots):
            condition.setdefault(op, {})[key] = [f"*a{n}*", f"b{n}*c*", f"*{n}?x"]
        return {"Effect": "Allow", "Action": "domain:*", "Resource": "*", "Condition": condition}

    overlapping = [f"acs:*:*:*:domain/*{'?' * (n % 4)}{n}*.c?m*" for n in range(40)]
    keys = {"StringEquals": {f"k:key{n}": f"v{n}" for n in range(24)}}
    statements: list[dict[str, Any]] = []
    while True:  # as many random statements as fit under the limit
        statement = random_statement(rng)
        if len(json.dumps({"Version": "1", "Statement": [*statements, statement]})) > 6144:
            break
        statements.append(statement)
    policies = [
        ("12 glob clauses on 3 keys", one("a", [glob_clauses(12)])),
        ("17 glob clauses on 3 keys", one("a", [glob_clauses(17)])),
        (
            "40 overlapping resource patterns",
            one("a", [{"Effect": "Allow", "Action": "domain:*", "Resource": overlapping}]),
        ),
        (
            "24 condition keys",
            one("a", [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": keys}]),
        ),
        (f"{len(statements)} random statements", one("a", statements)),
    ]
    for name, policy in policies:
        assert len(policy.to_json()) <= 6144, name
    return policies


def report_adversarial(rng: random.Random) -> None:
    baseline = Policy.parse(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "domain:Q*", "Resource": "*"}]}
    )
    for name, policy in adversarial_policies(rng):
        elapsed, result = timed(partial(compare, baseline, policy))
        regions = len(result.new_access) + len(result.lost_access)
        peak = rusage.getrusage(rusage.RUSAGE_SELF).ru_maxrss // 1024
        print(
            f"adversarial: {name:<32} {elapsed:9.0f} ms  {result.relation.value:<15} "
            f"regions {regions:<6} ran out of: {result.exhausted or '-':<22} peak RSS {peak} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=200, help="random pairs per size band")
    parser.add_argument("--corpus", type=int, default=300, help="random corpus pairs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", choices=["adversarial"], help="run one section only")
    parser.add_argument(
        "--short", action="store_true", help="a quick run: 10 pairs a workload, no adversarial"
    )
    parser.add_argument("--no-smt", action="store_true", help="leave out the SMT formulation")
    args = parser.parse_args()
    SMT["on"] = not args.no_smt
    if args.short:
        args.random, args.corpus = min(args.random, 10), min(args.corpus, 10)
    if SMT["on"]:
        import z3

        print(f"SMT formulation: z3 {z3.get_version_string()}")
    rng = random.Random(args.seed)
    # Warm-up (imports, caches) outside the measurements.
    compare(ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS)
    if args.only == "adversarial":
        report_adversarial(rng)
        return
    realistic = realistic_policies()
    pairs = [(a, b) for a in realistic for b in realistic]
    report("realistic, raw universe", pairs, None, True)
    report("realistic, catalog universe", pairs, DEFAULT_CATALOG, True)
    corpus = corpus_policies()
    itself = [(p, p) for p in corpus]
    report("corpus, each with itself", itself[:10] if args.short else itself, None, False)
    sample = rng.sample([(a, b) for a in corpus for b in corpus if a is not b], args.corpus)
    report("corpus, random pairs", sample, None, False)
    for low, high in ((1, 5), (6, 20), (21, 50)):
        random_pairs = [
            (
                random_policy(rng, "old", rng.randint(low, high)),
                random_policy(rng, "new", rng.randint(low, high)),
            )
            for _ in range(args.random)
        ]
        report(f"random {low}-{high} statements, raw", random_pairs, None, True)
        report(f"random {low}-{high} statements, catalog", random_pairs, DEFAULT_CATALOG, False)
    globs = 5 if args.short else 50
    report("10 vs 10 ARN patterns", glob_pairs(rng, globs, 10), None, False)
    report("20 vs 20 ARN patterns", glob_pairs(rng, min(globs, 20), 20), None, False)
    if not args.short:
        report_adversarial(rng)


if __name__ == "__main__":
    main()
