"""place_on(obj, target): on a block (stacking, aligned with its faces) or on the table
(`table` = nearest free spot, `table:left|right|front|back` = a free spot in that region)."""

from __future__ import annotations

import numpy as np

from embodia.control.motion import ArmController
from embodia.control.robot import SimRobot
from embodia.sim.world import World
from embodia.skills.aim import pose
from embodia.skills.base import Skill, SkillFailure
from embodia.skills.common import check_held, place_held, require_holding
from embodia.skills.geometry import free_table_spot, upright, yaw_of
from embodia.skills.params import ITEM, PLACE_TARGET, TABLE_TARGETS
from embodia.skills.pick import on_top_of
from embodia.skills.variation import current


def resting_on(world: World, obj: str, target: str) -> bool:
    """obj sits upright on top of target (centre within target's footprint, height matches)."""
    p, q = world.object_state(obj).pos, world.object_state(target).pos
    top = q[2] + world.objects[target].half_extents()[2]
    hx = world.objects[target].half_extents()[0]
    return bool(upright(world, obj) and np.linalg.norm(p[:2] - q[:2]) < hx
                and abs(p[2] - world.objects[obj].half_extents()[2] - top) < 0.008)


def on_table(world: World, obj: str) -> bool:
    p = world.object_state(obj).pos
    return bool(upright(world, obj) and abs(p[2] - world.objects[obj].half_extents()[2]) < 0.006)


class PlaceOn(Skill):
    name = "place_on"
    description = "put the held item on a block, or on the table"
    params = (ITEM, PLACE_TARGET)
    budget = 8.0

    def check(self, args: tuple[str, ...], world: World) -> None:
        obj, target = args
        if target not in TABLE_TARGETS:
            if target == obj:
                raise SkillFailure("precondition_failed", f"cannot place '{obj}' on itself")
            above = [n for n in on_top_of(world, target) if n != obj]
            if above:
                raise SkillFailure("blocked", f"'{target}' is not clear: {', '.join(above)} on top")
            if not upright(world, target):
                raise SkillFailure("blocked", f"'{target}' is not upright; cannot stack on it")
        check_held(world, obj)

    def act(self, args: tuple[str, ...], robot: SimRobot, ctrl: ArmController) -> str:
        obj, target = args
        world = robot.world
        require_holding(robot, obj)
        if target in TABLE_TARGETS:
            region = target.partition(":")[2]
            spot = free_table_spot(world, region, obj, ctrl.tool()[0])
            if spot is None:
                raise SkillFailure("blocked", f"no free spot on {target} for '{obj}'")
            place_held(robot, ctrl, obj, spot, 0.0, None, {world.model.geom("table").id})
            if not on_table(world, obj):
                raise SkillFailure("dropped", f"'{obj}' did not come to rest upright on the table")
            return f"'{obj}' on the table at {np.round(spot, 3).tolist()}"
        st = pose(world, target)
        top = st.pos[2] + world.objects[target].half_extents()[2]
        dx, dy = current().place_offset
        place_held(robot, ctrl, obj, (float(st.pos[0]) + dx, float(st.pos[1]) + dy), float(top), yaw_of(st.quat),
                   world.geoms_of(target))
        ctrl.wait(0.2)
        if not resting_on(world, obj, target):
            raise SkillFailure("dropped", f"'{obj}' did not stay on '{target}'")
        return f"'{obj}' on '{target}'"
