"""Two runs side by side (e.g. two brains or modes over one suite): per family x tier and overall."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from embodia.bench.store import RunStore
from embodia.bench.summary import cell_table, summarize, timing


def _label(config: dict[str, Any], folder: str) -> str:
    dist = ", disturbed" if config.get("disturb") else ""
    return f"{Path(folder).name} ({config.get('brain')}/{config.get('mode')}{dist})"


def compare(run_a: str, run_b: str) -> dict[str, Any]:
    """Figures of both runs and the episodes (same task and seed) whose outcome differs."""
    sides = []
    for folder in (run_a, run_b):
        store = RunStore.open_existing(folder)
        rows, config = store.rows(), store.get("config") or {}
        store.close()
        sides.append((folder, config, rows))
    cells: dict[tuple, dict[str, Any]] = {}
    for i, (_, _, rows) in enumerate(sides):
        for r in cell_table(rows):
            key = (r["family"], r["tier"], r["disturbed"])
            cells.setdefault(key, {"family": key[0], "tier": key[1], "disturbed": key[2], "a": None, "b": None})
            cells[key]["ab"[i]] = r
    outcome = [{(r["task"].replace("-disturbed", ""), r["seed"]): r["success"] for r in rows if r["status"] == "ok"}
               for _, _, rows in sides]
    common = set(outcome[0]) & set(outcome[1])
    differ = sorted(k for k in common if outcome[0][k] != outcome[1][k])
    return {
        "a": {"run": run_a, "label": _label(sides[0][1], run_a), **summarize(sides[0][2]), **timing(sides[0][2])},
        "b": {"run": run_b, "label": _label(sides[1][1], run_b), **summarize(sides[1][2]), **timing(sides[1][2])},
        "cells": [cells[k] for k in sorted(cells, key=lambda k: (k[0], ("short", "medium", "long").index(k[1]),
                                                                  k[2]))],
        "common_episodes": len(common),
        "outcome_differs": [{"task": t, "seed": s, "a": outcome[0][(t, s)], "b": outcome[1][(t, s)]}
                            for t, s in differ],
    }


def _fmt(r: dict[str, Any] | None, key: str, pct: bool = True) -> str:
    if r is None:
        return "-"
    return f"{100 * r[key]:.0f}%" if pct else f"{r[key]:.1f}"


def render(result: dict[str, Any]) -> str:
    """A plain-text table for the terminal."""
    a, b = result["a"], result["b"]
    lines = [f"A: {a['label']}", f"B: {b['label']}", ""]
    head = f"{'family':<9}{'tier':<8}{'dist':<6}{'n A/B':>8}{'success A':>11}{'B':>6}{'delta':>7}" \
           f"{'subgoals A':>12}{'B':>6}{'wall s A':>10}{'B':>7}{'calls A':>9}{'B':>6}"
    lines += [head, "-" * len(head)]
    for c in result["cells"]:
        ra, rb = c["a"], c["b"]
        n = f"{ra['episodes'] if ra else 0}/{rb['episodes'] if rb else 0}"
        delta = f"{100 * (rb['success'] - ra['success']):+.0f}" if ra and rb else "-"
        lines.append(f"{c['family']:<9}{c['tier']:<8}{'yes' if c['disturbed'] else 'no':<6}{n:>8}"
                     f"{_fmt(ra, 'success'):>11}{_fmt(rb, 'success'):>6}{delta:>7}"
                     f"{_fmt(ra, 'subgoal_progress'):>12}{_fmt(rb, 'subgoal_progress'):>6}"
                     f"{_fmt(ra, 'wall_seconds', False):>10}{_fmt(rb, 'wall_seconds', False):>7}"
                     f"{_fmt(ra, 'model_calls', False):>9}{_fmt(rb, 'model_calls', False):>6}")
    lines.append("-" * len(head))
    lines.append(f"{'overall':<23}{a['episodes']:>4}/{b['episodes']:<3}{100 * a['success_rate']:>10.1f}%"
                 f"{100 * b['success_rate']:>5.0f}%{100 * (b['success_rate'] - a['success_rate']):>+7.1f}"
                 f"{100 * a['subgoal_progress']:>11.0f}%{100 * b['subgoal_progress']:>5.0f}%"
                 f"{a['wall_mean_s']:>10.1f}{b['wall_mean_s']:>7.1f}{a['model_calls_mean']:>9.1f}"
                 f"{b['model_calls_mean']:>6.1f}")
    lines.append(f"errors: A {a['errors']}, B {b['errors']}; tokens per episode: A {a['tokens_mean']:.0f}, "
                 f"B {b['tokens_mean']:.0f}")
    diff = result["outcome_differs"]
    lines.append(f"outcome differs on {len(diff)} of {result['common_episodes']} common (task, seed) episodes"
                 + (": " + ", ".join(f"{d['task']}#{d['seed']} ({'A' if d['a'] else 'B'} only)" for d in diff[:10])
                    if diff else ""))
    return "\n".join(lines)
