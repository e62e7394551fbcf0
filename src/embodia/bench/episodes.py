"""One benchmark episode as a pure function of (task, seed, brain, mode): picklable in, picklable out,
so process pools and Ray workers can run it and results never depend on worker count or order."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from embodia.agent.brain import OracleBrain, make_brain
from embodia.agent.episode import EpisodeConfig, run_episode
from embodia.sim.world import World
from embodia.tasks.registry import get_task


@dataclass(frozen=True)
class EpisodeSpec:
    task: str
    seed: int
    brain: str = "builtin"  # or "oracle": ground to the task's own goal
    mode: str = "plan"
    trace_dir: str | None = None  # write trace.jsonl under trace_dir/<task>/<seed>/ when set


def run_one(spec: EpisodeSpec) -> dict[str, Any]:
    """Run one episode and return its summary plus what the task registry knows about it."""
    import json

    t0 = time.perf_counter()
    task = get_task(spec.task)
    inst = task.make(spec.seed)
    brain = OracleBrain(inst.goal) if spec.brain == "oracle" else make_brain(spec.brain)
    skills, sim_s = inst.budget()
    cfg = EpisodeConfig(inst.instruction, mode=spec.mode, judge=inst.goal, disturbances=inst.disturbances,
                        skill_budget=skills, sim_seconds_budget=sim_s)
    build_s = time.perf_counter() - t0
    world = World(inst.scene, seed=spec.seed)
    lines, summary, decisions = [], {}, []
    since, disturbed = time.perf_counter(), False
    for rec in run_episode(world, brain, cfg):
        # Agent overhead per decision: from a skill's end (or the grounding) to the next skill's start —
        # perceive, verify, replan, safety-check — excluding intervals where a disturbance ran physics.
        if rec.type in ("Grounded", "SkillFinished"):
            since, disturbed = time.perf_counter(), False
        elif rec.type == "Disturbed":
            disturbed = True
        elif rec.type in ("SkillStarted", "EpisodeEnded") and not disturbed:
            decisions.append(time.perf_counter() - since)
        if spec.trace_dir:
            lines.append(json.dumps(rec.to_json(), default=str))
        if rec.type == "EpisodeEnded":
            summary = dict(rec.summary)
    trace_path = None
    if spec.trace_dir:
        d = Path(spec.trace_dir) / spec.task / str(spec.seed)
        d.mkdir(parents=True, exist_ok=True)
        (d / "trace.jsonl").write_text("\n".join(lines) + "\n")
        trace_path = str(d / "trace.jsonl")
    summary.update({
        **asdict(spec), "family": task.family, "tier": task.tier, "subgoals": task.subgoals,
        "disturbed": task.disturbed, "scene_build_seconds": round(build_s, 4), "trace_path": trace_path,
        "decision_seconds": [round(x, 5) for x in decisions],
    })
    return summary
