"""Conventions users expect: GL chosen on every entry path, Gymnasium ids after `import embodia`,
RL reward and termination, one-line CLI errors for bad seeds and modes."""

from __future__ import annotations

import os
import subprocess
import sys

import gymnasium as gym
import numpy as np
import pytest

import embodia  # noqa: F401  (registers the Gymnasium ids)

RENDER = """
import os, numpy as np
import embodia.control  # a lower layer first: GL must still be chosen before mujoco loads
from embodia.sim.render import Cameras
from embodia.sim.scene import playground
from embodia.sim.world import World
cams = Cameras(World(playground(), seed=0), 64, 64)
img = cams.rgb("front")
print(os.environ["MUJOCO_GL"], img.shape, float(img.std()))
"""


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)


def _bare_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MUJOCO_GL", "PYOPENGL_PLATFORM")}
    return {**env, **extra}


def test_rendering_works_with_mujoco_gl_unset() -> None:
    proc = _python(RENDER, _bare_env())
    assert proc.returncode == 0, proc.stderr
    backend, *_, std = proc.stdout.split()
    assert backend in ("egl", "osmesa") and float(std) > 1.0  # a real image, not a blank frame


def test_osmesa_fallback_renders() -> None:
    proc = _python(RENDER, _bare_env(MUJOCO_GL="osmesa"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("osmesa") and float(proc.stdout.split()[-1]) > 1.0


def test_gym_make_works_after_import_embodia() -> None:
    code = "import gymnasium as gym, embodia; e = gym.make('embodia/stack-2-v0', image_size=32); print(e.spec.id)"
    proc = _python(code, _bare_env())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "embodia/stack-2-v0"


def test_reward_is_subgoal_progress_and_goal_terminates() -> None:
    env = gym.make("embodia/stack-2-v0", image_size=32).unwrapped
    _, info = env.reset(seed=3)
    assert not info["success"]
    hold = np.append(env.world.arm_q(), 0.08).astype(np.float32)
    _, reward, terminated, _, _ = env.step(hold)
    assert reward == 0.0 and not terminated
    top, base = env.instance.goal.literals[0].args  # stack-2: on(top, base)
    below = env.world.object_state(base)
    height = env.world.objects[base].half_extents()[2] + env.world.objects[top].half_extents()[2]
    env.world.set_object_pose(top, below.pos + np.array([0.0, 0.0, height + 0.002]))
    _, reward, terminated, truncated, info = env.step(hold)
    assert info["success"] and terminated and not truncated
    assert reward == pytest.approx(1.0)
    env.close()


@pytest.mark.parametrize("args,expected", [
    (("run", "--seed", "-5", "--dry-run"), "seed must be an integer >= 0, got -5"),
    (("run", "--seed", "x", "--dry-run"), "seed must be an integer >= 0, got 'x'"),
    (("run", "--mode", "dance", "--dry-run"), "invalid choice: 'dance'"),
])
def test_bad_seed_and_mode_are_one_line_exit_2(args: tuple[str, ...], expected: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "embodia.cli", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert expected in proc.stderr and "Traceback" not in proc.stderr
    assert "mode" not in expected or all(m in proc.stderr for m in ("plan", "stepwise", "fullplan"))
    assert len(proc.stderr.strip().splitlines()) == 1
