"""The built-in brain over the task suite: success per family and tier (undisturbed and disturbed),
agent overhead per decision, and planning time for 5/10/20-subgoal goals.

Usage: python benchmarks/agent.py [--seeds N] [--workers K] [--brain builtin|oracle] [--tasks id,id]
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from embodia.bench.episodes import EpisodeSpec
from embodia.bench.pool import failure_reasons, run_many, success_table
from embodia.bench.stats import timing_ms
from embodia.perception.provider import PrivilegedProvider
from embodia.planning.planner import plan
from embodia.sim.world import World
from embodia.tasks.registry import get_task, task_id

# One task per family and horizon tier, so every (family, tier) cell is measured.
TASKS = ("stack-3", "stack-6", "sort-3", "sort-6", "drawer-1", "drawer-3", "clear-3", "clear-4", "unstack-3",
         "unstack-5", "chain-5", "chain-10", "chain-20")


def planning_times(seeds: int) -> dict[str, dict[str, float]]:
    """Planning time from the initial scene for chain goals of 5, 10 and 20 subgoals."""
    out = {}
    for k in (5, 10, 20):
        times = []
        for seed in range(seeds):
            inst = get_task(f"chain-{k}").make(seed)
            scene = PrivilegedProvider().observe(World(inst.scene, seed=seed))
            t = time.perf_counter()
            plan(inst.goal, set(scene.facts()), scene.kinds())
            times.append(time.perf_counter() - t)
        out[str(k)] = timing_ms(times)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20, help="seeds per task (default 20)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--brain", default="builtin", help="builtin, or oracle (the task's own goal)")
    ap.add_argument("--tasks", default=",".join(TASKS), help="comma-separated task ids")
    ap.add_argument("--no-disturbed", action="store_true", help="skip the disturbed variants")
    args = ap.parse_args()
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    specs = []
    for t in tasks:
        base = get_task(t)
        variants = (False,) if args.no_disturbed else (False, True)
        for disturbed in variants:
            tid = task_id(base.family, base.size, disturbed)
            specs += [EpisodeSpec(tid, seed, brain=args.brain) for seed in range(args.seeds)]
    t0 = time.perf_counter()
    done = [0]

    def progress(r: dict) -> None:
        done[0] += 1
        mark = "ok " if r["success"] else "FAIL"
        print(f"[{done[0]:>4}/{len(specs)}] {mark} {r['task']:<26} seed {r['seed']:<3} "
              f"{r['subgoals_done']}/{r['subgoals_total']} {r['failure'] or ''}"[:160], file=sys.stderr, flush=True)

    results = run_many(specs, workers=args.workers, on_result=progress)
    wall = time.perf_counter() - t0
    decisions = [d for r in results for d in r["decision_seconds"]]
    table = success_table(results, "family", "tier", "disturbed")
    print(f"\n{len(results)} episodes in {wall:.0f} s wall ({args.workers} workers), brain={args.brain}")
    print(f"{'family':<9}{'tier':<8}{'disturbed':<11}{'success':>8}{'subgoals':>10}{'n':>5}")
    for key, row in table.items():
        fam, tier, dist = key.split("/")
        print(f"{fam:<9}{tier:<8}{dist:<11}{row['success']:>8.1%}{row['subgoal_progress']:>10.1%}{row['episodes']:>5}")
    overhead = {**timing_ms(decisions), "decisions": len(decisions)}
    print(f"agent overhead per decision (excluding skills): median {overhead['median_ms']} ms, "
          f"p95 {overhead['p95_ms']} ms over {overhead['decisions']} decisions (target <= 5 ms median)")
    plans = planning_times(min(args.seeds, 10))
    for k, v in plans.items():
        print(f"planning a {k}-subgoal goal: median {v['median_ms']} ms, p95 {v['p95_ms']} ms")
    by_sub = {str(k): success_table([r for r in results if r["subgoals"] == k], "disturbed")
              for k in sorted({r["subgoals"] for r in results})}
    reasons = failure_reasons(results)
    if reasons:
        print("failures: " + ", ".join(f"{k}: {v}" for k, v in reasons.items()))
    print(json.dumps({
        "brain": args.brain, "seeds": args.seeds, "episodes": len(results), "wall_seconds": round(wall, 1),
        "success_by_family_tier": table, "success_by_subgoals": by_sub,
        "overall_success": round(sum(r["success"] for r in results) / max(1, len(results)), 4),
        "agent_overhead_ms": overhead, "planning_ms": plans, "failures": reasons,
    }))


if __name__ == "__main__":
    main()
