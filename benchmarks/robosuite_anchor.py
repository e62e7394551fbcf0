"""The side-by-side anchor for sim_speed.py: robosuite's Panda Lift, measured the way sim_speed measures ours.

Runs in robosuite's own environment (it pins its own MuJoCo), never imports embodia:
    python3.11 -m venv .venv-robosuite && .venv-robosuite/bin/pip install robosuite==1.5.2 mujoco==3.9.0
    .venv-robosuite/bin/python benchmarks/robosuite_anchor.py [--seconds S]
Rates are per CPU second of this process (the machine may be shared). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("MUJOCO_GL", "egl")


def _rate(fn, seconds: float) -> float:
    """Calls of fn per CPU second over about `seconds` of CPU time."""
    fn()
    n, t0 = 0, time.process_time()
    while time.process_time() - t0 < seconds:
        fn()
        n += 1
    return n / (time.process_time() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="CPU seconds per measurement")
    args = ap.parse_args()
    import mujoco
    import numpy as np
    import robosuite

    def make(camera: bool):
        env = robosuite.make("Lift", robots="Panda", has_renderer=False, has_offscreen_renderer=camera,
                             use_camera_obs=camera, camera_names="frontview", camera_heights=224,
                             camera_widths=224, control_freq=20, horizon=10**9)
        env.reset()
        return env

    env = make(False)
    model, data = env.sim.model._model, env.sim.data._data
    bare = mujoco.MjData(model)
    bare.qpos[:], bare.ctrl[:] = data.qpos, data.ctrl
    mj_step = _rate(lambda: mujoco.mj_step(model, bare, 100), args.seconds) * 100
    action = np.zeros(env.action_spec[0].shape)
    control_nocam = _rate(lambda: env.step(action), args.seconds)
    env.close()
    env = make(True)
    control_224 = _rate(lambda: env.step(action), args.seconds)
    env.close()
    print(json.dumps({"robosuite": robosuite.__version__, "mujoco": mujoco.__version__, "timestep": model.opt.timestep,
                      "mj_step_per_cpu_s": round(mj_step), "control_steps_per_cpu_s_no_camera": round(control_nocam, 1),
                      "control_steps_per_cpu_s_224rgb": round(control_224, 1)}))


if __name__ == "__main__":
    main()
