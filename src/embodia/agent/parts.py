"""What the episode loop acts and perceives through, passed in so the loop runs without physics:
a skill runner, a perception, a simulated clock, the task's disturbance hook and the cameras.
`sim_parts` builds them for a MuJoCo World."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Protocol

from embodia.agent.safety import Box
from embodia.control.robot import SimRobot
from embodia.perception.graph import SceneGraph
from embodia.perception.provider import PerceptionProvider, PrivilegedProvider
from embodia.sim import layout
from embodia.sim.world import World
from embodia.skills import SkillResult, run_skill
from embodia.skills.aim import aiming
from embodia.tasks.base import Disturbance
from embodia.tasks.disturb import ScheduledDisturbances
from embodia.types import Goal, SkillCall

SkillRunner = Callable[[SkillCall], SkillResult]  # runs one (safety-checked) call to its end
Perceive = Callable[[], SceneGraph]  # the scene now
Clock = Callable[[], float]  # simulated seconds
Images = Callable[[tuple[str, ...]], dict[str, Any]]  # camera names ("front", "front:segmentation") -> images


class DisturbanceHook(Protocol):
    """The task's hook after each skill (as dm_control's task hooks): what is due, and making one happen."""

    def due(self, subgoals_done: int) -> Sequence[Disturbance]:
        """Disturbances due once `subgoals_done` subgoals have been achieved."""

    def fire(self, dist: Disturbance, scene: SceneGraph, goal: Goal) -> str | None:
        """Make `dist` happen now and say what changed; None when nothing applies yet (it stays due)."""


class NoDisturbances:
    def due(self, subgoals_done: int) -> Sequence[Disturbance]:
        return ()

    def fire(self, dist: Disturbance, scene: SceneGraph, goal: Goal) -> str | None:
        return None


AIMING_MODES = ("camera", "rgbd")  # perception modes whose skills aim at the perceived poses


def aim_at(scene: SceneGraph, mode: str) -> AbstractContextManager:
    """Where the next skill aims: at `scene`'s perceived poses in a camera mode, else (privileged) the simulator's."""
    return aiming(scene.poses()) if mode in AIMING_MODES else nullcontext()


def _no_aim(scene: SceneGraph) -> AbstractContextManager:
    return nullcontext()


def _no_images(cameras: tuple[str, ...]) -> dict[str, Any]:
    return {}


@dataclass
class EpisodeParts:
    run_skill: SkillRunner
    observe: Perceive
    clock: Clock
    disturbances: DisturbanceHook = field(default_factory=NoDisturbances)
    images: Images = _no_images
    close: Callable[[], None] = lambda: None  # release what the parts hold (renderers)
    workspace: Box = layout.SAFE_BOX  # the safety layer's box for targets: the robot's (sim.robots)
    perception: str = ""  # the perception mode's name, for summaries
    truth: Perceive | None = None  # the simulator's scene, for judging and failure attribution only
    relook: Perceive | None = None  # clear the view (arm out of the way) and perceive again
    aim: Callable[[SceneGraph], AbstractContextManager] = _no_aim  # run a skill aiming at this scene's poses


class _SimCameras:
    """Renders the world's cameras on first use (brains that only read the scene graph never start GL)."""

    def __init__(self, world: World, size: int) -> None:
        self.world, self.size, self.cams = world, size, None

    def __call__(self, cameras: tuple[str, ...]) -> dict[str, Any]:
        if not cameras:
            return {}
        if self.cams is None:
            from embodia.sim.render import Cameras  # GL starts only when a brain looks

            self.cams = Cameras(self.world, self.size, self.size)
        images = {}
        for c in cameras:  # "front" is an RGB image, "front:segmentation" its object mask
            cam, _, kind = c.partition(":")
            images[c] = self.cams.segmentation(cam) if kind == "segmentation" else self.cams.rgb(cam)
        return images

    def close(self) -> None:
        if self.cams is not None:
            self.cams.close()
            self.cams = None


def sim_parts(world: World, disturbances: tuple[Disturbance, ...] = (),
              perception: PerceptionProvider | None = None, image_px: int = 448) -> EpisodeParts:
    """The parts for a MuJoCo world: skills on a SimRobot, perception (privileged by default), the world's
    clock, the task's scheduled disturbances, the world's cameras (image_px square), the simulator's truth
    and a re-look that moves the arm home (out of the cameras' view) first."""
    robot = SimRobot(world)
    eyes = perception or PrivilegedProvider()
    cams = _SimCameras(world, image_px)
    exact = PrivilegedProvider()

    def close() -> None:
        cams.close()
        getattr(eyes, "close", lambda: None)()

    def relook() -> SceneGraph:
        run_skill(SkillCall("home", ()), robot)
        return eyes.observe(world)

    def aim(scene: SceneGraph) -> AbstractContextManager:
        return aim_at(scene, eyes.name)

    return EpisodeParts(run_skill=lambda call: run_skill(call, robot), observe=lambda: eyes.observe(world),
                        clock=lambda: world.time, disturbances=ScheduledDisturbances(world, disturbances),
                        images=cams, close=close, workspace=world.robot.safe_box, perception=eyes.name,
                        truth=lambda: exact.observe(world),
                        relook=None if isinstance(eyes, PrivilegedProvider) else relook, aim=aim)
