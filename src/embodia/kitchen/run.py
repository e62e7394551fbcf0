"""One kitchen episode end to end, for the CLI and the benchmark: the task's world, brain and loop, with the
trace, an optional video and a summary carrying the env's checker and the D4RL score."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from embodia.kitchen.brains import kitchen_brain
from embodia.kitchen.episode import KitchenEpisode
from embodia.kitchen.tasks import get_kitchen_task
from embodia.kitchen.world import KitchenWorld
from embodia.record.steps import EpisodeEnded, Record

VIDEO_FPS = 12  # one frame per env step (0.08 s)


def kitchen_records(task_id: str, seed: int, brain: str = "builtin", instruction: str | None = None,
                    video: Path | None = None) -> Iterator[Record]:
    """The records of one episode; the video (one frame per env step) is written when it ends."""
    task = get_kitchen_task(task_id)
    goal = task.goal(seed)
    decider = kitchen_brain(brain, goal)
    world = KitchenWorld(task.env_tasks, seed=seed, budget=task.budget, perturbed=task.perturbed,
                         render=video is not None)
    writer = None
    if video is not None:
        from embodia.record.video import VideoWriter

        writer = VideoWriter(video, fps=VIDEO_FPS)
        writer.add(world.env.render())
        world.frame_sink = writer.add
    try:
        yield from KitchenEpisode(world, decider, instruction or task.instruction(seed), goal).run()
    finally:
        if writer is not None:
            writer.close()
        world.close()


def run_kitchen(task_id: str, seed: int, brain: str = "builtin", instruction: str | None = None,
                out: Path | None = None, video: bool = False,
                on_record: Callable[[Record], None] | None = None) -> dict[str, Any]:
    """Run one episode; with `out`, write trace.jsonl (and video.mp4). Returns the EpisodeEnded summary."""
    lines, summary = [], {}
    video_path = out / "video.mp4" if out is not None and video else None
    for rec in kitchen_records(task_id, seed, brain, instruction, video_path):
        lines.append(json.dumps(rec.to_json(), default=str))
        if on_record:
            on_record(rec)
        if isinstance(rec, EpisodeEnded):
            summary = dict(rec.summary)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "trace.jsonl").write_text("\n".join(lines) + "\n")
        summary["trace_path"] = str(out / "trace.jsonl")
    summary["video_path"] = str(video_path) if video_path else None
    return summary
