"""The built-in brain over the task suite: success per family and tier (undisturbed and disturbed),
agent overhead per decision, and planning time for 5/10/20-subgoal goals.

Usage: python benchmarks/agent.py [--seeds N] [--first-seed S] [--workers K] [--brain builtin|oracle] [--tasks id,id]
                                 [--perception camera|rgbd|privileged] [--no-disturbed | --only-disturbed]
Each episode's failure is attributed (grounding, planning, perception, execution) and counted per cause.
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter


from embodia.planning.planner import plan  # noqa: E402
from embodia.bench.episodes import EpisodeSpec  # noqa: E402
from embodia.bench.pool import failure_reasons, run_many, success_table  # noqa: E402
from embodia.bench.stats import timing_ms  # noqa: E402
from embodia.perception.provider import PrivilegedProvider  # noqa: E402
from embodia.sim.world import World  # noqa: E402
from embodia.tasks.registry import get_task, task_id  # noqa: E402

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
    ap.add_argument("--only-disturbed", action="store_true", help="only the disturbed variants")
    ap.add_argument("--first-seed", type=int, default=0, help="seeds first-seed .. first-seed + seeds - 1")
    ap.add_argument("--perception", default="camera", choices=("camera", "rgbd", "privileged"),
                    help="what the agent senses (default camera)")
    args = ap.parse_args()
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    specs = []
    for t in tasks:
        base = get_task(t)
        variants = (False,) if args.no_disturbed else (True,) if args.only_disturbed else (False, True)
        for disturbed in variants:
            tid = task_id(base.family, base.size, disturbed)
            specs += [EpisodeSpec(tid, seed, brain=args.brain, perception=args.perception)
                      for seed in range(args.first_seed, args.first_seed + args.seeds)]
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
    print(f"\n{len(results)} episodes in {wall:.0f} s wall ({args.workers} workers), brain={args.brain}, "
          f"perception={args.perception}")
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
    causes = {c: n for c, n in Counter(r["failure_cause"] for r in results if not r["success"]).items()}
    if causes:
        print("failure causes: " + ", ".join(f"{k}: {v}" for k, v in sorted(causes.items())))
    checked = {k: sum(r["perception_checked"][k] for r in results) for k in ("agree", "missed", "false")}
    facts = {"precision": round(checked["agree"] / max(1, checked["agree"] + checked["false"]), 5),
             "recall": round(checked["agree"] / max(1, checked["agree"] + checked["missed"]), 5),
             "look_cpu_ms_median": statistics.median([r["look_cpu_ms_median"] for r in results
                                                      if r["look_cpu_ms_median"]])}
    print(f"perceived facts against the simulator at every look: precision {facts['precision']:.2%}, recall "
          f"{facts['recall']:.2%}; a look costs {facts['look_cpu_ms_median']:.0f} CPU ms (median of episode medians)")
    print(json.dumps({
        "brain": args.brain, "perception": args.perception, "seeds": args.seeds, "first_seed": args.first_seed,
        "episodes": len(results), "wall_seconds": round(wall, 1), "failure_causes": causes,
        "perceived_facts": facts,
        "success_by_family_tier": table, "success_by_subgoals": by_sub,
        "overall_success": round(sum(r["success"] for r in results) / max(1, len(results)), 4),
        "agent_overhead_ms": overhead, "planning_ms": plans, "failures": reasons,
    }))


if __name__ == "__main__":
    main()
