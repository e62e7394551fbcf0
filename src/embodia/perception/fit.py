"""Pose estimation from surface points: fit a known shape's signed distance field to the points.

Shapes are extrusions (a rectangle or a disc swept along z); containers are hollow (outer solid
minus an open-topped inner solid). The pose is (x, y, z, yaw) of the shape's centre, found by a
robust (Huber-weighted) Levenberg-Marquardt fit with a numeric Jacobian. Every visible face pins its
normal direction; a fully visible face also pins its in-plane position (its edge points would
otherwise leave the surface).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embodia.sim.catalog import CONTAINER_FLOOR

HUBER = 0.003  # m, residuals beyond this are down-weighted (outliers, depth noise)
MAX_POINTS = 250  # points per fit (evenly subsampled)
FREE_POINTS = 80  # points whose line of sight is checked for free space
FREE_STEPS = np.array([0.002, 0.006, 0.012, 0.02, 0.03, 0.045])  # m, samples from a point toward its camera
ITERATIONS = 15
YAW_GRID = np.deg2rad(np.arange(-45.0, 45.0, 5.0))  # initial yaw search for rectangular shapes


@dataclass(frozen=True)
class Shape:
    """An extruded solid: rectangle (hx, hy) or disc (radius hx) from z = -hz to +hz, optionally hollow."""

    round: bool
    hx: float
    hy: float
    hz: float
    wall: float = 0.0  # > 0: hollow with this wall, open at the top, floor CONTAINER_FLOOR thick

    @property
    def has_yaw(self) -> bool:
        return not self.round


def _extrusion(p: np.ndarray, round_: bool, hx: float, hy: float, z_lo: float, z_hi: float) -> np.ndarray:
    """Signed distance of local points (N, 3) to a rectangle/disc extruded from z_lo to z_hi."""
    if round_:
        dxy = np.hypot(p[:, 0], p[:, 1]) - hx
    else:
        qx, qy = np.abs(p[:, 0]) - hx, np.abs(p[:, 1]) - hy
        dxy = np.minimum(np.maximum(qx, qy), 0) + np.hypot(np.maximum(qx, 0), np.maximum(qy, 0))
    dz = np.maximum(z_lo - p[:, 2], p[:, 2] - z_hi)
    return np.minimum(np.maximum(dxy, dz), 0) + np.hypot(np.maximum(dxy, 0), np.maximum(dz, 0))


def sdf(shape: Shape, p: np.ndarray) -> np.ndarray:
    """Signed distance of points given in the shape's frame."""
    outer = _extrusion(p, shape.round, shape.hx, shape.hy, -shape.hz, shape.hz)
    if shape.wall <= 0:
        return outer
    w = shape.wall
    inner = _extrusion(p, shape.round, shape.hx - w, shape.hy - w, -shape.hz + CONTAINER_FLOOR, shape.hz + 1.0)
    return np.maximum(outer, -inner)


def to_local(points: np.ndarray, pose: np.ndarray) -> np.ndarray:
    """World points into the frame of a shape at pose (x, y, z, yaw)."""
    d = points - pose[:3]
    c, s = np.cos(pose[3]), np.sin(pose[3])
    return np.stack([c * d[:, 0] + s * d[:, 1], -s * d[:, 0] + c * d[:, 1], d[:, 2]], axis=1)


def _subsample(points: np.ndarray) -> np.ndarray:
    if len(points) <= MAX_POINTS:
        return points
    return points[np.linspace(0, len(points) - 1, MAX_POINTS).astype(int)]


def initial_pose(shape: Shape, points: np.ndarray) -> np.ndarray:
    """Centre from the middle of the top-most points (top face or rim) in the shape's yaw frame,
    z from the highest points, yaw by the minimum-area bounding box of those points."""
    ztop = float(np.percentile(points[:, 2], 98))
    top = points[points[:, 2] > ztop - 0.006, :2]
    yaw = 0.0
    if shape.has_yaw and len(top) >= 6:
        areas = [np.ptp(_rot(top, a), axis=0).prod() for a in YAW_GRID]
        yaw = float(YAW_GRID[int(np.argmin(areas))])
    local = _rot(top, yaw)
    mid = (np.percentile(local, 1, axis=0) + np.percentile(local, 99, axis=0)) / 2
    xy = _rot(mid[None], -yaw)[0]
    return np.array([xy[0], xy[1], ztop - shape.hz, yaw])


def _rot(xy: np.ndarray, a: float) -> np.ndarray:
    """Coordinates of 2-D points in a frame rotated by a."""
    c, s = np.cos(a), np.sin(a)
    return np.stack([xy[:, 0] * c + xy[:, 1] * s, -xy[:, 0] * s + xy[:, 1] * c], axis=1)


