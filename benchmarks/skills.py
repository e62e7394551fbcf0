"""Skill reliability benchmark: each skill over N randomized, seeded scenes in real physics.

    python benchmarks/skills.py --trials 200 [--workers 2]

Prints per-skill success rates, failure reasons and mean simulated seconds; the last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from multiprocessing import Pool

import numpy as np

from embodia.control.robot import SimRobot
from embodia.sim.catalog import COLOURS, ObjectSpec
from embodia.sim.layout import WORKSPACE
from embodia.sim.scene import SceneRequest
from embodia.sim.world import World
from embodia.skills import run_skill
from embodia.skills.drawer import OPEN_SLIDE
from embodia.skills.params import DIRECTIONS
from embodia.skills.place import resting_on
from embodia.types import SkillCall

SKILLS = ("pick", "stack", "put_in", "open", "close", "push")
Outcome = tuple[str, bool, str | None, float, str]  # skill, ok, reason, sim seconds, detail
_WORLDS: dict[int, tuple[World, SimRobot]] = {}  # per-process cache: one world (and robot) per scene template
TEMPLATES = 12


def random_scene(rng: np.random.Generator, drawer_open: float) -> SceneRequest:
    """3-4 blocks and a cylinder (random colours/sizes), one bowl, one bin, the drawer."""
    colours = list(rng.permutation(list(COLOURS)))
    count = int(rng.integers(3, 5))
    objs = [ObjectSpec("block", colours[i], str(rng.choice(["small", "large"]))) for i in range(count)]
    objs.append(ObjectSpec("cylinder", colours[5], str(rng.choice(["small", "large"]))))
    objs += [ObjectSpec("bowl", colours[6], str(rng.choice(["small", "large"]))),
             ObjectSpec("bin", colours[7], str(rng.choice(["small", "large"]))), ObjectSpec("drawer")]
    return SceneRequest(objects=tuple(objs), drawer_open=drawer_open)


DETAIL: list[str] = []


def _call(robot: SimRobot, text: str) -> tuple[bool, str | None, float]:
    r = run_skill(SkillCall.parse(text), robot)
    if not r.ok:
        DETAIL.append(f"{text}: {r.detail}")
    return r.ok, r.reason, r.sim_seconds


def world_for(skill: str, seed: int) -> tuple[World, SimRobot]:
    """Scenes come from TEMPLATES object sets (sizes, colours); positions and yaws from the seed."""
    key = (seed % TEMPLATES) * 2 + (skill in ("put_in", "close"))
    if key not in _WORLDS:
        rng = np.random.default_rng(seed % TEMPLATES)
        world = World(random_scene(rng, OPEN_SLIDE if key % 2 else 0.0), seed=seed)
        _WORLDS[key] = (world, SimRobot(world))
    world, robot = _WORLDS[key]
    world.reseed(seed)
    return world, robot


def trial(args: tuple[str, int]) -> Outcome:
    DETAIL.clear()
    skill, seed = args
    out = _trial(skill, seed)
    return (*out, "; ".join(DETAIL))


def _trial(skill: str, seed: int) -> tuple[str, bool, str | None, float]:
    rng = np.random.default_rng([SKILLS.index(skill), seed])
    world, robot = world_for(skill, seed)
    items = [n for n, o in world.objects.items() if o.is_item]
    blocks = [n for n, o in world.objects.items() if o.kind == "block"]
    if skill == "pick":
        obj = str(rng.choice(items))
        ok, reason, secs = _call(robot, f"pick({obj})")
        return skill, ok and world.held_object() == obj, reason, secs
    if skill == "stack":
        a, b = (str(x) for x in rng.choice(blocks, 2, replace=False))
        ok1, reason, s1 = _call(robot, f"pick({a})")
        if not ok1:
            return skill, False, reason, s1
        ok, reason, s2 = _call(robot, f"place_on({a}, {b})")
        world.settle(1.0)
        return skill, ok and resting_on(world, a, b), reason or (None if ok else "dropped"), s1 + s2
    if skill == "put_in":
        obj = str(rng.choice(items))
        cont = str(rng.choice([n for n, o in world.objects.items() if o.is_container]))
        ok1, reason, s1 = _call(robot, f"pick({obj})")
        if not ok1:
            return skill, False, reason, s1
        ok, reason, s2 = _call(robot, f"place_in({obj}, {cont})")
        return skill, ok, reason, s1 + s2
    if skill in ("open", "close"):
        ok, reason, secs = _call(robot, f"{skill}(drawer)")
        return skill, ok and world.drawer_state() == ("open" if skill == "open" else "closed"), reason, secs
    obj = str(rng.choice(items))
    p = world.object_state(obj).pos
    (x0, x1), (y0, y1) = WORKSPACE  # push directions that keep the item on the workspace
    ok_dirs = [d for d, (dx, dy) in DIRECTIONS.items() if x0 <= p[0] + 0.06 * dx <= x1 and y0 <= p[1] + 0.06 * dy <= y1]
    direction = str(rng.choice(ok_dirs))
    ok, reason, secs = _call(robot, f"push({obj}, {direction}, 0.06)")
    return skill, ok, reason, secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skills", default=",".join(SKILLS))
    ap.add_argument("--verbose", action="store_true", help="print every failure")
    a = ap.parse_args()
    bad = [s for s in a.skills.split(",") if s not in SKILLS]
    if bad:
        ap.error(f"unknown skill {', '.join(bad)}; valid: {', '.join(SKILLS)}")
    jobs = [(s, i) for s in a.skills.split(",") for i in range(a.trials)]
    t0 = time.perf_counter()
    with Pool(a.workers) as pool:
        outcomes = pool.map(trial, jobs, chunksize=4)
    ok: dict[str, list[bool]] = defaultdict(list)
    fails: dict[str, Counter] = defaultdict(Counter)
    secs: dict[str, list[float]] = defaultdict(list)
    for (skill, good, reason, s, detail), (_, seed) in zip(outcomes, jobs):
        ok[skill].append(good)
        secs[skill].append(s)
        if not good:
            fails[skill][reason or "unverified"] += 1
            if a.verbose:
                print(f"  {skill} seed {seed}: {reason}: {detail}")
    print(f"{'skill':8s} {'success':>8s} {'sim s':>6s}  failures")
    for s in ok:
        print(f"{s:8s} {np.mean(ok[s]):8.1%} {np.mean(secs[s]):6.2f}  {dict(fails[s])}")
    print(f"wall {time.perf_counter() - t0:.0f} s for {len(jobs)} trials on {a.workers} workers")
    print(json.dumps({
        "trials": a.trials,
        "success_rate": {s: round(float(np.mean(v)), 4) for s, v in ok.items()},
        "failures": {s: dict(fails[s]) for s in ok},
        "sim_seconds_mean": {s: round(float(np.mean(v)), 2) for s, v in secs.items()},
    }))


if __name__ == "__main__":
    main()
