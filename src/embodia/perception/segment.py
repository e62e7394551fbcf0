"""Segmentation from RGB-D alone, the way a tabletop pipeline does it (no rendered masks):

1. back-project every pixel of every camera into the world frame (calibrated intrinsics and extrinsics);
2. keep the table's volume and remove the table plane (a least-squares plane through the near-table points);
3. remove the robot by its own kinematic model (a self-filter: points inside any link's box, posed by forward
   kinematics from the joint sensors) and the static cabinet by its known geometry;
4. label each point with the nearest catalogue colour (brightness-invariant);
5. cluster points per colour label by 26-connected occupancy on a voxel grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from embodia.sim import layout
from embodia.sim.catalog import COLOURS
from embodia.sim.render import Cameras
from embodia.sim.world import World

PLANE_BAND = 0.01  # m, points this close to z = 0 are used to fit the table plane
PLANE_TOL = 0.004  # m, points this close to the fitted plane are table
TOP_Z = 0.6  # m, nothing on the table is higher than this
SELF_MARGIN = 0.012  # m, robot link boxes are grown by this for the self-filter
STATIC_MARGIN = 0.006  # m, cabinet boxes are grown by this
VOXEL = 0.01  # m, clustering grid
COLOUR_NAMES = tuple(sorted(COLOURS))
ACHROMATIC = ("black", "white")
GREY_CHROMA = 0.12  # max - min channel below this: a grey point (white or black, lit or shaded)
_REFS = np.array([COLOURS[c] for c in COLOUR_NAMES])
_CHROMATIC = np.array([c not in ACHROMATIC for c in COLOUR_NAMES])


@dataclass(frozen=True)
class Cloud:
    """Object candidate points: world xyz with the centre of the camera that saw each (N, 6), RGB in 0..1
    (N, 3) and a catalogue colour index per point (N,)."""

    points: np.ndarray
    rgb: np.ndarray
    label: np.ndarray


_RAYS: dict[tuple, np.ndarray] = {}  # (camera pose, intrinsics, size) -> per-pixel world ray at depth 1


def back_project(cams: Cameras, cam: str, depth: np.ndarray) -> np.ndarray:
    """World points (H*W, 3) of every pixel of a depth image (rays cached per calibrated camera)."""
    k = cams.intrinsics(cam)
    origin, rot = cams.extrinsics(cam)
    key = (cam, depth.shape, tuple(np.round(origin, 6)), tuple(np.round(rot.ravel(), 6)), k)
    rays = _RAYS.get(key)
    if rays is None:
        v, u = np.indices(depth.shape)
        local = np.stack([(u.reshape(-1) - k.cx) / k.fx, -(v.reshape(-1) - k.cy) / k.fy,
                          -np.ones(u.size)], axis=1)
        rays = _RAYS[key] = local @ rot.T
    return origin + depth.reshape(-1, 1).astype(float) * rays


def _inside_boxes(points: np.ndarray, boxes: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
                  margin: float) -> np.ndarray:
    """Points inside any (centre, rotation, half size) box grown by margin."""
    hit = np.zeros(len(points), bool)
    if not boxes or not len(points):
        return hit
    reach = [float(np.linalg.norm(h)) + margin for _, _, h in boxes]
    lo = np.min([c - r for (c, _, _), r in zip(boxes, reach)], axis=0)
    hi = np.max([c + r for (c, _, _), r in zip(boxes, reach)], axis=0)
    near = np.nonzero(((points >= lo) & (points <= hi)).all(axis=1))[0]  # only points near any box
    for (centre, rot, half), r in zip(boxes, reach):
        cand = near[(np.abs(points[near] - centre) <= r).all(axis=1)]
        local = np.abs((points[cand] - centre) @ rot)
        hit[cand[(local <= half + margin).all(axis=1)]] = True
    return hit


def robot_bodies(world: World) -> set[int]:
    """The robot's bodies: its base (the parent of the first arm joint's body) and everything below it."""
    m = world.model
    base = int(m.body_parentid[m.joint(world.robot.arm_joints[0]).bodyid[0]])
    out = set()
    for b in range(m.nbody):
        a = b
        while a > 0 and a != base:
            a = int(m.body_parentid[a])
        if a == base and base > 0:
            out.add(b)
    return out


def robot_boxes(world: World) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every robot geom's bounding box posed by forward kinematics (the self-filter's model)."""
    m, d = world.model, world.data
    mine = robot_bodies(world)
    out = []
    for g in range(m.ngeom):
        if int(m.geom_bodyid[g]) in mine and g not in world.geom_owner:
            rot = d.geom_xmat[g].reshape(3, 3)
            aabb = m.geom_aabb[g]
            out.append((d.geom_xpos[g] + rot @ aabb[:3], rot, aabb[3:].copy()))
    return out


