"""Run one task episode and capture it for a dataset: frames, skill labels, plans, replans, disturbances."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from embodia.agent.episode import EpisodeConfig, run_episode
from embodia.brains.builtin import OracleBrain
from embodia.brains.factory import make_brain
from embodia.perception.camera import CameraProvider
from embodia.perception.provider import PrivilegedProvider
from embodia.record.lerobot_capture import NO_SKILL, CaptureConfig, CapturedEpisode, FrameTap
from embodia.record.rerun_log import RerunLogger
from embodia.record.steps import Disturbed, EpisodeEnded, Planned, Replanned, SkillFinished, SkillStarted
from embodia.sim.world import World
from embodia.tasks.registry import disturbed_variant, get_task
from embodia.types import EmbodiaError


def _perception(name: str, seed: int):
    if name == "privileged":
        return PrivilegedProvider()
    if name == "camera":
        return CameraProvider(seed=seed)
    raise EmbodiaError(f"unknown perception '{name}'; valid: privileged, camera")


def capture_episode(task_id: str, seed: int, cfg: CaptureConfig, frames: bool = True,
                    rerun_path: Path | None = None, disturb: bool = False) -> CapturedEpisode:
    """Run one task episode with the built-in (or oracle) brain; capture its frames (or, with frames=False, only
    its metadata) and optionally write a Rerun recording of it."""
    spec = get_task(task_id)
    inst = (disturbed_variant(spec) if disturb else spec).make(seed)
    brain = OracleBrain(inst.goal) if cfg.brain == "oracle" else make_brain(cfg.brain)
    skills, sim_s = inst.budget()
    config = EpisodeConfig(inst.instruction, judge=inst.goal, disturbances=inst.disturbances,
                           skill_budget=skills, sim_seconds_budget=sim_s)
    world = World(inst.scene, seed=seed)
    tap = FrameTap(world, cfg) if frames else None
    viewer = None
    if rerun_path is not None:
        viewer = RerunLogger(world, rerun_path, name=f"{task_id} seed {seed}")
    trace: list[dict[str, Any]] = []
    meta: dict[str, Any] = {"task": inst.task_id, "seed": seed, "instruction": inst.instruction, "plans": [],
                            "replans": [], "disturbances": [], "config": asdict(cfg)}
    try:
        for rec in run_episode(world, brain, config, _perception(cfg.perception, seed)):
            trace.append(rec.to_json())
            if viewer:
                viewer.on_record(rec)
            if isinstance(rec, SkillStarted) and tap:
                tap.skill, tap.skill_index = rec.call, rec.index
            elif isinstance(rec, SkillFinished) and tap:
                tap.skill, tap.skill_index = NO_SKILL, -1
            elif isinstance(rec, Planned):
                meta["plans"].append({"sim_s": rec.sim_s, "steps": list(rec.steps)})
            elif isinstance(rec, Replanned):
                meta["replans"].append({"sim_s": rec.sim_s, "reason": rec.reason, "attempt": rec.attempt})
            elif isinstance(rec, Disturbed):
                meta["disturbances"].append({"sim_s": rec.sim_s, "kind": rec.kind, "description": rec.description})
            elif isinstance(rec, EpisodeEnded):
                meta.update(success=rec.success, failure=rec.failure, summary=rec.summary)
    finally:
        close = getattr(brain, "close", None)
        if callable(close):
            close()
        if viewer:
            meta["rerun_path"] = str(viewer.close())
    meta["trace"] = trace
    if tap is None:
        empty = np.zeros((0, 8), np.float32)
        return CapturedEpisode({}, empty, empty, [], np.zeros(0, np.int64), np.zeros(0, np.float32), meta)
    return tap.close(meta)
