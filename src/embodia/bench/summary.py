"""Figures of a run computed from its database rows: the one source for --json, report and compare."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from embodia.bench.pool import failure_reasons
from embodia.bench.stats import mean as _mean

TIERS = ("short", "medium", "long")


def progress_of(row: dict[str, Any]) -> float:
    return (row["subgoals_done"] or 0) / max(1, row["subgoals_total"] or 0)


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Success over completed episodes (errors are infrastructure failures, counted apart)."""
    ok = [r for r in rows if r["status"] == "ok"]
    by: dict[str, dict[str, float]] = defaultdict(dict)
    for (family, tier), group in sorted(_groups(ok, ("family", "tier")).items(), key=_order):
        by[family][tier] = round(sum(r["success"] for r in group) / len(group), 4)
    return {
        "episodes": len(rows),
        "completed": len(ok),
        "successes": sum(bool(r["success"]) for r in ok),
        "success_rate": round(sum(r["success"] for r in ok) / len(ok), 4) if ok else 0.0,
        "subgoal_progress": _mean([progress_of(r) for r in ok]),
        "by_family_tier": dict(by),
        "errors": len(rows) - len(ok),
        "failure_causes": failure_causes(rows),
    }


def failure_causes(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Failed completed episodes per cause (grounding, planning, perception, execution), every cause listed."""
    from embodia.agent.attribution import CAUSES

    failed = [r for r in rows if r["status"] == "ok" and not r["success"]]
    counts = {c: sum(r.get("failure_cause") == c for r in failed) for c in CAUSES}
    unknown = len(failed) - sum(counts.values())
    return {**counts, **({"unattributed": unknown} if unknown else {})}


def _groups(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[tuple, list[dict[str, Any]]]:
    out: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[tuple(r[k] for k in keys)].append(r)
    return out


def _order(item: tuple[tuple, Any]) -> tuple:
    key = item[0]
    return tuple(TIERS.index(k) if k in TIERS else k for k in key)


def cell_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per (family, tier, disturbed): the numbers the report's main table and plot show."""
    ok = [r for r in rows if r["status"] == "ok"]
    lines = []
    for (family, tier, disturbed), group in sorted(_groups(ok, ("family", "tier", "disturbed")).items(),
                                                   key=_order):
        lines.append({
            "family": family, "tier": tier, "disturbed": disturbed, "episodes": len(group),
            "successes": sum(bool(r["success"]) for r in group),
            "success": round(sum(r["success"] for r in group) / len(group), 4),
            "subgoal_progress": _mean([progress_of(r) for r in group]),
            "skills": _mean([r["skills"] for r in group]), "replans": _mean([r["replans"] for r in group]),
            "wall_seconds": _mean([r["wall_seconds"] for r in group]),
            "model_calls": _mean([r["model_calls"] for r in group]),
            "tokens": _mean([(r["prompt_tokens"] or 0) + (r["completion_tokens"] or 0) for r in group]),
        })
    return lines


def failures(rows: list[dict[str, Any]]) -> dict[str, int]:
    return failure_reasons([r for r in rows if r["status"] == "ok"])


def timing(rows: list[dict[str, Any]]) -> dict[str, float]:
    ok = [r for r in rows if r["status"] == "ok"]
    walls = sorted(r["wall_seconds"] for r in ok)
    return {
        "wall_mean_s": _mean(walls), "wall_median_s": round(walls[len(walls) // 2], 3) if walls else 0.0,
        "wall_max_s": round(walls[-1], 3) if walls else 0.0, "sim_mean_s": _mean([r["sim_seconds"] for r in ok]),
        "planning_mean_s": _mean([r["planning_seconds"] for r in ok]),
        "model_calls_mean": _mean([r["model_calls"] for r in ok]),
        "tokens_mean": _mean([(r["prompt_tokens"] or 0) + (r["completion_tokens"] or 0) for r in ok]),
        "uses_model": any(r["model_calls"] for r in ok),
    }
