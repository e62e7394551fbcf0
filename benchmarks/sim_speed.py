"""Simulation speed on one core: bare mj_step (at rest and while manipulating), the control loop with and
without a camera, render fps, and a chain-10 episode's real-time factor; optionally side by side with robosuite.

Usage: python benchmarks/sim_speed.py [--seconds S] [--robosuite PYTHON] [--rounds R]
`--robosuite` names the python of an environment with robosuite (benchmarks/robosuite_anchor.py says how to make
one); the two are then measured in alternating rounds and the ratios printed. Rates are per CPU second of the
measuring process, so a machine shared with other work gives comparable figures.
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

# isort: off
import embodia  # noqa: F401  (chooses the GL backend before MuJoCo loads)
import mujoco
import numpy as np
# isort: on

from embodia.bench.episodes import EpisodeSpec, run_one
from embodia.control.robot import SimRobot
from embodia.sim import layout
from embodia.sim.env import TabletopEnv
from embodia.sim.render import Cameras
from embodia.sim.scene import playground
from embodia.sim.world import World
from embodia.skills import run_skill
from embodia.types import SkillCall


def _rate(fn, seconds: float) -> float:
    """Calls of fn per CPU second over about `seconds` of CPU time."""
    fn()
    n, t0 = 0, time.process_time()
    while time.process_time() - t0 < seconds:
        fn()
        n += 1
    return n / (time.process_time() - t0)


def manipulation_replay(world: World) -> tuple[np.ndarray, list[np.ndarray]]:
    """Record a pick and a stacking in the playground scene: the start state and each control step's controls."""
    start = world.snapshot()
    ctrls: list[np.ndarray] = []
    world.step_hooks.append(lambda w: ctrls.append(w.data.ctrl.copy()))
    robot = SimRobot(world)
    for call in ("pick(red_block)", "place_on(red_block, green_block)", "pick(blue_block)",
                 "place_on(blue_block, table)"):
        run_skill(SkillCall.parse(call), robot)
    world.step_hooks.clear()
    return start, ctrls


def bare_manipulating(world: World, start: np.ndarray, ctrls: list[np.ndarray]) -> float:
    """mj_step per CPU second replaying the recorded controls from the recorded start (same contacts, no Python
    between substeps)."""
    data = mujoco.MjData(world.model)
    size = mujoco.mj_stateSize(world.model, mujoco.mjtState.mjSTATE_INTEGRATION)
    assert size == start.size
    mujoco.mj_setState(world.model, data, start, mujoco.mjtState.mjSTATE_INTEGRATION)
    t0 = time.process_time()
    for c in ctrls:
        data.ctrl[:] = c
        mujoco.mj_step(world.model, data, layout.SUBSTEPS)
    return len(ctrls) * layout.SUBSTEPS / (time.process_time() - t0)


def ours(seconds: float) -> dict[str, float]:
    world = World(playground(), seed=0)
    model = world.model
    bare = mujoco.MjData(model)
    bare.qpos[:] = world.data.qpos
    bare.ctrl[:] = world.data.ctrl
    out = {"mj_step_per_cpu_s": _rate(lambda: mujoco.mj_step(model, bare, 100), seconds) * 100}
    q = world.arm_q()
    out["env_physics_steps_per_cpu_s"] = _rate(lambda: world.step_control(q, 0.04), seconds) * layout.SUBSTEPS
    for key, cams in (("control_steps_per_cpu_s_224rgb", ("front",)), ("control_steps_per_cpu_s_no_camera", ())):
        env = TabletopEnv(cameras=cams, image_size=224)
        env.reset(seed=0)
        action = np.append(env.world.arm_q(), 0.08).astype(np.float32)
        out[key] = _rate(lambda env=env, action=action: env.step(action), seconds)
        env.close()
    return out


