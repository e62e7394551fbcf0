"""The report's plots (matplotlib, Agg backend), each returned as PNG bytes."""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from embodia.bench.summary import TIERS, cell_table

COLOURS = {False: "#4C72B0", True: "#DD8452"}


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    return buf.getvalue()


def success_by_cell(rows: list[dict[str, Any]]) -> bytes:
    """Success and subgoal progress per family x horizon tier, one bar colour per undisturbed/disturbed."""
    table = cell_table(rows)
    cells = sorted({(r["family"], r["tier"]) for r in table}, key=lambda c: (c[0], TIERS.index(c[1])))
    states = sorted({r["disturbed"] for r in table})
    fig, axes = plt.subplots(1, 2, figsize=(max(6.0, 1.1 * len(cells) + 3), 3.6), sharey=True)
    width = 0.8 / max(1, len(states))
    for ax, metric, title in zip(axes, ("success", "subgoal_progress"), ("success rate", "subgoal progress")):
        for i, state in enumerate(states):
            values = {(r["family"], r["tier"]): r[metric] for r in table if r["disturbed"] == state}
            xs = [j + (i - (len(states) - 1) / 2) * width for j in range(len(cells))]
            ax.bar(xs, [values.get(c, 0.0) for c in cells], width, color=COLOURS[state],
                   label="disturbed" if state else "undisturbed")
        ax.set_xticks(range(len(cells)), [f"{f}\n{t}" for f, t in cells], fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_title(title)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=8, loc="lower left")
    return _png(fig)


def failure_chart(reasons: dict[str, int], title: str = "failure reasons") -> bytes:
    fig, ax = plt.subplots(figsize=(6.5, 0.45 * len(reasons) + 1.2))
    names = list(reasons)[::-1]
    ax.barh(names, [reasons[n] for n in names], color="#C44E52")
    ax.set_xlabel("episodes")
    ax.set_title(title)
    ax.tick_params(axis="y", labelsize=8)
    return _png(fig)


def time_per_episode(rows: list[dict[str, Any]]) -> bytes:
    """Wall seconds per episode, by horizon tier, and simulated seconds against wall seconds."""
    ok = [r for r in rows if r["status"] == "ok"]
    tiers = [t for t in TIERS if any(r["tier"] == t for r in ok)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.boxplot([[r["wall_seconds"] for r in ok if r["tier"] == t] for t in tiers], tick_labels=tiers)
    left.set_ylabel("wall seconds per episode")
    left.set_title("time per episode by horizon tier")
    right.scatter([r["sim_seconds"] for r in ok], [r["wall_seconds"] for r in ok], s=12,
                  c=["#55A868" if r["success"] else "#C44E52" for r in ok])
    right.set_xlabel("simulated seconds")
    right.set_ylabel("wall seconds")
    right.set_title("wall vs simulated time (red: failed)")
    for ax in (left, right):
        ax.grid(alpha=0.3)
    return _png(fig)


def model_usage(rows: list[dict[str, Any]]) -> bytes:
    ok = [r for r in rows if r["status"] == "ok"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
    left.hist([r["model_calls"] for r in ok], bins=20, color="#8172B3")
    left.set_xlabel("model calls per episode")
    right.hist([(r["prompt_tokens"] or 0) + (r["completion_tokens"] or 0) for r in ok], bins=20, color="#937860")
    right.set_xlabel("tokens per episode (prompt + completion)")
    for ax in (left, right):
        ax.set_ylabel("episodes")
        ax.grid(alpha=0.3)
    return _png(fig)
