"""Simulation speed on one core: bare mj_step vs our env, control loop with a camera, render fps.

Usage: python benchmarks/sim_speed.py [--seconds S]
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import time

import mujoco
import numpy as np

from embodia.sim import layout
from embodia.sim.env import TabletopEnv
from embodia.sim.render import Cameras
from embodia.sim.scene import playground
from embodia.sim.world import World


def _rate(fn, seconds: float) -> float:
    """Calls of fn per second over about `seconds` of wall time."""
    fn()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        fn()
        n += 1
    return n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="wall seconds per measurement")
    args = ap.parse_args()
    world = World(playground(), seed=0)
    model = world.model
    bare = mujoco.MjData(model)
    bare.qpos[:] = world.data.qpos
    bare.ctrl[:] = world.data.ctrl
    mj_step = _rate(lambda: mujoco.mj_step(model, bare, 100), args.seconds) * 100

    q = world.arm_q()
    env_physics = _rate(lambda: world.step_control(q, 0.04), args.seconds) * layout.SUBSTEPS

    env = TabletopEnv(cameras=("front",), image_size=224)
    env.reset(seed=0)
    action = np.append(env.world.arm_q(), 0.08).astype(np.float32)
    control_224 = _rate(lambda: env.step(action), args.seconds)
    env_nocam = TabletopEnv(cameras=(), image_size=224)
    env_nocam.reset(seed=0)
    control_nocam = _rate(lambda: env_nocam.step(action), args.seconds)
    env.close()
    env_nocam.close()

    render: dict[str, dict[str, float]] = {}
    for h, w in ((224, 224), (480, 640)):
        with Cameras(world, h, w) as cams:
            for mode in ("rgb", "depth", "segmentation"):
                render.setdefault(mode, {})[f"{w}x{h}"] = round(
                    _rate(lambda mode=mode: cams.render("front", mode), args.seconds / 2), 1)

    overhead = mj_step / env_physics - 1.0
    figures = {
        "mj_step_per_s": round(mj_step),
        "env_physics_steps_per_s": round(env_physics),
        "env_overhead_ratio": round(overhead, 4),
        "control_steps_per_s_224rgb": round(control_224, 1),
        "control_steps_per_s_no_camera": round(control_nocam, 1),
        "physics_steps_per_s_in_control_loop_no_camera": round(control_nocam * layout.SUBSTEPS),
        "render_fps": render,
        "substeps_per_control_step": layout.SUBSTEPS,
    }
    print(f"bare mj_step:                 {figures['mj_step_per_s']:>8} steps/s")
    print(f"env physics (no render):      {figures['env_physics_steps_per_s']:>8} steps/s "
          f"(overhead {overhead * 100:.1f} % over bare; target <= 25 %)")
    print(f"control loop, 224px RGB:      {control_224:>8.1f} steps/s (target >= 60 per core)")
    print(f"control loop, no camera:      {control_nocam:>8.1f} steps/s "
          f"= {figures['physics_steps_per_s_in_control_loop_no_camera']} physics steps/s (target >= 2000)")
    for mode, sizes in render.items():
        print(f"render {mode:<13} " + "  ".join(f"{k}: {v} fps" for k, v in sizes.items()))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
