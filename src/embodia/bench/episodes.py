"""One benchmark episode as a pure function of (task, seed, brain, mode): picklable in, picklable out,
so process pools and Ray workers can run it and results never depend on worker count or order."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from embodia.agent.episode import EpisodeConfig, run_episode
from embodia.brains.base import Brain
from embodia.brains.builtin import OracleBrain
from embodia.brains.factory import make_brain
from embodia.perception.modes import make_provider
from embodia.record.steps import Disturbed, EpisodeEnded, Grounded, SkillFinished, SkillStarted
from embodia.record.trace import write_atomic
from embodia.sim.world import World
from embodia.tasks.registry import get_task
from embodia.types import Goal

FRAME_SIZE = (120, 160)  # (height, width) of the final-frame thumbnail of a failed episode


@dataclass(frozen=True)
class EpisodeSpec:
    task: str
    seed: int
    brain: str = "builtin"  # or "oracle": ground to the task's own goal
    mode: str = "plan"
    trace_dir: str | None = None  # write trace.jsonl under trace_dir/<task>/<seed>/ when set
    frame_on_failure: bool = False  # with trace_dir: save final.png (front camera, 160x120) if the episode fails
    video: bool = False  # with trace_dir: record video.mp4 from the front camera
    rerun: bool = False  # with trace_dir: a Rerun recording (recording.rrd), kept only if the episode fails
    perception: str = "camera"  # camera | rgbd | privileged (perception/modes.py)


def episode_dir(trace_dir: str | Path, task: str, seed: int) -> Path:
    return Path(trace_dir) / task / str(seed)


def _save_final_frame(world: World, path: Path) -> None:
    import imageio.v3 as iio

    from embodia.sim.render import Cameras

    with Cameras(world, *FRAME_SIZE, fast=False) as cams:
        write_atomic(path, iio.imwrite("<bytes>", cams.rgb("front"), extension=".png"))


def _brain(spec: EpisodeSpec, goal: Goal) -> Brain:
    return OracleBrain(goal) if spec.brain == "oracle" else make_brain(spec.brain)


def run_one(spec: EpisodeSpec) -> dict[str, Any]:
    """Run one episode and return its summary plus what the task registry knows about it."""
    if spec.task.startswith("kitchen-"):  # FrankaKitchen-v1 episodes run in their own world (embodia.kitchen)
        from embodia.bench.kitchen import run_one_kitchen

        return run_one_kitchen(spec)
    t0 = time.perf_counter()
    task = get_task(spec.task)
    inst = task.make(spec.seed)
    brain = _brain(spec, inst.goal)
    skills, sim_s = inst.budget()
    cfg = EpisodeConfig(inst.instruction, mode=spec.mode, judge=inst.goal, disturbances=inst.disturbances,
                        skill_budget=skills, sim_seconds_budget=sim_s)
    build_s = time.perf_counter() - t0
    world = World(inst.scene, seed=spec.seed)
    out = episode_dir(spec.trace_dir, spec.task, spec.seed) if spec.trace_dir else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    frames = None
    if out and spec.video:
        from embodia.record.trace import FrameRecorder

        frames = FrameRecorder(world, out / "video.mp4")
    viewer = None
    if out and spec.rerun:
        from embodia.record.rerun_log import RerunLogger

        viewer = RerunLogger(world, out / "recording.rrd", name=f"{spec.task} seed {spec.seed}")
    lines: list[str] = []
    summary: dict[str, Any] = {}
    decisions: list[float] = []
    latencies: list[float] = []
    since, disturbed = time.perf_counter(), False
    try:
        for rec in run_episode(world, brain, cfg, make_provider(spec.perception, world)):
            # Agent overhead per decision: from a skill's end (or the grounding) to the next skill's start —
            # perceive, verify, replan, safety-check — excluding intervals where a disturbance ran physics.
            if isinstance(rec, (Grounded, SkillFinished)):
                since, disturbed = time.perf_counter(), False
            elif isinstance(rec, Disturbed):
                disturbed = True
            elif isinstance(rec, (SkillStarted, EpisodeEnded)) and not disturbed:
                decisions.append(time.perf_counter() - since)
            latencies += [c.latency_s for c in getattr(rec, "model_calls", ()) or ()]
            if viewer:
                viewer.on_record(rec)
            if out:
                lines.append(json.dumps(rec.to_json(), default=str))
            if isinstance(rec, EpisodeEnded):
                summary = dict(rec.summary)
    finally:
        video = frames.close() if frames else None
        rrd = viewer.close() if viewer else None
        close = getattr(brain, "close", None)
        if callable(close):  # a model brain may hold a server or a client
            close()
    if rrd and summary.get("success"):
        rrd.unlink()  # recordings are for looking into failures
        rrd = None
    trace_path = frame_path = None
    if out:
        trace_path = out / "trace.jsonl"
        write_atomic(trace_path, ("\n".join(lines) + "\n").encode())
        if spec.frame_on_failure and not summary.get("success"):
            frame_path = out / "final.png"
            _save_final_frame(world, frame_path)
    summary.update({
        **asdict(spec), "robot": task.robot, "family": task.family, "tier": task.tier, "subgoals": task.subgoals,
        "disturbed": task.disturbed, "scene_build_seconds": round(build_s, 4),
        "trace_path": str(trace_path) if trace_path else None,
        "frame_path": str(frame_path) if frame_path else None, "video_path": str(video) if video else None,
        "rerun_path": str(rrd) if rrd else None,
        "decision_seconds": [round(x, 5) for x in decisions],
        "model_latency_mean_s": round(statistics.mean(latencies), 4) if latencies else None,
        "model_latency_max_s": round(max(latencies), 4) if latencies else None,
    })
    return summary
