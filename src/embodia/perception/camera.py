"""Camera perception: RGB-D and segmentation of fixed cameras -> SceneGraph, with no simulator poses.

What it uses:
- images of the fixed cameras (front and top by default): depth back-projected through the
  cameras' intrinsics/extrinsics (calibration), segmentation for identity, RGB for colour;
- the identity -> catalogue entry (kind, size, so the shape and its size) as a prior: a segment id
  names the object, as a trained detector would; every POSITION, yaw and the drawer's slide is
  estimated from the depth points alone (fit.py);
- the robot's own proprioception (proprio.py): finger gap, the fingers' contact sensors and the TCP
  pose from forward kinematics, for holding(x): the hand is closed on something; which item is named
  by the points nearest the fingers, else by memory.
It never reads object poses or the drawer joint. The images are rendered from the world unless a frame source
gives them (`frames=`, perception/frames.py: a physical camera's frames and calibration).

Objects with fewer than MIN_POINTS points are not observed: they are reported as such, with their last
seen pose as `last_seen`, a confidence that halves with every look that misses them, and their last
known location atoms (on/in/on_table/open/closed) from this provider's memory; never seen: no pose and
no atoms. The memory is per provider; it is cleared on reset() or when the world or its seed changes.
"""

from __future__ import annotations

import numpy as np

from embodia.perception.fit import Box, Shape, fit_pose, fit_slide, sdf, still_fits, to_local, wrap_yaw
from embodia.perception.graph import DrawerNode, GripperState, ObjectNode, SceneGraph
from embodia.perception.proprio import grasping, held_identity
from embodia.perception.provider import PerceptionProvider, drawer_node
from embodia.perception.relations import CONTAINER_WALL
from embodia.sim import layout
from embodia.sim.catalog import COLOURS, ObjectSpec
from embodia.sim.render import Cameras
from embodia.sim.world import World, mujoco
from embodia.types import Literal

DEFAULT_CAMERAS = ("front", "top")
MIN_POINTS = 15  # object points (all cameras together) needed to call it observed
# atoms kept for unobserved objects
CARRIED = frozenset({"on", "in", "on_table", "loose", "leans_on", "open", "closed"})
SATURATED = 250  # RGB values at or above this are clipped highlights, ignored for colour

__all__ = ["CameraProvider", "shape_of", "classify_colour", "DEFAULT_CAMERAS", "MIN_POINTS"]


def shape_of(spec: ObjectSpec) -> Shape:
    """The catalogue shape of an item or container (the size prior)."""
    hx, hy, hz = spec.half_extents()
    wall = CONTAINER_WALL.get(spec.kind, 0.0)
    return Shape(spec.kind in ("cylinder", "bowl"), hx, hy, hz, wall)


def drawer_geometry(world: World) -> tuple[np.ndarray, list[Box]]:
    """The drawer's frame when shut and its boxes in that frame: the cabinet's static model geometry
    (like a CAD model and a calibrated cabinet position), not its state."""
    m = world.model
    body = m.body("drawer")
    origin = m.body_pos[body.id] + m.body_pos[m.body_parentid[body.id]]
    boxes = [(m.geom_pos[g].copy(), m.geom_size[g].copy()) for g, n in sorted(world.geom_owner.items())
             if n == "drawer" and m.geom_type[g] == mujoco.mjtGeom.mjGEOM_BOX]
    return origin, boxes


def classify_colour(rgb: np.ndarray) -> str:
    """Nearest catalogue colour to an observed RGB (0..1), allowing for a brightness scale."""
    best, name = np.inf, "white"
    for cname, ref in sorted(COLOURS.items()):
        c = np.asarray(ref)
        s = float(np.clip(rgb @ c / (c @ c), 0.3, 1.5))
        d = float(np.linalg.norm(rgb - s * c))
        if d < best:
            best, name = d, cname
    return name