def anchor(python: str, seconds: float) -> dict[str, float]:
    script = Path(__file__).with_name("robosuite_anchor.py")
    proc = subprocess.run([python, str(script), "--seconds", str(seconds)], capture_output=True, text=True,
                          timeout=900)
    if proc.returncode != 0:
        sys.exit(f"sim_speed.py: the robosuite anchor failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="CPU seconds per measurement")
    ap.add_argument("--robosuite", metavar="PYTHON", help="python of an environment with robosuite 1.5.2")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds with --robosuite (default 2)")
    ap.add_argument("--no-episode", action="store_true", help="skip the chain-10 episode")
    args = ap.parse_args()
    if args.robosuite and not Path(args.robosuite).is_file():
        sys.exit(f"sim_speed.py: --robosuite '{args.robosuite}' is not a file; give the python of a robosuite venv")

    mine, theirs = [], []
    for _ in range(args.rounds if args.robosuite else 1):
        mine.append(ours(args.seconds))
        if args.robosuite:
            theirs.append(anchor(args.robosuite, args.seconds))
    figures: dict = {k: round(statistics.median(m[k] for m in mine), 1) for k in mine[0]}
    world = World(playground(), seed=0)
    start, ctrls = manipulation_replay(world)
    figures["mj_step_per_cpu_s_manipulating"] = round(statistics.median(
        bare_manipulating(world, start, ctrls) for _ in range(3)))

    render: dict[str, dict[str, float]] = {}
    for h, w in ((224, 224), (480, 640)):
        with Cameras(world, h, w) as cams:
            for mode in ("rgb", "depth", "segmentation"):
                render.setdefault(mode, {})[f"{w}x{h}"] = round(
                    _rate(lambda cams=cams, mode=mode: cams.render("front", mode), args.seconds / 2), 1)
    figures["render_fps_per_cpu_s"] = render
    figures["substeps_per_control_step"] = layout.SUBSTEPS

    print(f"bare mj_step, at rest:          {figures['mj_step_per_cpu_s']:>9.0f} steps per CPU s")
    print(f"bare mj_step, manipulating:     {figures['mj_step_per_cpu_s_manipulating']:>9.0f} steps per CPU s "
          f"(replayed pick and place controls)")
    print(f"env physics (no render):        {figures['env_physics_steps_per_cpu_s']:>9.0f} steps per CPU s")
    print(f"control loop, 224px RGB:        {figures['control_steps_per_cpu_s_224rgb']:>9.1f} control steps/CPU s")
    print(f"control loop, no camera:        {figures['control_steps_per_cpu_s_no_camera']:>9.1f} control steps/CPU s")
    for mode, sizes in render.items():
        print(f"render {mode:<13} " + "  ".join(f"{k}: {v} fps" for k, v in sizes.items()))

    if not args.no_episode:
        cpu = time.process_time()
        result = run_one(EpisodeSpec("chain-10-v0", 0, perception="privileged"))
        cpu = time.process_time() - cpu
        figures["chain10"] = {"success": result["success"], "simulated_s": result["sim_seconds"],
                              "cpu_s": round(cpu, 2),
                              "real_time_factor_per_cpu_s": round(result["sim_seconds"] / cpu, 1)}
        print(f"chain-10 seed 0 (privileged):   {result['sim_seconds']:.1f} simulated s in {cpu:.1f} CPU s = "
              f"real-time factor {figures['chain10']['real_time_factor_per_cpu_s']} (target >= 20); "
              f"success {result['success']}")

    if theirs:
        rs = {k: statistics.median(t[k] for t in theirs) for k in theirs[0] if k.endswith("_s") or "per" in k}
        ratios = {
            "bare_at_rest": figures["mj_step_per_cpu_s"] / rs["mj_step_per_cpu_s"],
            "bare_manipulating_vs_their_bare": figures["mj_step_per_cpu_s_manipulating"] / rs["mj_step_per_cpu_s"],
            "control_no_camera": figures["control_steps_per_cpu_s_no_camera"] / rs["control_steps_per_cpu_s_no_camera"],
            "control_224rgb": figures["control_steps_per_cpu_s_224rgb"] / rs["control_steps_per_cpu_s_224rgb"],
        }
        figures["robosuite"] = {**theirs[-1], **{k: round(v, 1) for k, v in rs.items()}, "rounds": len(theirs)}
        figures["ratio_vs_robosuite"] = {k: round(v, 2) for k, v in ratios.items()}
        print(f"robosuite {theirs[-1]['robosuite']} Panda Lift (mujoco {theirs[-1]['mujoco']}), medians of "
              f"{len(theirs)} alternating rounds:")
        print(f"  bare mj_step {rs['mj_step_per_cpu_s']:.0f}/CPU s; ours at rest {ratios['bare_at_rest']:.2f}x "
              f"(target >= 0.7x), ours manipulating {ratios['bare_manipulating_vs_their_bare']:.2f}x")
        print(f"  control, no camera {rs['control_steps_per_cpu_s_no_camera']:.1f}/CPU s; ours "
              f"{ratios['control_no_camera']:.1f}x (target >= 4x)")
        print(f"  control, 224px RGB {rs['control_steps_per_cpu_s_224rgb']:.1f}/CPU s; ours "
              f"{ratios['control_224rgb']:.1f}x (target >= 3x)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
