"""FrankaKitchen-v1 judged by its own checker: per task completion rate and step of completion, 4/4 rate,
D4RL-normalised score (25 per task), the stricter still-true-at-the-end figure, steps used of the budget,
simulated and wall time per episode, skills, replans and failure reasons.

Usage: python benchmarks/kitchen.py [--seeds N] [--perturbed-seeds M] [--workers K] [--tasks id,id]
  default: kitchen-complete, -partial, -mixed over 20 seeds; their -perturbed variants over 50 seeds;
  the seven single tasks and kitchen-all over 3 seeds. The last line is one JSON object with every figure.
For orientation (learned policies on D4RL data, another paradigm): IQL 62.5, CQL 43.8 normalised on
kitchen-complete.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter

from embodia.bench.episodes import EpisodeSpec
from embodia.bench.pool import reason_key, run_many
from embodia.bench.stats import wilson
from embodia.kitchen.tasks import get_kitchen_task

SINGLES = ("kitchen-microwave", "kitchen-kettle", "kitchen-light-switch", "kitchen-slide-cabinet",
           "kitchen-hinge-cabinet", "kitchen-bottom-burner", "kitchen-top-burner", "kitchen-all")


def figures(rows: list[dict]) -> dict:
    """Every figure for one task id's episodes."""
    n = len(rows)
    env_tasks = get_kitchen_task(rows[0]["task"]).env_tasks
    per_task = {}
    for t in env_tasks:
        steps = [r["checker"]["completed_at_step"][t] for r in rows if t in r["checker"]["completed"]]
        per_task[t] = {"completed": round(len(steps) / n, 4),
                       "still_true_at_end": round(sum(t in r["checker"]["still_true_at_end"] for r in rows) / n, 4),
                       "median_step": statistics.median(steps) if steps else None}
    full = sum(r["success"] for r in rows)
    lo, hi = wilson(full, n)
    return {
        "episodes": n, "all_tasks_rate": round(full / n, 4), "all_tasks_95ci": [round(lo, 3), round(hi, 3)],
        "all_still_true_at_end": round(sum(len(r["checker"]["still_true_at_end"]) == len(env_tasks)
                                           for r in rows) / n, 4),
        "d4rl_score": round(statistics.mean(r["d4rl_score"] for r in rows), 2),
        "d4rl_score_at_end": round(statistics.mean(r["d4rl_score_at_end"] for r in rows), 2),
        "subgoal_progress": round(statistics.mean(r["subgoals_done"] / max(1, r["subgoals_total"]) for r in rows), 4),
        "steps_used_mean": round(statistics.mean(r["checker"]["steps"] for r in rows), 1),
        "step_budget": rows[0]["checker"]["step_budget"],
        "sim_s_mean": round(statistics.mean(r["sim_seconds"] for r in rows), 2),
        "wall_s_mean": round(statistics.mean(r["wall_seconds"] for r in rows), 2),
        "skills_mean": round(statistics.mean(r["skills_executed"] for r in rows), 2),
        "replans_mean": round(statistics.mean(r["replans"] for r in rows), 2),
        "per_task": per_task,
        "failures": dict(Counter(reason_key(r["failure"]) for r in rows if not r["success"]).most_common()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20, help="seeds per standard set (default 20)")
    ap.add_argument("--perturbed-seeds", type=int, default=50, help="seeds per perturbed set (default 50)")
    ap.add_argument("--single-seeds", type=int, default=3, help="seeds per single task and kitchen-all (default 3)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--sets", default="complete,partial,mixed", help="the multi-task sets to run (default all three)")
    ap.add_argument("--perturbed-sets", default="complete,partial,mixed", help="sets run perturbed (default all three)")
    ap.add_argument("--tasks", default="", help="only these task ids (comma-separated), with --seeds seeds each")
    ap.add_argument("--brain", default="builtin", help="builtin (the kitchen parser grounds) or oracle")
    args = ap.parse_args()
    if args.tasks:
        plan = [(get_kitchen_task(t.strip()).id, args.seeds) for t in args.tasks.split(",") if t.strip()]
    else:
        plan = [(get_kitchen_task(f"kitchen-{t}").id, args.seeds) for t in args.sets.split(",") if t]
        plan += [(get_kitchen_task(f"kitchen-{t}-perturbed").id, args.perturbed_seeds)
                 for t in args.perturbed_sets.split(",") if t]
        plan += [(get_kitchen_task(t).id, args.single_seeds) for t in SINGLES]
    specs = [EpisodeSpec(t, s, brain=args.brain) for t, n in plan if n > 0 for s in range(n)]
    done = [0]

    def progress(r: dict) -> None:
        done[0] += 1
        c = r["checker"]
        print(f"[{done[0]:>4}/{len(specs)}] {'ok ' if r['success'] else 'FAIL'} {r['task']:<34} seed {r['seed']:<3} "
              f"{len(c['completed'])}/{len(get_kitchen_task(r['task']).env_tasks)} in {c['steps']} steps "
              f"{r['failure'] or ''}"[:170], file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    results = run_many(specs, workers=args.workers, on_result=progress)
    wall = time.perf_counter() - t0
    table = {}
    for tid in dict.fromkeys(r["task"] for r in results):
        table[tid] = figures([r for r in results if r["task"] == tid])
    print(f"\n{len(results)} episodes in {wall:.0f} s wall ({args.workers} workers), brain={args.brain}, "
          "judged by FrankaKitchen-v1's own checker")
    print(f"{'task':<36}{'n':>4}{'all done':>10}{'D4RL':>7}{'at end':>8}{'steps':>7}{'sim s':>7}{'wall s':>8}"
          f"{'replans':>9}")
    for tid, f in table.items():
        print(f"{tid:<36}{f['episodes']:>4}{f['all_tasks_rate']:>10.1%}{f['d4rl_score']:>7.1f}"
              f"{f['d4rl_score_at_end']:>8.1f}{f['steps_used_mean']:>7.0f}{f['sim_s_mean']:>7.1f}"
              f"{f['wall_s_mean']:>8.1f}{f['replans_mean']:>9.2f}")
        for t, p in f["per_task"].items():
            print(f"    {t:<16} completed {p['completed']:.0%} (median step {p['median_step']}), "
                  f"still true at the end {p['still_true_at_end']:.0%}")
        if f["failures"]:
            print("    failures: " + ", ".join(f"{k}: {v}" for k, v in f["failures"].items()))
    print(json.dumps({"brain": args.brain, "episodes": len(results), "wall_seconds": round(wall, 1),
                      "tasks": table}))


if __name__ == "__main__":
    main()
