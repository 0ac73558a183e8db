"""Scoring a full LKE in-process: how many complete assessments per second.

    .venv/bin/python bench/bench_lke.py [--assessments 2000]

No database: the PermenPANRB 90/2021 framework is parsed once from `libraries/lke/` (as the
selectors cache it per process), then `--assessments` random but complete answer sets (every one
of its 136 items, computed percentages from their `jumlah` rows, answers spelled as units type
them: "Ya", "b", "87,5") are scored with `integritas.lke.scoring.score`, which converts and checks
every answer, scores every node in Decimal and rounds as the published LKEs do. Target: ≥ 500
full assessments per second.

Baselines, measured in the same run on the same answer sets:
- "convert only": `item_values` alone (reading and checking the answers, no scoring), the floor
  any scorer pays;
- "naive": a plain recursive walk over the YAML dictionary with floats and no checks — what a
  spreadsheet-like script would do: faster, blind to bad answers and broken frameworks, and in
  binary floating point (the run prints the largest difference of its totals from ours).
The ratios say what validation and exact decimals cost.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHOICE_VALUES = {"ya_tidak": {"ya": 1, "tidak": 0}, "abc": {"a": 1, "b": .5, "c": 0},
                 "abcd": {"a": 1, "b": .67, "c": .33, "d": 0},
                 "abcde": {"a": 1, "b": .75, "c": .5, "d": .25, "e": 0}}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integritas.settings")
    os.environ.setdefault("INTEGRITAS_DATA_DIR", "/tmp/integritas-bench-lke")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def random_answers(framework, rng: random.Random) -> dict:
    answers = {}
    for item in framework.items:
        if item.computed_from:
            continue
        if item.is_choice:
            answer = rng.choice(item.choices)
            answers[item.code] = answer.lower() if rng.random() < .3 else answer
        elif item.answer_type == "persen":
            answers[item.code] = f"{rng.uniform(40, 100):.1f}".replace(".", ",")
        elif item.answer_type == "indeks":
            answers[item.code] = round(rng.uniform(2.5, 4), 2)
        else:
            answers[item.code] = rng.randint(1, 60)
    # Numerators within their denominators, as real registers give them.
    for item in framework.items:
        if item.computed_from:
            numerator, denominator = item.computed_from
            answers[numerator] = rng.randint(0, answers[denominator])
    return answers


def naive_score(node: dict, answers: dict) -> float:
    """A spreadsheet-like scorer over the raw document: floats, no checks, no rounding rules."""
    if "children" in node:
        return sum(naive_score(child, answers) for child in node["children"])
    values = []
    for item in node["items"]:
        kind = item["answer_type"]
        if kind == "jumlah":
            continue
        if "computed_from" in item:
            ref = item["computed_from"]
            value = min(float(answers[ref["numerator"]]) / float(answers[ref["denominator"]]), 1)
        elif kind in CHOICE_VALUES:
            value = CHOICE_VALUES[kind][str(answers[item["code"]]).lower()]
        elif kind == "persen":
            value = float(str(answers[item["code"]]).replace(",", ".")) / 100
        else:
            value = float(answers[item["code"]]) / 4
        values.append(value)
    return float(node["weight"]) * sum(values) / len(values)


def rate(function, workload) -> float:
    started = time.perf_counter()
    for answers in workload:
        function(answers)
    return len(workload) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=2000)
    options = parser.parse_args()
    setup_django()
    import yaml

    from integritas.lke.frameworks import parse_framework
    from integritas.lke.libraries import normalised
    from integritas.lke.scoring import item_values, score

    document = normalised(yaml.safe_load(
        (ROOT / "libraries/lke/permenpanrb-90-2021.yaml").read_text(encoding="utf-8")))
    started = time.perf_counter()
    framework = parse_framework(document)
    parse_ms = (time.perf_counter() - started) * 1000
    rng = random.Random(90)
    workload = [random_answers(framework, rng) for _ in range(options.assessments)]
    score(framework, workload[0])  # warm up

    full = rate(lambda answers: score(framework, answers), workload)
    convert_only = rate(lambda answers: item_values(framework, answers), workload)
    naive = rate(lambda answers: sum(naive_score(n, answers) for n in document["nodes"]),
                 workload)
    drift = max(abs(float(score(framework, a).total)
                    - round(sum(naive_score(n, a) for n in document["nodes"]), 2))
                for a in workload[:200])

    print(f"framework {framework.code}: {len(framework.items)} items, "
          f"{sum(1 for _ in framework.walk())} nodes, parsed in {parse_ms:.1f} ms")
    print(f"full scoring (score):           {full:8.0f} assessments/s   target ≥ 500 "
          f"{'OK' if full >= 500 else 'MISSED'}")
    print(f"baseline convert only:          {convert_only:8.0f} assessments/s   "
          f"ratio full/convert {full / convert_only:.2f}")
    print(f"baseline naive float recursion: {naive:8.0f} assessments/s   "
          f"ratio full/naive {full / naive:.2f}")
    print(f"largest total difference naive vs exact over 200 sets: {drift:.2f} points")


if __name__ == "__main__":
    main()
