"""Every seed gives a scene: crowded requests that random placement cannot fit fall back to packing."""

import math

from embodia.sim import layout
from embodia.sim.scene import place, reachable
from embodia.tasks.registry import get_task


def test_crowded_chain_seeds_give_a_valid_scene():
    for seed in (2000, 93021):  # random placement paints itself in on these
        placed = place(get_task("chain-20-disturbed").make(seed).scene, seed)
        ground = [(o, p) for o, p, _ in placed if o.kind != "drawer" and p[2] < o.half_extents()[2] + 0.002]
        for i, (a, pa) in enumerate(ground):
            assert reachable(pa[0], pa[1])
            for b, pb in ground[i + 1:]:
                gap = math.dist(pa[:2], pb[:2]) - math.hypot(*a.half_extents()[:2]) - math.hypot(*b.half_extents()[:2])
                assert gap >= layout.PLACEMENT_MARGIN - 1e-9, (a.name, b.name)