class CameraProvider(PerceptionProvider):
    """Scene graphs from rendered RGB-D + segmentation; optional seeded depth noise and pose jitter."""

    name = "camera"

    def __init__(self, cameras: tuple[str, ...] = DEFAULT_CAMERAS, height: int = 240, width: int = 320,
                 depth_noise: float = 0.0, pose_jitter: float = 0.0, seed: int = 0, frames=None) -> None:
        self.cameras, self.height, self.width = tuple(cameras), height, width
        self.frames = frames  # a frame source (perception/frames.py) instead of rendering the world
        self.depth_noise, self.pose_jitter = depth_noise, pose_jitter
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self._cams: Cameras | None = None
        self._key: tuple[int, int] | None = None
        self._last: dict[str, ObjectNode] = {}
        self._atoms: dict[str, frozenset[Literal]] = {}
        self._missed: dict[str, int] = {}  # looks since an object was last observed
        self._poses: dict[str, np.ndarray] = {}  # last fitted (x, y, z, yaw) per object, unjittered
        self._held: str | None = None

    def reset(self) -> None:
        self._last.clear()
        self._atoms.clear()
        self._missed.clear()
        self._poses.clear()
        self._held = None
        self.rng = np.random.default_rng(self.seed)

    def close(self) -> None:
        if self._cams is not None:
            if self._cams is not self.frames:
                self._cams.close()
            self._cams = None

    def __enter__(self) -> CameraProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _cameras_for(self, world: World) -> Cameras:
        if self.frames is not None:  # given frames (a physical camera): they must name this world's objects
            if self.frames.world is not world:
                raise ValueError("the given frames belong to another world")
            self._cams = self.frames
        elif self._cams is None or self._cams.world is not world:
            self.close()
            self._cams = Cameras(world, self.height, self.width)
        if self._key != (id(world), world.seed):
            self._key = (id(world), world.seed)
            self.reset()
        return self._cams

    def _clouds(self, cams: Cameras) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Per object name: world points with the centre of the camera that saw each (N, 6), and
        unsaturated RGB samples (M, 3) in 0..1."""
        pts: dict[str, list[np.ndarray]] = {}
        cols: dict[str, list[np.ndarray]] = {}
        for cam in self.cameras:
            seg, depth = cams.segmentation(cam), cams.depth(cam)
            rgb = cams.rgb(cam) if self._need_colour(cams.world) else None
            if self.depth_noise > 0:
                depth = depth + self.rng.normal(0.0, self.depth_noise, depth.shape).astype(depth.dtype)
            v, u = np.nonzero(seg)
            if len(v) == 0:
                continue
            k = cams.intrinsics(cam)
            origin, rot = cams.extrinsics(cam)
            d = depth[v, u].astype(float)
            local = np.stack([(u - k.cx) / k.fx * d, -(v - k.cy) / k.fy * d, -d], axis=1)
            world_pts = origin + local @ rot.T
            ids = seg[v, u]
            colours = rgb[v, u] if rgb is not None else None  # no RGB this look: colours stay as remembered
            for i in np.unique(ids):
                sel = ids == i
                name = cams.names[i - 1]
                seen = world_pts[sel]
                pts.setdefault(name, []).append(np.hstack([seen, np.broadcast_to(origin, seen.shape)]))
                if colours is not None:
                    c = colours[sel]
                    cols.setdefault(name, []).append(c[(c < SATURATED).all(axis=1)])
        return ({n: np.concatenate(p) for n, p in pts.items()},
                {n: np.concatenate(c) / 255.0 for n, c in cols.items()})

    def _estimate(self, spec: ObjectSpec, points: np.ndarray, colours: np.ndarray) -> ObjectNode:
        last = self._last.get(spec.name)
        colour = (classify_colour(np.median(colours, axis=0)) if len(colours) else
                  last.colour if last is not None else spec.colour)
        shape = shape_of(spec)
        pose = self._poses.get(spec.name)
        if pose is None or not still_fits(sdf(shape, to_local(points[:, :3], pose))):
            pose = fit_pose(shape, points[:, :3], points[:, 3:])  # moved (or first seen): fit again
        self._poses[spec.name] = pose.copy()
        if self.pose_jitter > 0:
            pose[:3] += self.rng.normal(0.0, self.pose_jitter, 3)
        yaw = 0.0 if shape.round else wrap_yaw(pose[3], np.pi / 2)
        return ObjectNode(spec.name, spec.kind, colour, spec.size, tuple(float(x) for x in pose[:3]), yaw,
                          spec.half_extents())

    def _need_colour(self, world: World) -> bool:
        """RGB is rendered until every object's colour has been classified once (identity comes from masks)."""
        return any(n not in self._last for n in world.objects)

    def _holding(self, world: World, clouds: dict[str, np.ndarray]) -> str | None:
        """From proprioception: the hand is closed on something; the cameras or memory name it."""
        if not grasping(world):
            self._held = None
            return None
        items = {n for n, spec in world.objects.items() if spec.is_item}
        self._held = held_identity(world, clouds, items, self._held, self._last)
        return self._held

    def observe(self, world: World) -> SceneGraph:
        cams = self._cameras_for(world)
        clouds, colours = self._clouds(cams)
        nodes: list[ObjectNode] = []
        drawer: DrawerNode | None = None
        for name, spec in sorted(world.objects.items()):
            pts = clouds.get(name)
            seen = pts is not None and len(pts) >= MIN_POINTS
            if spec.kind == "drawer":
                last = self._last_slide() if "drawer" in self._last else None
                slide = (fit_slide(pts[:, :3], *drawer_geometry(world), layout.DRAWER_TRAVEL, last) if seen
                         else self._last_slide())
                node = drawer_node(world, slide, observed=seen)
                drawer = DrawerNode(slide, observed=seen)
            elif seen:
                node = self._estimate(spec, pts, colours.get(name, np.empty((0, 3))))
            else:
                node = self._unseen(spec)
            nodes.append(node)
        carried = frozenset(a for n in nodes if not n.observed for a in self._atoms.get(n.name, ()))
        gripper = GripperState(world.finger_gap(), self._holding(world, clouds))
        graph = SceneGraph(tuple(nodes), gripper, drawer, carried, source=self.name, time=world.time)
        self._remember(graph)
        return graph

    def _unseen(self, spec: ObjectSpec) -> ObjectNode:
        last = self._last.get(spec.name)
        pos = None if last is None else last.pos
        yaw = 0.0 if last is None else last.yaw
        colour = spec.colour if last is None else last.colour
        missed = self._missed[spec.name] = self._missed.get(spec.name, 0) + 1
        confidence = 0.0 if last is None else 0.5 ** missed
        return ObjectNode(spec.name, spec.kind, colour, spec.size, pos, yaw, spec.half_extents(), False, pos,
                          confidence)

    def _last_slide(self) -> float:
        last = self._last.get("drawer")
        return 0.0 if last is None or last.pos is None else layout.CABINET_POS[1] - last.pos[1]

    def _remember(self, graph: SceneGraph) -> None:
        facts = graph.facts()
        for n in graph.objects:
            if n.observed:
                self._missed[n.name] = 0
                self._last[n.name] = n
                self._atoms[n.name] = frozenset(f for f in facts if f.predicate in CARRIED and f.args[:1] == (n.name,))

