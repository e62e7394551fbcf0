"""The built-in brain over the task suite: success per family and tier (undisturbed and disturbed),
agent overhead per decision, and planning time for 5/10/20-subgoal goals.

Usage: python benchmarks/agent.py [--seeds N|A..B] [--workers K] [--brain builtin|oracle] [--tasks id,id]
       [--robot panda|so101]  (so101: every SO-101 family and size, undisturbed; see docs/so101.md)
       python benchmarks/agent.py --robustness --seeds 50000..50199 [--tasks chain-20,stack-6,...]
`--robustness` runs only the disturbed variants (default: chain-20 and the medium families) on the given seeds
and lists every failure by cause with the command that replays it.
       [--perception camera|rgbd|privileged]  (default camera; failures attributed to a cause)
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter

from embodia.bench.episodes import EpisodeSpec
from embodia.bench.pool import failure_reasons, reason_key, run_many, success_table
from embodia.bench.stats import timing_ms
from embodia.perception.provider import PrivilegedProvider
from embodia.planning.planner import plan
from embodia.sim.world import World
from embodia.tasks.registry import for_robot, get_task, task_id

# One task per family and horizon tier, so every (family, tier) cell is measured.
TASKS = ("stack-3", "stack-6", "sort-3", "sort-6", "drawer-1", "drawer-3", "clear-3", "clear-4", "unstack-3",
         "unstack-5", "chain-5", "chain-10", "chain-20")
ROBUSTNESS_TASKS = ("chain-20", "stack-6", "sort-6", "drawer-3", "chain-10")  # long, and the medium families


def seed_range(text: str) -> range:
    """'N' (seeds 0..N-1) or 'A..B' (inclusive); one clear line and exit 2 otherwise."""
    try:
        if ".." in text:
            a, b = (int(x) for x in text.split(".."))
            if b >= a >= 0:
                return range(a, b + 1)
        elif int(text) > 0:
            return range(int(text))
    except ValueError:
        pass
    print(f"agent.py: bad --seeds '{text}'; valid: a count N > 0, or A..B with 0 <= A <= B", file=sys.stderr)
    raise SystemExit(2)


def report_robustness(results: list[dict], perception: str = "camera") -> dict:
    """Success per task, and every failure by cause with its replay command."""
    out: dict = {"by_task": {}, "failures": {}}
    for r in results:
        row = out["by_task"].setdefault(r["task"], {"success": 0, "episodes": 0, "recovered_episodes": 0})
        row["episodes"] += 1
        row["success"] += int(r["success"])
        row["recovered_episodes"] += int(r.get("recoveries", 0) > 0)
        if not r["success"]:
            cause = reason_key(r.get("failure"))
            out["failures"].setdefault(cause, []).append({
                "task": r["task"], "seed": r["seed"], "failure": r.get("failure"),
                "replay": f"embodia run --task {r['task']} --seed {r['seed']} --perception {perception} --video "
                          f"--out runs/replay-{r['seed']}"})
    print(f"\n{'task':<26}{'success':>12}{'rate':>9}{'recovered':>11}")
    for task, row in sorted(out["by_task"].items()):
        row["rate"] = round(row["success"] / row["episodes"], 4)
        print(f"{task:<26}{row['success']:>6}/{row['episodes']:<5}{row['rate']:>9.1%}{row['recovered_episodes']:>11}")
    for cause, rows in out["failures"].items():
        print(f"failure '{cause}' x{len(rows)}:")
        for f in rows:
            print(f"  {f['task']} seed {f['seed']}: {str(f['failure'])[:140]}\n    replay: {f['replay']}")
    return out


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
    ap.add_argument("--seeds", default="20", help="N seeds per task (0..N-1), or A..B inclusive (default 20)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--brain", default="builtin", help="builtin, or oracle (the task's own goal)")
    ap.add_argument("--tasks", default=",".join(TASKS), help="comma-separated task ids")
    ap.add_argument("--no-disturbed", action="store_true", help="skip the disturbed variants")
    ap.add_argument("--robustness", action="store_true",
                    help="disturbed variants only (default tasks: chain-20 and the medium families); failures listed")
    ap.add_argument("--robot", default="panda", choices=("panda", "so101"), help="simulated arm (default panda)")
    ap.add_argument("--perception", default="camera", choices=("camera", "rgbd", "privileged"),
                    help="what the agent senses (default camera)")
    args = ap.parse_args()
    seeds = seed_range(args.seeds)
    if args.robustness and args.tasks == ",".join(TASKS):
        args.tasks = ",".join(ROBUSTNESS_TASKS)
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    specs = []
    if args.robot == "so101":  # its own families (tasks/so101.py); they have no disturbed variants
        from embodia.tasks import so101

        ids = [for_robot(t, "so101") for t in tasks] if args.tasks != ",".join(TASKS) else list(so101.registry())
        specs = [EpisodeSpec(t, s, brain=args.brain, perception=args.perception) for t in ids for s in seeds]
        tasks = []
    for t in tasks:
        base = get_task(t)
        variants = (True,) if args.robustness else (False,) if args.no_disturbed else (False, True)
        for disturbed in variants:
            tid = task_id(base.family, base.size, disturbed)
            specs += [EpisodeSpec(tid, seed, brain=args.brain, perception=args.perception) for seed in seeds]
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
    if args.robot == "so101":
        by_task = success_table(results, "task")
        print("\n".join(f"{k:<22}{v['success']:>8.1%}{v['episodes']:>5}" for k, v in by_task.items()))
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
    if args.robustness:
        robust = report_robustness(results, args.perception)
        print(json.dumps({"brain": args.brain, "seeds": args.seeds, "episodes": len(results),
                          "wall_seconds": round(wall, 1), "robustness": robust, "success_by_family_tier": table}))
        return
    plans = planning_times(min(len(seeds), 10))
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
             "look_cpu_ms_median": timing_ms([r["look_cpu_ms_median"] / 1000 for r in results
                                              if r["look_cpu_ms_median"]])["median_ms"]}
    print(f"perceived facts against the simulator at every look: precision {facts['precision']:.2%}, recall "
          f"{facts['recall']:.2%}; a look costs {facts['look_cpu_ms_median']:.0f} CPU ms (median of episode medians)")
    print(json.dumps({
        "brain": args.brain, "robot": args.robot, "perception": args.perception, "seeds": args.seeds,
        "episodes": len(results), "wall_seconds": round(wall, 1), "failure_causes": causes,
        "perceived_facts": facts,
        "success_by_family_tier": table, "success_by_subgoals": by_sub,
        "success_by_task": success_table(results, "task") if args.robot == "so101" else None,
        "overall_success": round(sum(r["success"] for r in results) / max(1, len(results)), 4),
        "agent_overhead_ms": overhead, "planning_ms": plans, "failures": reasons,
    }))


if __name__ == "__main__":
    main()
