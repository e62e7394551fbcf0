"""Camera perception against privileged perception over random scenes (stacks, bowls, bins, the drawer).

    python benchmarks/perception.py --scenes 200

Per scene: both providers observe the settled world once. Figures: position error of every object
the camera observed (median, 95th percentile), predicate agreement (shared atoms / union of atoms,
summed over scenes), observation time per provider. Items are put in the drawer only when it is
open (a closed drawer hides them, which the camera reports as not observed; counted separately).
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import time

import numpy as np

from embodia.perception import CameraProvider, PrivilegedProvider
from embodia.sim.catalog import COLOURS, ObjectSpec
from embodia.sim.scene import SceneRequest
from embodia.sim.world import World
from embodia.types import EmbodiaError


def random_request(rng: np.random.Generator) -> SceneRequest:
    """2-5 blocks, maybe a cylinder, bowl, bin and drawer; maybe a stack, items in containers."""
    colours = list(rng.permutation(sorted(COLOURS)))
    sizes = ("small", "large")
    blocks = [ObjectSpec("block", colours.pop(), sizes[rng.integers(2)]) for _ in range(rng.integers(2, 6))]
    items = list(blocks)
    if rng.random() < 0.5:
        items.append(ObjectSpec("cylinder", colours.pop(), sizes[rng.integers(2)]))
    containers = [ObjectSpec(k, colours.pop(), sizes[rng.integers(2)]) for k in ("bowl", "bin") if rng.random() < 0.6]
    drawer = rng.random() < 0.8
    slide = float(rng.choice([0.0, 0.06, rng.uniform(0.12, 0.17)], p=[0.3, 0.1, 0.6])) if drawer else 0.0
    name = {id(o): f"{o.colour}_{o.kind}" for o in items + containers}
    free = list(rng.permutation(len(items)))
    stacks: list[tuple[str, ...]] = []
    if rng.random() < 0.6 and len(blocks) >= 2:
        height = int(min(len(blocks), rng.integers(2, 4)))
        tower = [i for i in free if items[i].kind == "block"][:height]
        stacks.append(tuple(name[id(items[i])] for i in tower))
        free = [i for i in free if i not in tower]
    inside: list[tuple[str, str]] = []
    targets = [name[id(c)] for c in containers] + (["drawer"] if drawer and slide >= 0.12 else [])
    for t in targets:
        for _ in range(int(rng.integers(0, 3 if t == "drawer" else 2) + (t == "drawer"))):
            if free:
                inside.append((name[id(items[free.pop()])], t))
    objects = tuple(items + containers + ([ObjectSpec("drawer")] if drawer else []))
    return SceneRequest(objects=objects, stacks=tuple(stacks), inside=tuple(inside), drawer_open=slide)


def run_scene(index: int, depth_noise: float = 0.0, pose_jitter: float = 0.0) -> dict:
    """Observe one random scene with both providers; errors, atom counts and timings."""
    for attempt in range(20):
        req = random_request(np.random.default_rng([index, attempt]))
        try:
            world = World(req, seed=index)
            break
        except EmbodiaError:  # cannot fit: draw another scene
            continue
    else:
        raise RuntimeError(f"scene {index}: no valid random scene")
    with CameraProvider(depth_noise=depth_noise, pose_jitter=pose_jitter, seed=index) as camera:
        camera.observe(world)  # warm-up (GL context, buffers)
        t0 = time.perf_counter()
        exact = PrivilegedProvider().observe(world)
        t1 = time.perf_counter()
        seen = camera.observe(world)
        t2 = time.perf_counter()
    errors, unobserved = [], 0
    for name in exact.names:
        node = seen.object(name)
        if node.observed:
            errors.append(float(np.linalg.norm(np.subtract(exact.object(name).pos, node.pos))))
        else:
            unobserved += 1
    a, b = exact.facts(), seen.facts()
    return {"errors": errors, "unobserved": unobserved, "shared": len(a & b), "union": len(a | b),
            "mismatch": sorted(str(x) for x in a ^ b), "priv_ms": (t1 - t0) * 1e3, "cam_ms": (t2 - t1) * 1e3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--depth-noise", type=float, default=0.0, help="depth noise std dev (m)")
    parser.add_argument("--pose-jitter", type=float, default=0.0, help="position jitter std dev (m)")
    args = parser.parse_args()
    with mp.get_context("spawn").Pool(args.workers) as pool:
        jobs = [(i, args.depth_noise, args.pose_jitter) for i in range(args.scenes)]
        results = pool.starmap(run_scene, jobs, chunksize=4)
    errors = np.concatenate([r["errors"] for r in results])
    shared, union = sum(r["shared"] for r in results), sum(r["union"] for r in results)
    bad = [(i, r["mismatch"]) for i, r in enumerate(results) if r["mismatch"]]
    for i, mismatch in bad[:10]:
        print(f"scene {i}: disagree on {', '.join(mismatch)}")
    summary = {
        "scenes": args.scenes, "depth_noise_m": args.depth_noise, "pose_jitter_m": args.pose_jitter,
        "objects_compared": int(len(errors)),
        "objects_unobserved": int(sum(r["unobserved"] for r in results)),
        "median_pos_error_m": round(float(np.median(errors)), 6),
        "p95_pos_error_m": round(float(np.percentile(errors, 95)), 5),
        "max_pos_error_m": round(float(errors.max()), 5),
        "predicate_agreement": round(shared / union, 5),
        "scenes_exact_agreement": round(1 - len(bad) / args.scenes, 4),
        "observe_ms_median": {"privileged": round(float(np.median([r["priv_ms"] for r in results])), 3),
                              "camera": round(float(np.median([r["cam_ms"] for r in results])), 1)},
    }
    print(f"{summary['objects_compared']} objects over {args.scenes} scenes: position error median "
          f"{summary['median_pos_error_m'] * 1e3:.1f} mm, p95 {summary['p95_pos_error_m'] * 1e3:.1f} mm; "
          f"predicate agreement {summary['predicate_agreement']:.2%}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
