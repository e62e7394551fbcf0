"""The scripted demo: the arm sweeps over the playground scene; writes a video and a summary."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from embodia.record.video import VideoWriter
from embodia.sim.panda import HOME_QPOS
from embodia.sim.render import Cameras
from embodia.sim.scene import playground
from embodia.sim.world import World

WAYPOINTS = (
    HOME_QPOS,
    (0.5, 0.1, 0.0, -2.0, 0.0, 0.6, 0.3),
    (-0.5, 0.2, 0.0, -1.9, 0.0, 0.6, -0.3),
    (0.0, -0.2, 0.0, -2.5, 0.0, 0.8, 0.0),
    HOME_QPOS,
)


def scripted_demo(out: str, seed: int = 0) -> int:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    world = World(playground(), seed=seed)
    video = VideoWriter(out_dir / "video.mp4")
    start_tcp = world.tcp()[0]
    path = []
    with Cameras(world, 360, 480, fast=False) as cams:
        for a, b in zip(WAYPOINTS, WAYPOINTS[1:]):
            for s in np.linspace(0, 1, 40):
                w = 0.5 - 0.5 * np.cos(np.pi * s)  # smooth start and stop
                world.step_control(np.array(a) * (1 - w) + np.array(b) * w)
                path.append(world.tcp()[0])
                video.add(cams.rgb("front"))
    video.close()
    travel = float(np.sum(np.linalg.norm(np.diff(np.array(path), axis=0), axis=1)))
    summary = {
        "scene": sorted(world.objects), "seed": seed, "frames": video.frames,
        "sim_seconds": round(world.time, 2), "wall_seconds": round(time.perf_counter() - t0, 2),
        "tcp_travel_m": round(travel, 3), "start_tcp": np.round(start_tcp, 3).tolist(),
        "video": str(video.path),
    }
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))
    print(f"video written to {video.path}")
    return 0
