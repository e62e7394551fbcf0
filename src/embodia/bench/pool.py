"""Run many episodes on a local process pool and aggregate their summaries."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from embodia.bench.episodes import EpisodeSpec, run_one


def run_many(specs: Iterable[EpisodeSpec], workers: int = 2,
             on_result: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Run every spec; results come back sorted by (task, seed) whatever the completion order."""
    specs = list(specs)
    results: list[dict[str, Any]] = []
    if workers <= 1:
        for s in specs:
            results.append(run_one(s))
            if on_result:
                on_result(results[-1])
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_one, s) for s in specs]
            for f in as_completed(futures):
                results.append(f.result())
                if on_result:
                    on_result(results[-1])
    return sorted(results, key=lambda r: (r["task"], r["seed"]))


def by_group(results: list[dict[str, Any]], *keys: str) -> Iterator[tuple[tuple, list[dict[str, Any]]]]:
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        groups[tuple(r[k] for k in keys)].append(r)
    yield from sorted(groups.items())


def success_table(results: list[dict[str, Any]], *keys: str) -> dict[str, dict[str, float]]:
    """{"family/tier/...": {"success": rate, "subgoal_progress": mean fraction, "episodes": n}}."""
    out: dict[str, dict[str, float]] = {}
    for group, rows in by_group(results, *keys):
        out["/".join(map(str, group))] = {
            "success": round(sum(r["success"] for r in rows) / len(rows), 4),
            "subgoal_progress": round(statistics.mean(r["subgoals_done"] / max(1, r["subgoals_total"])
                                                      for r in rows), 4),
            "episodes": len(rows),
        }
    return out


def reason_key(failure: str | None) -> str:
    """A failure message reduced to its kind ('skill budget exhausted', 'grasp_lost', ...) for counting."""
    reason = str(failure or "goal not reached")
    key = reason.split(":")[0] if "failed" not in reason else reason.split("(")[0].split(" failed: ")[-1]
    return key.strip()[:60]


def failure_reasons(results: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for r in results:
        if not r["success"]:
            counts[reason_key(r.get("failure"))] += 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))
