"""The simulated twin follows the real table: RGB-D frames of a second simulated world (the "real" scene: same
objects, another seed's layout) set the twin's object poses through the rgbd pipeline. The fake camera proves the
geometry and the wiring, not a physical camera's noise, colours or registration."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from fake_lerobot import FakeDepthCamera, FakeFollower, install_fake_lerobot  # tests/hardware/fake_lerobot.py

from embodia.cli import main
from embodia.hardware.twin import Twin, depth_metres, load_cameras
from embodia.sim.world import World, yaw_of
from embodia.tasks.registry import for_robot, get_task
from embodia.types import EmbodiaError

POS_TOL = 0.01  # m
YAW_TOL = math.radians(3)


def _scene(task: str, seed: int = 3):
    return get_task(for_robot(task, "so101")).make(seed).scene


def _yaw_error(a: float, b: float, period: float) -> float:
    d = (a - b) % period
    return min(d, period - d)


def _assert_twin_matches(twin: World, real: World, names=None) -> None:
    for name in names or sorted(real.objects):
        spec = real.objects[name]
        t, r = twin.object_state(name), real.object_state(name)
        assert np.linalg.norm(t.pos - r.pos) < POS_TOL, (name, t.pos, r.pos)
        if spec.kind == "block":
            assert _yaw_error(yaw_of(t.quat), yaw_of(r.quat), math.pi / 2) < YAW_TOL, name


def _twin_for(camera: FakeDepthCamera, tmp_path) -> Twin:
    path = tmp_path / "cameras.json"
    camera.calibration(path)
    return Twin(load_cameras(path, camera.names))


@pytest.mark.parametrize("task", ["stack-2", "sort-2"])
def test_twin_takes_the_real_layout(task, tmp_path) -> None:
    twin, real = World(_scene(task), seed=3), World(_scene(task), seed=11)
    assert any(np.linalg.norm(twin.object_state(n).pos - real.object_state(n).pos) > 0.03 for n in real.objects)
    camera = FakeDepthCamera(real)
    try:
        report = _twin_for(camera, tmp_path).sync(twin, camera())
    finally:
        camera.close()
    assert sorted(report.moved) == sorted(real.objects) and report.missing == [] and report.held is None
    _assert_twin_matches(twin, real)


def test_twin_takes_a_real_tower(tmp_path) -> None:
    twin, real = World(_scene("stack-2"), seed=3), World(_scene("stack-2"), seed=11)
    blocks = sorted(n for n, s in real.objects.items() if s.kind == "block")
    base = real.object_state(blocks[0]).pos
    real.set_object_pose(blocks[1], (base[0], base[1], base[2] + 0.026), 0.3)
    real.settle(0.5)
    camera = FakeDepthCamera(real)
    try:
        _twin_for(camera, tmp_path).sync(twin, camera())
    finally:
        camera.close()
    _assert_twin_matches(twin, real)
    assert twin.object_state(blocks[1]).pos[2] > twin.object_state(blocks[0]).pos[2] + 0.02  # stacked in the twin


def test_an_object_the_cameras_miss_keeps_its_last_pose(tmp_path) -> None:
    twin, real = World(_scene("stack-2"), seed=3), World(_scene("stack-2"), seed=11)
    camera = FakeDepthCamera(real)
    try:
        sync = _twin_for(camera, tmp_path)
        sync.sync(twin, camera())
        gone = sorted(real.objects)[0]
        kept = twin.object_state(gone).pos
        real.set_object_pose(gone, (2.0, 2.0, 0.0125))  # off the table: no camera sees it
        others = [n for n in real.objects if n != gone]
        moved = others[0]
        p = real.object_state(moved).pos
        real.set_object_pose(moved, (p[0] - 0.03, p[1] + 0.02, p[2]), 0.2)
        real.settle(0.3)
        report = sync.sync(twin, camera())
    finally:
        camera.close()
    assert report.missing == [gone] and gone not in report.moved
    assert np.linalg.norm(twin.object_state(gone).pos - kept) < 0.002  # where it was last seen
    _assert_twin_matches(twin, real, others)  # the rest still follow the real scene


def test_one_camera_is_enough(tmp_path) -> None:
    twin, real = World(_scene("stack-2"), seed=3), World(_scene("stack-2"), seed=11)
    camera = FakeDepthCamera(real, names=("front",))
    try:
        report = _twin_for(camera, tmp_path).sync(twin, camera())
    finally:
        camera.close()
    _assert_twin_matches(twin, real, sorted(report.moved))
    assert len(report.moved) + len(report.missing) == len(real.objects)


def test_frames_without_depth_are_one_error(tmp_path) -> None:
    real = World(_scene("stack-2"), seed=11)
    camera = FakeDepthCamera(real, depth=False)
    try:
        twin = _twin_for(camera, tmp_path)
        with pytest.raises(EmbodiaError, match="needs a depth camera .camera 'front' sends no depth image"):
            twin.check(camera())
    finally:
        camera.close()
    with pytest.raises(EmbodiaError, match="needs a depth camera .none given"):
        Twin({})


def test_calibration_errors_are_one_line(tmp_path) -> None:
    with pytest.raises(EmbodiaError, match="no camera calibration at"):
        load_cameras(tmp_path / "nope.json", ("front",))
    path = tmp_path / "cameras.json"
    path.write_text(json.dumps({"top": {"camera_in_robot": np.eye(4).tolist(), "intrinsics": np.eye(3).tolist()}}))
    with pytest.raises(EmbodiaError, match="camera 'front' has no calibration"):
        load_cameras(path, ("front",))


def test_depth_units() -> None:
    assert depth_metres(np.full((2, 2, 1), 500, np.uint16)).tolist() == [[0.5, 0.5], [0.5, 0.5]]
    assert depth_metres(np.full((2, 2), 0.25, np.float32))[0, 0] == pytest.approx(0.25)


def _one_line(capsys, argv: list[str]) -> str:
    rc = main(argv)
    assert rc == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    return err


def _run_argv(tmp_path, *cameras: str) -> list[str]:
    port = tmp_path / "ttyACM0"
    port.write_text("")
    argv = ["run", "--robot", f"lerobot:so101@{port}", "--task", "stack-2", "--out", str(tmp_path / "r"),
            "--extrinsics", str(tmp_path / "cameras.json")]
    for c in cameras:
        argv += ["--camera", c]
    return argv


def test_run_without_a_depth_camera_is_one_line(monkeypatch, capsys, tmp_path) -> None:
    follower = FakeFollower()
    install_fake_lerobot(monkeypatch, follower)
    err = _one_line(capsys, _run_argv(tmp_path, "front=0"))
    assert "needs a depth camera (front: colour only)" in err
    err = _one_line(capsys, _run_argv(tmp_path))
    assert "needs a depth camera (none given)" in err
    assert follower.sent == []  # nothing moved


def test_run_whose_camera_sends_no_depth_stops_holding_still(monkeypatch, capsys, tmp_path) -> None:
    real = World(_scene("stack-2"), seed=11)
    camera = FakeDepthCamera(real, names=("front",), depth=False)
    try:
        camera.calibration(tmp_path / "cameras.json")
        follower = FakeFollower(images=camera)
        install_fake_lerobot(monkeypatch, follower)
        err = _one_line(capsys, _run_argv(tmp_path, "front=realsense:123456"))
    finally:
        camera.close()
    assert "camera 'front' sends no depth image" in err
    assert follower.config.cameras["front"].use_depth
    assert not follower.connected and follower.bus.torque_changes == 0  # let go of the port, torque kept on


def test_episode_on_a_fake_arm_succeeds_in_the_real_scene(monkeypatch, capsys, tmp_path) -> None:
    """End to end: the fake arm's commands drive the "real" world's arm, whose layout differs from the twin's seed;
    the cameras place the twin's objects, the agent plans on the twin, and the real world ends stacked."""
    from embodia.goals import final_targets, holds
    from embodia.hardware import units
    from embodia.perception.provider import PrivilegedProvider
    from embodia.sim import so101

    inst = get_task(for_robot("stack-2", "so101")).make(3)
    real = World(inst.scene, seed=11)

    class RealArm(FakeFollower):  # what is sent moves the real world's arm one control step
        def send_action(self, action):
            sent = super().send_action(action)
            q, jaw = units.observation_to_joints(sent)
            real.step_control(q, so101.jaw_gap(jaw) / 2)
            return sent

    camera = FakeDepthCamera(real)
    try:
        camera.calibration(tmp_path / "cameras.json")
        start = units.joints_to_action(real.arm_q(), so101.jaw_angle(real.finger_gap()))  # the arm at home
        follower = RealArm({k.removesuffix(".pos"): v for k, v in start.items()}, images=camera)
        install_fake_lerobot(monkeypatch, follower)
        argv = _run_argv(tmp_path, "front=realsense:1", "top=realsense:2") + ["--seed", "3", "--json"]
        assert main(argv) == 0
    finally:
        camera.close()
    facts = set(PrivilegedProvider().observe(real).facts())
    assert all(holds(lit, facts) for lit in final_targets(inst.goal))  # judged in the real world
    trace = [json.loads(line) for line in (tmp_path / "r" / "trace.jsonl").read_text().splitlines()]
    synced = [r for r in trace if r["type"] == "TwinSynced"]
    assert len(synced) >= 3 and synced[0]["sim_s"] == 0.0 and synced[0]["moved"]  # at the start and after each skill


def test_camera_option_needs_a_physical_arm(capsys, tmp_path) -> None:
    err = _one_line(capsys, ["run", "--robot", "so101", "--camera", "front=realsense:1", "--out", str(tmp_path / "r")])
    assert "--camera is for a physical arm" in err
