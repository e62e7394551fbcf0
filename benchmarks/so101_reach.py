"""Where the simulated SO-101's hand can point straight down: for a few tool heights and azimuths around the pan
axis, the nearest and farthest horizontal radius at which mink's IK (from the home pose, any of four yaws 45 deg
apart) reaches a top-down pose. These figures set `reach_min`, `reach_max` and `max_transit_z` in sim/robots.py.

Usage: python benchmarks/so101_reach.py   (the last line is one JSON object)
"""

from __future__ import annotations

import json
import math
import time

import numpy as np

from embodia.control.ik import ArmIK, down_rot
from embodia.sim.robots import so101_robot

HEIGHTS = (0.016, 0.05, 0.07, 0.08, 0.09)  # m, tool centre above the table
AZIMUTHS = (-75, -45, 0, 45, 75)  # deg around the pan axis
RADII = np.arange(0.06, 0.30, 0.01)  # m from the pan axis
YAWS = (0.0, math.pi / 4, math.pi / 2, -math.pi / 4)


def main() -> None:
    robot = so101_robot()
    ik = ArmIK(robot=robot)
    home = np.array(robot.home_q)
    sx, sy, _ = robot.shoulder
    t0 = time.perf_counter()
    out: dict[str, dict[str, list[float | None]]] = {}
    for z in HEIGHTS:
        row = {}
        for az in AZIMUTHS:
            a = math.radians(az)
            ok = [r for r in RADII if any(ik.solve(home, np.array([sx + r * math.cos(a), sy + r * math.sin(a), z]),
                                                   down_rot(y), iters=80).ok for y in YAWS)]
            row[str(az)] = [round(float(min(ok)), 3), round(float(max(ok)), 3)] if ok else [None, None]
            print(f"z {z:.3f} m, azimuth {az:+4d} deg: reached from {row[str(az)][0]} to {row[str(az)][1]} m",
                  flush=True)
        out[f"{z:.3f}"] = row
    print(json.dumps({"reach_m_by_height_and_azimuth": out, "seconds": round(time.perf_counter() - t0, 1)}))


if __name__ == "__main__":
    main()
