"""Benchmark-runner scaling: episodes/hour with 1 and 2 workers on the process pool and on a local Ray instance,
scaling efficiency, and Ray's overhead per episode. Every configuration must give identical episode results.

Usage: python benchmarks/bench_scaling.py [--tasks stack-3,unstack-3,sort-3,clear-3] [--seeds 0..3] [--workers 1,2]
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from embodia.bench.runner import RunConfig, execute_run, open_run, parse_seeds
from embodia.bench.store import DETERMINISTIC
from embodia.bench.workers import LocalPool
from embodia.tasks.registry import get_task


def measure(config: RunConfig, executor: str, workers: int, root: Path) -> dict[str, Any]:
    """One run into a fresh folder; wall time from creating the executor to the last stored row."""
    out = root / f"{executor}-{workers}"
    store, _ = open_run(out, config, resume=False)
    t0 = time.perf_counter()
    if executor == "ray":
        from embodia.bench.raypool import LOCAL, RayPool

        pool: Any = RayPool(LOCAL, workers)
        startup = pool.startup_seconds
    else:
        pool, startup = LocalPool(workers), 0.0
    try:
        stats = execute_run(store, config, out, pool)
    finally:
        pool.close()
    wall = time.perf_counter() - t0
    rows = store.rows()
    store.close()
    n = len(rows)
    print(f"{executor:<5} {workers} worker(s): {n} episodes in {wall:6.1f} s (startup {startup:4.1f} s) -> "
          f"{3600 * n / wall:6.0f} episodes/hour; errors {stats.errors}", file=sys.stderr, flush=True)
    return {"wall_seconds": round(wall, 2), "startup_seconds": round(startup, 2), "episodes": n,
            "episodes_per_hour": round(3600 * n / wall, 1), "errors": stats.errors,
            "outcomes": {f"{r['task']}#{r['seed']}": [r[c] for c in DETERMINISTIC] for r in rows}}


def ray_noop_ms(tasks: int = 200) -> float:
    """Round trip of an empty Ray task on a warm local instance: the scheduling cost every episode pays."""
    import ray

    from embodia.bench.raypool import _quiet_environment

    _quiet_environment()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        noop = ray.remote(num_cpus=1)(lambda: None)
        ray.get([noop.remote() for _ in range(4)])  # warm the workers
        t0 = time.perf_counter()
        for _ in range(tasks):
            ray.get(noop.remote())
        return 1000 * (time.perf_counter() - t0) / tasks
    finally:
        ray.shutdown()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", default="stack-3,unstack-3,sort-3,clear-3", help="comma-separated task ids")
    ap.add_argument("--seeds", default="0..3", help="A..B inclusive (default 0..3)")
    ap.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    ap.add_argument("--no-ray", action="store_true", help="process pool only")
    args = ap.parse_args()
    tasks = tuple(get_task(t.strip()).id for t in args.tasks.split(",") if t.strip())
    config = RunConfig("scaling", tasks, parse_seeds(args.seeds))
    counts = [int(w) for w in args.workers.split(",")]
    executors = ["pool"] + ([] if args.no_ray else ["ray"])
    root = Path(tempfile.mkdtemp(prefix="embodia-scaling-"))
    print(f"{len(tasks) * len(config.seeds)} episodes ({', '.join(tasks)} x seeds {args.seeds}) on "
          f"{os.cpu_count()} cores", file=sys.stderr)
    try:
        runs = {f"{e}-{w}": measure(config, e, w, root) for e in executors for w in counts}
    finally:
        shutil.rmtree(root, ignore_errors=True)
    first = next(iter(runs.values()))["outcomes"]
    identical = all(r["outcomes"] == first for r in runs.values())
    lo, hi = min(counts), max(counts)
    result: dict[str, Any] = {"episodes": len(first), "cores": os.cpu_count(), "identical_results": identical,
                              "episodes_per_hour": {k: r["episodes_per_hour"] for k, r in runs.items()},
                              "wall_seconds": {k: r["wall_seconds"] for k, r in runs.items()}}
    if hi > lo:
        result["scaling_efficiency"] = {
            e: round(runs[f"{e}-{hi}"]["episodes_per_hour"] / runs[f"{e}-{lo}"]["episodes_per_hour"] * lo / hi, 3)
            for e in executors}
    if "ray" in executors:
        per = [(runs[f"ray-{w}"]["wall_seconds"] - runs[f"ray-{w}"]["startup_seconds"]
                - runs[f"pool-{w}"]["wall_seconds"]) / len(first) * w for w in counts]
        result["ray_startup_seconds"] = max(runs[f"ray-{w}"]["startup_seconds"] for w in counts)
        result["ray_overhead_per_episode_seconds"] = round(sum(per) / len(per), 3)  # worker-seconds per episode
        result["ray_noop_task_ms"] = round(ray_noop_ms(), 3)
    print(f"results identical across executors and worker counts: {identical}")
    for key, r in runs.items():
        print(f"{key:<8} {r['episodes_per_hour']:>8.0f} episodes/hour ({r['wall_seconds']:.1f} s wall)")
    for e, eff in result.get("scaling_efficiency", {}).items():
        print(f"scaling efficiency {lo} -> {hi} workers ({e}): {eff:.0%}")
    if "ray" in executors:
        print(f"Ray: startup {result['ray_startup_seconds']:.1f} s; overhead vs the process pool "
              f"{result['ray_overhead_per_episode_seconds']:+.3f} worker-s per episode; empty task round trip "
              f"{result['ray_noop_task_ms']:.2f} ms")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
