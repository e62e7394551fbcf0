"""A run on the physical SO-101: connect, mirror the simulated arm, keep the simulated twin's objects where the
real cameras see them (`twin`), ask before each skill with `--confirm`, and stop holding still on Ctrl-C, a refusal
or any error."""

from __future__ import annotations

import sys
from collections.abc import Callable

from embodia.hardware.arm import LeRobotArm
from embodia.hardware.connect import DEFAULT_ID, RobotChoice, camera_configs, connect_follower, has_depth, load_lerobot
from embodia.hardware.mirror import Mirror
from embodia.hardware.twin import Twin, TwinSynced, load_cameras, need_depth
from embodia.perception.provider import PerceptionProvider
from embodia.sim.world import World
from embodia.types import EmbodiaError


class PhysicalSession:
    def __init__(self, choice: RobotChoice, robot_id: str = DEFAULT_ID, confirm: bool = False,
                 ask: Callable[[str], str] = input, follower=None, arm: LeRobotArm | None = None,
                 twin: Twin | None = None, cameras: dict | None = None,
                 log: Callable[[str], None] = lambda line: None) -> None:
        self.choice, self.confirm, self.ask, self.twin, self.log = choice, confirm, ask, twin, log
        self.follower = follower if follower is not None else connect_follower(choice.port or "", robot_id, cameras)
        self.arm = arm or LeRobotArm(self.follower)
        self.mirror = Mirror(self.arm)
        self.world: World | None = None
        self.synced: list[TwinSynced] = []  # twin syncs not yet written to the trace (see `drain`)

    def attach(self, world: World) -> None:
        """Mirror the simulated arm; with a twin, first check every camera sends colour and depth."""
        self.world = world
        if self.twin is not None:
            self.arm.observe()
            self.twin.check(self.arm.images)
        self.mirror.attach(world)

    def sync(self, world: World) -> TwinSynced:
        """Fresh frames from the real cameras set the twin's objects; an object they miss keeps its pose."""
        self.arm.observe()
        rec = self.twin.sync(world, self.arm.images)
        self.synced.append(rec)
        if rec.missing:
            self.log(f"twin: the cameras did not find {', '.join(rec.missing)}; kept at the last known pose")
        return rec

    def eyes(self, provider: PerceptionProvider) -> PerceptionProvider:
        """The agent's perception, syncing the twin from the real cameras before every look."""
        return provider if self.twin is None else TwinSyncedEyes(provider, self.sync)

    def drain(self) -> list[TwinSynced]:
        out, self.synced = self.synced, []
        return out

    def on_record(self, record) -> None:
        """Before each skill with --confirm: go on only on 'y'."""
        from embodia.record.steps import SkillStarted

        if self.confirm and isinstance(record, SkillStarted):
            answer = self.ask(f"run {record.call} on the arm? [y/N] ").strip().lower()
            if answer not in ("y", "yes"):
                raise EmbodiaError(f"stopped before {record.call} as asked; the arm holds still")

    def close(self) -> None:
        """Hold still, then let go of the port; torque stays on (disable_torque_on_disconnect is off)."""
        try:
            if self.world is not None:
                self.mirror.stop(self.world)
            else:
                self.arm.hold()
        finally:
            self.follower.disconnect()


def open_session(choice: RobotChoice, world: World, robot_id: str = DEFAULT_ID, confirm: bool = False,
                 cameras: tuple[str, ...] = (), extrinsics: str = "calibration/cameras.json",
                 log: Callable[[str], None] | None = None) -> PhysicalSession:
    """Connect the arm and its depth cameras, check them, and attach to the twin `world`. Everything that is
    missing (LeRobot, a depth camera, a calibration, the port) is one error before the arm moves."""
    log = log or (lambda line: print(line, file=sys.stderr))
    load_lerobot()
    configs = camera_configs(list(cameras))
    depth = tuple(n for n, c in configs.items() if has_depth(c))
    if not depth:
        raise need_depth(f"{', '.join(configs)}: colour only" if configs else "none given")
    for name in configs:
        if name not in depth:
            log(f"camera {name} gives no depth: the twin does not use it")
    twin = Twin(load_cameras(extrinsics, depth))
    session = PhysicalSession(choice, robot_id, confirm, twin=twin, cameras=configs, log=log)
    try:
        session.attach(world)
    except BaseException:
        session.close()  # hold still and let go of the port
        raise
    return session


class TwinSyncedEyes(PerceptionProvider):
    """A perception provider that first syncs the twin (the world it looks at) from the real cameras."""

    def __init__(self, inner: PerceptionProvider, sync: Callable[[World], object]) -> None:
        self.inner, self._sync = inner, sync
        self.name = inner.name

    def observe(self, world: World):
        self._sync(world)
        return self.inner.observe(world)

    def reset(self) -> None:
        self.inner.reset()

    def close(self) -> None:
        getattr(self.inner, "close", lambda: None)()
