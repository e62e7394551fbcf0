"""The SO-101 bridge against a fake with LeRobot's follower API: units, signs, limits, speed cap, stop path."""

from __future__ import annotations

import math

import numpy as np
import pytest
from fake_lerobot import FakeCapture, FakeFollower  # tests/hardware/fake_lerobot.py

from embodia.hardware import units
from embodia.hardware.arm import ArmStopped, LeRobotArm
from embodia.hardware.check import hardware_check
from embodia.hardware.connect import parse_robot
from embodia.hardware.limits import MAX_SPEED, joint_ranges
from embodia.hardware.session import PhysicalSession
from embodia.sim import so101
from embodia.types import EmbodiaError


def _arm(follower: FakeFollower) -> LeRobotArm:
    return LeRobotArm(follower, sleep=lambda s: None)


def test_units_round_trip_and_signs() -> None:
    q = np.array([0.3, -0.5, 1.1, -0.2, 2.0])
    action = units.joints_to_action(q, 0.6)
    assert set(action) == {f"{m}.pos" for m in (*so101.ARM_JOINTS, "gripper")}
    assert action["shoulder_pan.pos"] == pytest.approx(math.degrees(0.3))  # positive stays positive
    assert action["shoulder_lift.pos"] == pytest.approx(math.degrees(-0.5))
    q2, jaw = units.observation_to_joints(action)
    assert np.allclose(q2, q) and jaw == pytest.approx(0.6)


def test_jaw_mapping_ends_and_metres() -> None:
    assert units.jaw_to_percent(so101.JAW_RANGE[0]) == 0.0  # shut jaw = gripper.pos 0
    assert units.jaw_to_percent(so101.JAW_RANGE[1]) == 100.0
    assert units.jaw_to_percent(5.0) == 100.0  # clamped
    assert units.percent_to_gap(0.0) == 0.0
    for gap in (0.01, 0.025, 0.04):  # metres -> percent -> metres
        assert units.percent_to_gap(units.opening_to_percent(gap / 2)) == pytest.approx(gap, abs=2e-4)


def test_missing_key_names_the_expected_ones() -> None:
    with pytest.raises(KeyError, match="gripper.pos"):
        units.observation_to_joints({f"{j}.pos": 0.0 for j in so101.ARM_JOINTS})


def test_observe_reports_tool_pose_and_gap() -> None:
    arm = _arm(FakeFollower({**{m: 0.0 for m in so101.ARM_JOINTS}, "gripper": 0.0}))
    st = arm.observe()
    assert st.q.shape == (5,) and st.finger_gap == 0.0
    assert 0.0 < st.tcp_pos[2] < 0.5 and "front" in arm.images


def test_speed_cap_and_joint_limits() -> None:
    f = FakeFollower()
    arm = _arm(f)
    arm.limits.box = ((-9.0, 9.0),) * 3  # the joint limits alone
    arm.command(np.array([3.0, 0.0, 0.0, 0.0, 0.0]))  # far beyond the pan range
    arm.step()
    first = units.observation_to_joints(f.sent[-1])[0]
    assert first[0] == pytest.approx(MAX_SPEED * arm.control_dt)  # one capped step, not a jump
    for _ in range(200):
        arm.step()
    last = units.observation_to_joints(f.sent[-1])[0]
    assert last[0] == pytest.approx(joint_ranges()[0, 1])  # stops at the range less its margin


def test_tool_box_refusal_holds() -> None:
    f = FakeFollower()
    arm = _arm(f)
    x = float(arm.observe().tcp_pos[0])
    arm.limits.box = ((x - 0.5, x + 0.001), (-0.5, 0.5), (-0.5, 0.5))  # the tool sits at the box's +x face
    arm.command(np.array([0.0, 0.3, 0.0, 0.0, 0.0]))  # leaning forward: out through that face
    arm.step()
    assert arm.refused == 1 and units.observation_to_joints(f.sent[-1])[0][1] == 0.0
    arm.command(np.array([0.0, -0.3, 0.0, 0.0, 0.0]))  # leaning back: inside, allowed
    arm.step()
    assert arm.refused == 1 and units.observation_to_joints(f.sent[-1])[0][1] < 0.0


def test_lerobot_clipping_is_what_counts_as_sent() -> None:
    f = FakeFollower(max_relative_target=1.0)  # degrees
    arm = _arm(f)
    arm.command(np.array([0.5, 0, 0, 0, 0]))
    arm.step()
    assert arm.lagging()  # LeRobot sent less than asked: the bridge knows


def test_stop_path_holds_still_and_refuses_to_move() -> None:
    f = FakeFollower()
    arm = _arm(f)
    arm.command(np.array([0.5, 0, 0, 0, 0]))
    arm.step()
    f.present["shoulder_pan"] = 10.0  # the arm is somewhere in between
    arm.hold()
    assert f.sent[-1]["shoulder_pan.pos"] == pytest.approx(10.0)  # goal = measured position
    with pytest.raises(ArmStopped):
        arm.step()