def fit_pose(shape: Shape, points: np.ndarray, origins: np.ndarray | None = None,
             init: np.ndarray | None = None) -> np.ndarray:
    """Robust LM fit of the shape's pose (x, y, z, yaw) to surface points (N, 3).

    With `origins` (the camera centre each point was seen from), the line of sight just in front of
    each point must be free: the shape may not sit between a camera and what it saw (this rules out
    the mirror solution that puts a face's points on the far side of the solid)."""
    idx = np.linspace(0, len(points) - 1, min(len(points), MAX_POINTS)).astype(int)
    pts = points[idx]
    pose = initial_pose(shape, pts) if init is None else init.astype(float)
    free = [0, 1, 2, 3] if shape.has_yaw else [0, 1, 2]
    lam, eps = 1e-3, 1e-5
    ahead = np.empty((0, 3))
    if origins is not None:
        sub = idx[np.linspace(0, len(idx) - 1, min(len(idx), FREE_POINTS)).astype(int)]
        ray = origins[sub] - points[sub]
        ray /= np.linalg.norm(ray, axis=1, keepdims=True)
        ahead = (points[sub][:, None, :] + FREE_STEPS[None, :, None] * ray[:, None, :]).reshape(-1, 3)
    n_free = len(ahead) // len(FREE_STEPS) if len(ahead) else 0

    def resid(q: np.ndarray) -> np.ndarray:
        r = sdf(shape, to_local(pts, q))
        if not n_free:
            return r
        inside = np.maximum(0.0, -sdf(shape, to_local(ahead, q))).reshape(n_free, len(FREE_STEPS)).max(axis=1)
        return np.concatenate([r, inside])

    r = resid(pose)
    for _ in range(ITERATIONS):
        w = np.where(np.abs(r) <= HUBER, 1.0, HUBER / np.maximum(np.abs(r), 1e-12))
        jac = np.empty((len(r), len(free)))
        for k, i in enumerate(free):
            q = pose.copy()
            q[i] += eps
            jac[:, k] = (resid(q) - r) / eps
        jw = jac * w[:, None]
        h = jw.T @ jac
        g = jw.T @ r
        step = -np.linalg.solve(h + lam * (np.diag(np.diag(h)) + 1e-9 * np.eye(len(free))), g)
        trial = pose.copy()
        trial[free] += step
        rt = resid(trial)
        if _cost(rt) < _cost(r):
            pose, r, lam = trial, rt, lam * 0.3
            if np.abs(step).max() < 5e-5:
                break
        else:
            lam *= 10
    return pose


def _cost(r: np.ndarray) -> float:
    a = np.abs(r)
    return float(np.where(a <= HUBER, 0.5 * a * a, HUBER * (a - 0.5 * HUBER)).sum())


STILL_MEDIAN = 0.0015  # m, median distance of the points to a remembered pose for it to still hold
STILL_P90 = 0.004  # m, and their 90th percentile


def still_fits(distances: np.ndarray) -> bool:
    """Whether points at these distances from a remembered pose are explained by it (nothing moved)."""
    d = np.abs(distances)
    return len(d) > 0 and float(np.median(d)) < STILL_MEDIAN and float(np.percentile(d, 90)) < STILL_P90


def wrap_yaw(yaw: float, period: float) -> float:
    """Yaw folded into [-period/2, period/2) (square shapes repeat every 90 degrees)."""
    return float((yaw + period / 2) % period - period / 2)


Box = tuple[np.ndarray, np.ndarray]  # centre and half sizes of an axis-aligned box


def fit_slide(points: np.ndarray, origin: np.ndarray, boxes: list[Box], travel: float,
              last: float | None = None) -> float:
    """Drawer slide (it moves along -y) that best explains its surface points; coarse then fine grid.
    `boxes` are the drawer's parts relative to `origin`, the drawer's frame when shut; `last`, a slide
    remembered from an earlier look, is kept when it still explains the points."""
    pts = _subsample(points) - origin

    def dist(s: float) -> np.ndarray:
        p = pts + np.array([0.0, s, 0.0])
        return np.min([_extrusion(p - c, False, h[0], h[1], -h[2], h[2]) for c, h in boxes], axis=0)

    def cost(s: float) -> float:
        return _cost(dist(s))

    if last is not None and still_fits(dist(last)):
        return float(last)

    coarse = np.arange(0.0, travel + 1e-9, 0.005)
    best = float(coarse[int(np.argmin([cost(s) for s in coarse]))])
    fine = np.clip(np.arange(best - 0.005, best + 0.0051, 0.0005), 0.0, travel)
    return float(fine[int(np.argmin([cost(s) for s in fine]))])
