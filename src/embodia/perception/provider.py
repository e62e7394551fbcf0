"""The perception interface and the privileged provider that reads the simulator state exactly."""

from __future__ import annotations

from abc import ABC, abstractmethod

from embodia.perception.graph import DrawerNode, GripperState, ObjectNode, SceneGraph
from embodia.sim import layout
from embodia.sim.world import World, yaw_of


class PerceptionProvider(ABC):
    """Turns the current state of a world into a SceneGraph."""

    name: str = "provider"

    @abstractmethod
    def observe(self, world: World) -> SceneGraph:
        """Perceive the world now."""

    def reset(self) -> None:  # noqa: B027  (an optional hook: providers without memory keep the no-op)
        """Forget anything remembered from earlier observations (a new episode)."""


def drawer_node(world: World, slide: float, observed: bool = True) -> ObjectNode:
    """The drawer as a box node: its tray's centre for a given slide (it slides along -y)."""
    m = world.model
    body = m.body("drawer").id
    x, y, z = m.body_pos[body] + m.body_pos[m.body_parentid[body]]  # static: the tray's centre when shut
    spec = world.objects["drawer"]
    return ObjectNode("drawer", "drawer", spec.colour, spec.size, (float(x), float(y) - slide, float(z)), 0.0,
                      layout.DRAWER_HALF, observed)


class PrivilegedProvider(PerceptionProvider):
    """Exact: poses from World.object_state, drawer from World.drawer_slide, holding from World.held_object."""

    name = "privileged"

    def observe(self, world: World) -> SceneGraph:
        nodes = []
        for name, spec in world.objects.items():
            if spec.kind == "drawer":
                nodes.append(drawer_node(world, world.drawer_slide()))
                continue
            st = world.object_state(name)
            pos = tuple(float(v) for v in st.pos)
            nodes.append(ObjectNode(name, spec.kind, spec.colour, spec.size, pos, yaw_of(st.quat),
                                    spec.half_extents()))
        drawer = DrawerNode(world.drawer_slide()) if world.has_drawer else None
        gripper = GripperState(world.finger_gap(), world.held_object())
        return SceneGraph(tuple(nodes), gripper, drawer, source=self.name, time=world.time)
