"""RGB-D perception without rendered masks: segment.py finds object points and clusters, this module names
them against the scene's catalogue (what objects exist, their colours, kinds and sizes), then the camera
provider's shape fits, memory and proprioception take over.

Naming: points inside the drawer's swept volume that its model explains at the fitted slide are the drawer;
the rest are items. Points of one catalogue colour go to the objects of that colour: one object takes its
largest cluster and the clusters near it; a container shared with items of its colour keeps the points its
hollow shape explains and leaves the rest to the items; several items of one colour take clusters by size.
"""

from __future__ import annotations

import numpy as np

from embodia.perception.camera import DEFAULT_CAMERAS, CameraProvider, drawer_geometry, shape_of
from embodia.perception.fit import (
    YAW_GRID,
    Shape,
    _extrusion,
    _rot,
    fit_pose,
    fit_slide,
    sdf,
    still_fits,
    to_local,
)
from embodia.perception.segment import COLOUR_NAMES, clusters, object_points
from embodia.sim import layout
from embodia.sim.catalog import ObjectSpec
from embodia.sim.render import Cameras

DRAWER_TOL = 0.006  # m, points this close to the drawer's model at the fitted slide are the drawer
SHAPE_TOL = 0.006  # m, points this close to a container's fitted shape are the container
MIN_CLUSTER = 8  # points; smaller clusters are noise (edge pixels, self-filter leftovers)
FAR = 0.02  # m, cluster points this far from a fitted shape count against it
MAX_CANDIDATES = 4  # largest clusters tried per object
SATURATED = 0.98  # every channel at or above this: a clipped white highlight

__all__ = ["RgbdProvider"]


class RgbdProvider(CameraProvider):
    """Scene graphs from RGB-D alone (no instance masks) plus proprioception."""

    name = "rgbd"

    def __init__(self, cameras: tuple[str, ...] = DEFAULT_CAMERAS, **options) -> None:
        super().__init__(cameras, **options)

    def _need_colour(self, world) -> bool:
        return True  # colour is how points are told apart

    def _clouds(self, cams: Cameras) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        world = cams.world
        cloud = object_points(world, cams, self.cameras, self.rng, self.depth_noise)
        pts, rgb, label = cloud.points, cloud.rgb, cloud.label
        out_p: dict[str, np.ndarray] = {}
        out_c: dict[str, np.ndarray] = {}
        if "drawer" in world.objects:
            mine, rest = self._drawer_points(world, pts)
            if mine.any():
                out_p["drawer"], out_c["drawer"] = pts[mine], rgb[mine]
            pts, rgb, label = pts[rest], rgb[rest], label[rest]
        specs = [s for n, s in sorted(world.objects.items()) if s.kind != "drawer"]
        usable = rgb.min(axis=1) < SATURATED  # a white highlight tells no colour
        for k, colour in enumerate(COLOUR_NAMES):  # grey points are white or black by brightness
            owners = [s for s in specs if s.colour == colour]
            sel = np.nonzero(usable & (label == k))[0]
            if not owners or len(sel) < MIN_CLUSTER:
                continue
            for name, idx in _assign(owners, pts[sel], self._poses).items():
                out_p[name], out_c[name] = pts[sel[idx]], rgb[sel[idx]]
        return out_p, out_c

    def _drawer_points(self, world, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Masks of the drawer's points and of everything else."""
        origin, boxes = drawer_geometry(world)
        lo = np.min([c - h for c, h in boxes], axis=0) + origin - np.array([0, layout.DRAWER_TRAVEL, 0]) - 0.01
        hi = np.max([c + h for c, h in boxes], axis=0) + origin + 0.01
        swept = ((pts[:, :3] >= lo) & (pts[:, :3] <= hi)).all(axis=1)
        if swept.sum() < MIN_CLUSTER:
            return np.zeros(len(pts), bool), np.ones(len(pts), bool)
        slide = fit_slide(pts[swept, :3], origin, boxes, layout.DRAWER_TRAVEL)
        local = pts[:, :3] - origin + np.array([0.0, slide, 0.0])
        d = np.min([_extrusion(local - c, False, h[0], h[1], -h[2], h[2]) for c, h in boxes], axis=0)
        mine = swept & (np.abs(d) <= DRAWER_TOL)
        return mine, ~mine


def _outline_pose(shape: Shape, pts: np.ndarray) -> np.ndarray:
    """A container's pose from the outline of its points (items inside it do not widen the outline): yaw of
    the smallest bounding rectangle, its centre, standing on the table."""
    xy = pts[:, :2]
    yaw = 0.0
    if shape.has_yaw:
        yaw = float(min(YAW_GRID, key=lambda a: float(np.ptp(_rot(xy, a), axis=0).prod())))
    local = _rot(xy, yaw)
    mid = (np.percentile(local, 1, axis=0) + np.percentile(local, 99, axis=0)) / 2
    centre = _rot(mid[None], -yaw)[0]
    return np.array([centre[0], centre[1], shape.hz, yaw])


def _still(spec: ObjectSpec, pts: np.ndarray, last: np.ndarray | None) -> tuple[int, np.ndarray] | None:
    """The score and inliers of a cluster that the object's remembered pose still explains (no fit needed)."""
    if last is None:
        return None
    d = np.abs(sdf(shape_of(spec), to_local(pts[:, :3], last)))
    inside = d <= SHAPE_TOL
    if inside.sum() < 0.5 * len(d) or not still_fits(d[inside]):
        return None
    return int(inside.sum() - 0.5 * (d > FAR).sum()), inside


def _score(spec: ObjectSpec, pts: np.ndarray) -> tuple[int, np.ndarray]:
    """How well the object's catalogue shape explains a cluster: inliers minus half the far points, and the
    inlier mask."""
    shape = shape_of(spec)
    init = _outline_pose(shape, pts[:, :3]) if spec.kind in ("bowl", "bin") else None
    pose = fit_pose(shape, pts[:, :3], pts[:, 3:], init)
    d = np.abs(sdf(shape, to_local(pts[:, :3], pose)))
    inside = d <= SHAPE_TOL
    return int(inside.sum() - 0.5 * (d > FAR).sum()), inside


def _assign(owners: list[ObjectSpec], pts: np.ndarray, poses: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Point indices per object for the points of one colour: containers first,
    each taking the points its hollow shape explains in its best cluster; then items, largest first, each
    taking the whole cluster its shape explains best."""
    out: dict[str, np.ndarray] = {}
    left = np.arange(len(pts))
    order = sorted(owners, key=lambda s: (s.kind not in ("bowl", "bin"), -float(np.prod(s.half_extents()))))
    for spec in order:
        groups = [left[g] for g in clusters(pts[left]) if len(g) >= MIN_CLUSTER] if len(left) else []
        if not groups:
            break
        kept = [(r, i) for i, g in enumerate(groups[:MAX_CANDIDATES])
                if (r := _still(spec, pts[g], poses.get(spec.name))) is not None]
        scored = kept or [(_score(spec, pts[g]), i) for i, g in enumerate(groups[:MAX_CANDIDATES])]
        (score, inside), i = max(scored, key=lambda x: (x[0][0], -x[1]))
        if score < MIN_CLUSTER:
            continue
        mine = groups[i][inside] if spec.kind in ("bowl", "bin") else groups[i]
        out[spec.name] = mine
        left = np.setdiff1d(left, mine)
    return out