def static_boxes(world: World) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The cabinet's boxes (static furniture of known geometry)."""
    m, d = world.model, world.data
    return [(d.geom_xpos[g].copy(), d.geom_xmat[g].reshape(3, 3).copy(), m.geom_size[g].copy())
            for g in range(m.ngeom) if m.body(m.geom_bodyid[g]).name == "cabinet"]


def remove_table_plane(points: np.ndarray) -> np.ndarray:
    """Mask of points above the table plane, fitted by least squares to the points near z = 0."""
    near = points[np.abs(points[:, 2]) < PLANE_BAND]
    if len(near) < 50:
        return points[:, 2] > PLANE_TOL
    a = np.c_[near[:, :2], np.ones(len(near))]
    coef, *_ = np.linalg.lstsq(a, near[:, 2], rcond=None)
    height = points[:, 2] - (points[:, :2] @ coef[:2] + coef[2])
    return height > PLANE_TOL


def colour_labels(rgb: np.ndarray) -> np.ndarray:
    """Index into COLOUR_NAMES of each RGB row (0..1): grey points are white or black by brightness; the others
    take the nearest chromatic catalogue colour, brightness-invariant (a clipped channel keeps its hue)."""
    scale = np.clip(rgb @ _REFS.T / (_REFS ** 2).sum(axis=1), 0.3, 1.5)  # (N, C)
    dist = np.linalg.norm(rgb[:, None, :] - scale[..., None] * _REFS[None], axis=2)
    dist[:, ~_CHROMATIC] = np.inf
    label = np.argmin(dist, axis=1)
    grey = np.ptp(rgb, axis=1) < GREY_CHROMA
    bright = rgb.mean(axis=1) > 0.35
    label[grey] = np.where(bright[grey], COLOUR_NAMES.index("white"), COLOUR_NAMES.index("black"))
    return label


def object_points(world: World, cams: Cameras, cameras: tuple[str, ...], rng: np.random.Generator | None = None,
                  depth_noise: float = 0.0) -> Cloud:
    """All points of every camera that may belong to an object (table, robot and cabinet removed)."""
    cx, cy = layout.TABLE_CENTER
    hx, hy = layout.TABLE_HALF[:2]
    pts, cols, origins = [], [], []
    robot, cabinet = robot_boxes(world), static_boxes(world)
    for cam in cameras:
        depth, rgb = cams.depth(cam), cams.rgb(cam)
        if depth_noise > 0 and rng is not None:
            depth = depth + rng.normal(0.0, depth_noise, depth.shape).astype(depth.dtype)
        p = back_project(cams, cam, depth)
        keep = (np.abs(p[:, 0] - cx) < hx) & (np.abs(p[:, 1] - cy) < hy) & (p[:, 2] < TOP_Z)
        keep &= remove_table_plane(p)
        p, c = p[keep], rgb.reshape(-1, 3)[keep]
        drop = _inside_boxes(p, robot, SELF_MARGIN) | _inside_boxes(p, cabinet, STATIC_MARGIN)
        p, c = p[~drop], c[~drop]
        pts.append(p)
        cols.append(c)
        origins.append(np.broadcast_to(cams.extrinsics(cam)[0], p.shape))
    p, c = np.concatenate(pts), np.concatenate(cols).astype(float) / 255.0
    return Cloud(np.hstack([p, np.concatenate(origins)]), c, colour_labels(c))


def clusters(points: np.ndarray) -> list[np.ndarray]:
    """Indices of the points of each 26-connected voxel cluster, largest first."""
    if len(points) == 0:
        return []
    vox = np.floor(points[:, :3] / VOXEL).astype(int)
    lo = vox.min(axis=0)
    grid = np.zeros(tuple(vox.max(axis=0) - lo + 1), bool)
    idx = tuple((vox - lo).T)
    grid[idx] = True
    labels, n = ndimage.label(grid, structure=np.ones((3, 3, 3), bool))
    of_point = labels[idx]
    groups = [np.nonzero(of_point == k)[0] for k in range(1, n + 1)]
    return sorted(groups, key=len, reverse=True)
