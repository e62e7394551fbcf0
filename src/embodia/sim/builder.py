"""Scene building on mujoco.MjSpec: the Panda, a table, catalogue objects, the drawer cabinet, cameras."""

from __future__ import annotations

import math

import mujoco

from embodia.sim import layout
from embodia.sim.catalog import COLOURS, CONTAINER_FLOOR, CONTAINER_WALL, CONTAINER_WALL_HEIGHT, ObjectSpec
from embodia.sim.robot_spec import RobotSpec

BOX = mujoco.mjtGeom.mjGEOM_BOX
CYL = mujoco.mjtGeom.mjGEOM_CYLINDER
# Geom groups: the Panda's detailed visual meshes are group 0, its coarse collision meshes group 3.
# Everything we add is group 2, so cameras can show either robot version with the same world.
WORLD_GROUP = 2
ITEM_DENSITY = 600.0  # kg/m^3, like hardwood toy blocks
ITEM_FRICTION = (1.2, 0.01, 0.001)
WALL_LIFT = 0.0015  # container walls end this far above the container's bottom (inside its floor's thickness)


def _rgba(colour: str) -> list[float]:
    return [*COLOURS[colour], 1.0]


def _geom(body, name: str, gtype, size, pos=(0, 0, 0), rgba=(0.6, 0.6, 0.6, 1), **kw):
    g = body.add_geom(name=name, type=gtype, size=list(size) + [0] * (3 - len(size)), pos=list(pos), rgba=list(rgba))
    g.group = WORLD_GROUP
    for k, v in kw.items():
        setattr(g, k, v)
    return g


def _add_table(spec: mujoco.MjSpec, robot: RobotSpec) -> None:
    wb = spec.worldbody
    hx, hy, hz = robot.table_half
    table = wb.add_body(name="table", pos=[robot.table_center[0], robot.table_center[1], -hz])
    _geom(table, "table", BOX, (hx, hy, hz), rgba=(0.62, 0.50, 0.38, 1), friction=[1.0, 0.01, 0.001])
    _geom(wb, "floor", mujoco.mjtGeom.mjGEOM_PLANE, (3, 3, 0.1), pos=(0, 0, -2 * hz), rgba=(0.3, 0.33, 0.38, 1))
    wb.add_light(pos=[0.4, 0, 2.0], dir=[0, 0, -1], diffuse=[0.7, 0.7, 0.7], castshadow=False)
    wb.add_light(pos=[1.5, -1.0, 1.5], dir=[-1, 0.7, -1], diffuse=[0.35, 0.35, 0.35], castshadow=False)


def _add_item(spec: mujoco.MjSpec, obj: ObjectSpec, pos, yaw: float) -> None:
    body = spec.worldbody.add_body(name=obj.name, pos=list(pos), quat=_yaw_quat(yaw))
    body.add_freejoint(name=obj.name)
    hx, hy, hz = obj.half_extents()
    gtype, size = (BOX, (hx, hy, hz)) if obj.kind == "block" else (CYL, (hx, hz))
    _geom(body, obj.name, gtype, size, rgba=_rgba(obj.colour), density=ITEM_DENSITY,
          friction=list(ITEM_FRICTION), condim=4)


def _add_container(spec: mujoco.MjSpec, obj: ObjectSpec, pos, yaw: float) -> None:
    """Bowls are a ring of wall segments; bins are four walls. Both heavy enough not to drift."""
    body = spec.worldbody.add_body(name=obj.name, pos=list(pos), quat=_yaw_quat(yaw))
    body.add_freejoint(name=obj.name)
    rgba = _rgba(obj.colour)
    hx, hy, hz = obj.half_extents()
    wall, floor = CONTAINER_WALL / 2, CONTAINER_FLOOR / 2  # half sizes
    # Walls stop WALL_LIFT above the container's bottom: the floor alone rests on the table. Walls reaching the
    # table made 4 idle contacts each (16 walls of a bowl: 64 contacts, half the scene's), for nothing.
    wz, whz = WALL_LIFT / 2, hz - WALL_LIFT / 2
    _geom(body, f"{obj.name}/floor", BOX if obj.kind == "bin" else CYL,
          (hx, hy, floor) if obj.kind == "bin" else (hx, floor), pos=(0, 0, -hz + floor), rgba=rgba, density=2000)
    if obj.kind == "bin":
        for i, (x, y, sx, sy) in enumerate([(hx - wall, 0, wall, hy), (-hx + wall, 0, wall, hy),
                                            (0, hy - wall, hx, wall), (0, -hy + wall, hx, wall)]):
            _geom(body, f"{obj.name}/wall{i}", BOX, (sx, sy, whz), pos=(x, y, wz), rgba=rgba, density=1200)
        return
    n = 16
    seg = math.pi * hx / n * 1.1
    for i in range(n):
        a = 2 * math.pi * i / n
        g = _geom(body, f"{obj.name}/wall{i}", BOX, (wall, seg, whz), rgba=rgba, density=1200,
                  pos=((hx - wall) * math.cos(a), (hx - wall) * math.sin(a), wz))
        g.quat = _yaw_quat(a)