def test_session_confirm_refusal_stops_and_keeps_torque() -> None:
    from embodia.record.steps import SkillStarted

    f = FakeFollower()
    session = PhysicalSession(parse_robot("lerobot:so101@/dev/null"), confirm=True, ask=lambda _: "n", follower=f,
                              arm=_arm(f))
    rec = SkillStarted(wall_s=0.0, sim_s=0.0, index=0, call="pick(red_block)")
    with pytest.raises(EmbodiaError, match="stopped before pick"):
        session.on_record(rec)
    session.close()
    assert session.arm.stopped and not f.connected and f.bus.torque_changes == 0


def test_mirror_follows_the_simulated_arm() -> None:
    from embodia.sim.world import World
    from embodia.tasks.so101 import playground

    world = World(playground(), seed=0)
    f = FakeFollower()
    session = PhysicalSession(parse_robot("lerobot:so101@/dev/null"), follower=f, arm=_arm(f))
    session.attach(world)
    world.step_control()
    q, jaw = units.observation_to_joints(f.sent[-1])
    assert np.allclose(q, world.arm_q(), atol=0.011)  # caught up with the simulated pose
    assert so101.jaw_gap(jaw) == pytest.approx(world.finger_gap(), abs=2e-3)
    session.close()
    assert session.mirror not in world.step_hooks


def test_parse_robot() -> None:
    assert parse_robot("so101").sim == "so101" and not parse_robot("panda").physical
    assert parse_robot("lerobot:so101@/dev/ttyACM0").port == "/dev/ttyACM0"
    with pytest.raises(EmbodiaError, match="valid: panda, so101 or lerobot:so101@PORT"):
        parse_robot("ur5")
    with pytest.raises(EmbodiaError, match="only so101"):
        parse_robot("lerobot:koch@/dev/ttyACM0")


def test_check_reports_without_moving(tmp_path) -> None:
    port = tmp_path / "ttyACM0"
    port.write_text("")
    f = FakeFollower()
    frames = {"0": np.zeros((480, 640, 3), np.uint8)}
    found = hardware_check(str(port), cameras=("front=0", "wrist=1"), make_follower=lambda p, i: f,
                           open_camera=lambda w: FakeCapture(frames.get(w)))
    by = {x.item: x for x in found}
    assert by["motors"].ok and by["calibration"].ok and by["pose"].ok
    assert by["camera front"].ok and "640x480" in by["camera front"].detail
    assert not by["camera wrist"].ok
    assert f.sent == [] and f.bus.torque_changes == 0 and not f.bus.connected  # read only


def test_mirror_stops_the_arm_when_the_limits_keep_refusing() -> None:
    from embodia.sim.world import World
    from embodia.tasks.so101 import playground

    world = World(playground(), seed=0)
    f = FakeFollower()
    arm = _arm(f)
    arm.limits.box = ((5.0, 6.0),) * 3  # the tool is far outside: every move that takes it further is refused
    session = PhysicalSession(parse_robot("lerobot:so101@/dev/null"), follower=f, arm=arm)
    session.attach(world)
    with pytest.raises(ArmStopped):
        for _ in range(20):
            world.step_control()
    assert arm.stopped


class FakeRealSense:
    """LeRobot's camera API: connect, read (colour), read_depth (uint16 mm), disconnect."""

    def __init__(self, depth: np.ndarray | None) -> None:
        self.depth, self.is_connected, self.opened = depth, False, 0

    def connect(self) -> None:
        if self.depth is None:
            raise ConnectionError("no RealSense with serial '123' found\nmore detail")
        self.is_connected, self.opened = True, self.opened + 1

    def read(self) -> np.ndarray:
        return np.zeros((480, 640, 3), np.uint8)

    def read_depth(self) -> np.ndarray:
        return self.depth

    def disconnect(self) -> None:
        self.is_connected = False


def test_check_reads_colour_and_depth_from_a_realsense(tmp_path) -> None:
    port = tmp_path / "ttyACM0"
    port.write_text("")
    good = FakeRealSense(np.full((480, 640), 600, np.uint16))
    found = hardware_check(str(port), cameras=("front=realsense:123",), make_follower=lambda p, i: FakeFollower(),
                           open_depth=lambda: good)
    cam = {x.item: x for x in found}["camera front"]
    assert cam.ok and "640x480 colour and depth" in cam.detail and "100%" in cam.detail
    assert good.opened == 1 and not good.is_connected  # let go after one frame
    blind = FakeRealSense(np.zeros((480, 640), np.uint16))
    cam = {x.item: x for x in hardware_check(str(port), cameras=("front=realsense:123",),
                                             make_follower=lambda p, i: FakeFollower(), open_depth=lambda: blind)}
    assert not cam["camera front"].ok and "0% of depth pixels" in cam["camera front"].detail
    missing = FakeRealSense(None)
    cam = {x.item: x for x in hardware_check(str(port), cameras=("front=realsense:123",),
                                             make_follower=lambda p, i: FakeFollower(), open_depth=lambda: missing)}
    detail = cam["camera front"].detail
    assert not cam["camera front"].ok and "no RealSense with serial '123'" in detail and "\n" not in detail
