"""The task suite's oracle check and generation speed.

For every family and horizon tier, the oracle (plan from the task's own goal, executed with the real
skills in physics, undisturbed) must reach success: that proves each task solvable and each goal
checkable. Also times scene + goal + instruction generation for every registered task id.

Usage: python benchmarks/tasks.py [--seeds N] [--workers K]
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from agent import TASKS
from embodia.bench.episodes import EpisodeSpec
from embodia.bench.pool import failure_reasons, run_many, success_table
from embodia.bench.stats import timing_ms
from embodia.sim.scene import place
from embodia.tasks.registry import registry


def generation_ms(seeds: int) -> dict[str, float]:
    """Time to build an instance (scene request, goal, instruction) and place its objects."""
    times = []
    for spec in registry().values():
        for seed in range(seeds):
            t = time.perf_counter()
            inst = spec.make(seed)
            place(inst.scene, seed)
            times.append(time.perf_counter() - t)
    return {**timing_ms(times, digits=3), "instances": len(times)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20, help="seeds per task (default 20)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--tasks", default=",".join(TASKS), help="comma-separated task ids")
    args = ap.parse_args()
    gen = generation_ms(max(5, args.seeds))
    print(f"generation over {gen['instances']} instances: median {gen['median_ms']} ms, p95 {gen['p95_ms']} ms")
    specs = [EpisodeSpec(f"{t}-v0", s, brain="oracle") for t in args.tasks.split(",") for s in range(args.seeds)]
    done = [0]

    def progress(r: dict) -> None:
        done[0] += 1
        print(f"[{done[0]:>4}/{len(specs)}] {'ok ' if r['success'] else 'FAIL'} {r['task']:<16} seed {r['seed']:<3} "
              f"{r['failure'] or ''}"[:150], file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    results = run_many(specs, workers=args.workers, on_result=progress)
    table = success_table(results, "family", "tier")
    print(f"\noracle over {len(results)} episodes ({time.perf_counter() - t0:.0f} s wall):")
    for key, row in table.items():
        print(f"  {key:<16} success {row['success']:.1%}  subgoals {row['subgoal_progress']:.1%}  n={row['episodes']}")
    print(json.dumps({"seeds": args.seeds, "episodes": len(results), "oracle_success_by_family_tier": table,
                      "oracle_success": round(sum(r["success"] for r in results) / max(1, len(results)), 4),
                      "failures": failure_reasons(results), "generation": gen}))


if __name__ == "__main__":
    main()