def _add_cabinet(spec: mujoco.MjSpec) -> None:
    """A fixed cabinet whose drawer slides out along -y toward the workspace; handle on the front."""
    cx, cy = layout.CABINET_POS
    hx, hy, hz = layout.CABINET_HALF
    wood = (0.45, 0.33, 0.22, 1)
    cab = spec.worldbody.add_body(name="cabinet", pos=[cx, cy, 0])
    t = 0.01  # panel half thickness
    _geom(cab, "cabinet/top", BOX, (hx, hy, t), pos=(0, 0, 2 * hz - t), rgba=wood)
    _geom(cab, "cabinet/left", BOX, (t, hy, hz), pos=(-hx + t, 0, hz), rgba=wood)
    _geom(cab, "cabinet/right", BOX, (t, hy, hz), pos=(hx - t, 0, hz), rgba=wood)
    _geom(cab, "cabinet/back", BOX, (hx, t, hz), pos=(0, hy - t, hz), rgba=wood)
    dx, dy, dz = layout.DRAWER_HALF
    drawer = cab.add_body(name="drawer", pos=[0, 0, dz + 0.004])
    j = drawer.add_joint(name="drawer", type=mujoco.mjtJoint.mjJNT_SLIDE, axis=[0, -1, 0],
                         range=[0, layout.DRAWER_TRAVEL], damping=15.0, frictionloss=1.0)
    j.armature = 0.5
    red = (0.55, 0.42, 0.30, 1)
    w = layout.DRAWER_WALL / 2
    _geom(drawer, "drawer/floor", BOX, (dx, dy, w), pos=(0, 0, -dz + w), rgba=red, density=500)
    _geom(drawer, "drawer/front", BOX, (dx + 0.008, w, dz), pos=(0, -dy - w, 0), rgba=red, density=500)
    _geom(drawer, "drawer/back", BOX, (dx, w, dz), pos=(0, dy - w, 0), rgba=red, density=500)
    _geom(drawer, "drawer/left", BOX, (w, dy, dz), pos=(-dx + w, 0, 0), rgba=red, density=500)
    _geom(drawer, "drawer/right", BOX, (w, dy, dz), pos=(dx - w, 0, 0), rgba=red, density=500)
    hy0 = -dy - 2 * w - layout.HANDLE_STANDOFF
    grey = (0.75, 0.75, 0.78, 1)
    _geom(drawer, "drawer/handle", BOX, (layout.HANDLE_HALF_LEN, 0.007, 0.007), pos=(0, hy0, layout.HANDLE_Z),
          rgba=grey)
    for s in (-1, 1):
        _geom(drawer, f"drawer/post{s}", BOX, (0.006, layout.HANDLE_STANDOFF / 2, 0.006),
              pos=(s * (layout.HANDLE_HALF_LEN - 0.006), -dy - 2 * w - layout.HANDLE_STANDOFF / 2, layout.HANDLE_Z),
              rgba=grey)
    drawer.add_site(name="drawer/handle", pos=[0, hy0, layout.HANDLE_Z], size=[0.005, 0, 0])
    # The slide joint and its range guide the drawer; cabinet-drawer contacts would only jam it.
    spec.add_exclude(bodyname1="cabinet", bodyname2="drawer")


def _add_cameras(spec: mujoco.MjSpec, robot: RobotSpec) -> None:
    for name in ("front", "top"):
        pos, xyaxes, fovy = robot.cameras[name]
        spec.worldbody.add_camera(name=name, pos=list(pos), xyaxes=list(xyaxes), fovy=fovy)
    pos, quat, fovy = robot.cameras["wrist"]
    spec.body(robot.hand_body).add_camera(name="wrist", pos=list(pos), quat=list(quat), fovy=fovy)


def _yaw_quat(yaw: float) -> list[float]:
    return [math.cos(yaw / 2), 0.0, 0.0, math.sin(yaw / 2)]


def build_spec(placed: list[tuple[ObjectSpec, tuple[float, float, float], float]], robot: RobotSpec) -> mujoco.MjSpec:
    """Build the full scene spec around `robot`; `placed` holds (object, position of its centre, yaw)."""
    spec = robot.build()
    spec.modelname = "embodia_tabletop"
    spec.option.timestep = layout.TIMESTEP
    spec.option.integrator = mujoco.mjtIntegrator.mjINT_IMPLICITFAST
    spec.option.cone = mujoco.mjtCone.mjCONE_ELLIPTIC
    spec.option.impratio = 5.0
    # Objects at rest sleep (MuJoCo skips their collisions and constraints) until something awake touches them or
    # their state is set; the arm is actuated and never sleeps.
    spec.option.enableflags |= mujoco.mjtEnableBit.mjENBL_SLEEP
    spec.visual.global_.offwidth = 640
    spec.visual.global_.offheight = 480
    spec.visual.quality.shadowsize = 0
    spec.visual.quality.offsamples = 0
    spec.stat.extent = 1.5
    _add_table(spec, robot)
    for obj, pos, yaw in placed:
        if obj.kind == "drawer":
            _add_cabinet(spec)
        elif obj.is_item:
            _add_item(spec, obj, pos, yaw)
        else:
            _add_container(spec, obj, pos, yaw)
    _add_cameras(spec, robot)
    return spec


__all__ = ["build_spec", "CONTAINER_WALL_HEIGHT"]
