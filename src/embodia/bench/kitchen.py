"""A benchmark episode in the kitchen (FrankaKitchen-v1): the same result dict as `episodes.run_one`, plus
the env's checker object."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from embodia.record.steps import EpisodeEnded, Grounded, SkillFinished, SkillStarted


def run_one_kitchen(spec) -> dict[str, Any]:
    from embodia.kitchen.run import run_kitchen
    from embodia.tasks.registry import get_task

    task = get_task(spec.task)
    out = Path(spec.trace_dir) / spec.task / str(spec.seed) if spec.trace_dir else None  # as episodes.episode_dir
    decisions: list[float] = []
    since = time.perf_counter()

    def timing(rec) -> None:  # agent overhead per decision, as for the tabletop
        nonlocal since
        if isinstance(rec, (Grounded, SkillFinished)):
            since = time.perf_counter()
        elif isinstance(rec, (SkillStarted, EpisodeEnded)):
            decisions.append(time.perf_counter() - since)

    summary = run_kitchen(spec.task, spec.seed, spec.brain, None, out, spec.video and out is not None,
                          on_record=timing)
    summary.update({
        **asdict(spec), "family": task.family, "tier": task.tier, "subgoals": task.subgoals, "disturbed": False,
        "scene_build_seconds": 0.0, "frame_path": None, "rerun_path": None,
        "decision_seconds": [round(x, 5) for x in decisions], "model_latency_mean_s": None,
        "model_latency_max_s": None,
    })
    return summary
