"""`embodia hardware check`: what is there (LeRobot, the port, the motors, their calibration, the cameras),
read without moving anything: the motor bus is opened and read, torque is never switched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embodia.hardware import connect, units
from embodia.hardware.limits import joint_ranges
from embodia.types import EmbodiaError


@dataclass(frozen=True)
class Finding:
    item: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.item:<12} {self.detail}"


def _motors(follower) -> list[Finding]:
    bus = follower.bus
    bus.connect()
    try:
        calibrated = bool(follower.is_calibrated)
        out = [Finding("motors", True, f"{len(bus.motors)} answer: {', '.join(bus.motors)}"),
               Finding("calibration", calibrated, "matches the motors" if calibrated else
                       "missing or different from the motors; run lerobot-calibrate "
                       "--robot.type=so101_follower")]
        if calibrated:
            pos = bus.sync_read("Present_Position")
            q, jaw = units.observation_to_joints({f"{k}.pos": v for k, v in pos.items()})
            r = joint_ranges()
            outside = [j for j, v, (lo, hi) in zip(units.JOINTS, q, r) if not lo <= v <= hi]
            pose = ", ".join(f"{j} {np.degrees(v):+.0f} deg" for j, v in zip(units.JOINTS, q))
            out.append(Finding("pose", not outside, pose + (f"; outside the limits: {', '.join(outside)}"
                                                            if outside else f"; jaw {np.degrees(jaw):.0f} deg")))
        return out
    finally:
        bus.disconnect(False)  # keep torque as it was


def _camera(spec: str, open_camera: Callable | None) -> Finding:
    name, _, where = spec.partition("=")
    where = where or name
    if open_camera is None:
        try:
            import cv2
        except ImportError:
            return Finding(f"camera {name}", False, "OpenCV is not installed; pip install opencv-python-headless")
        open_camera = lambda w: cv2.VideoCapture(int(w) if w.isdigit() else w)  # noqa: E731
    cap = open_camera(where)
    try:
        ok, frame = cap.read() if cap.isOpened() else (False, None)
    finally:
        cap.release()
    if not ok or frame is None:
        return Finding(f"camera {name}", False, f"no frame from '{where}'")
    return Finding(f"camera {name}", True, f"{frame.shape[1]}x{frame.shape[0]} from '{where}'")


def _depth_camera(spec: str, open_depth: Callable | None) -> Finding:
    """'NAME=realsense:SERIAL': open it through LeRobot's RealSense class, read one colour and one depth frame."""
    name, _, where = spec.partition("=")
    try:
        if open_depth is None:
            from lerobot.cameras.utils import make_cameras_from_configs

            config = connect.camera_configs([spec])[name]
            open_depth = lambda: make_cameras_from_configs({name: config})[name]  # noqa: E731
        cam = open_depth()
    except (ImportError, EmbodiaError) as e:
        return Finding(f"camera {name}", False, str(e) if isinstance(e, EmbodiaError) else connect.INSTALL)
    try:
        cam.connect()
        colour, depth = cam.read(), cam.read_depth()
    except Exception as e:  # a device error of any kind is a finding, never a traceback
        return Finding(f"camera {name}", False, f"{where}: {type(e).__name__}: {e}".splitlines()[0])
    finally:
        if getattr(cam, "is_connected", False):
            cam.disconnect()
    seen = float(np.mean(np.asarray(depth) > 0))
    return Finding(f"camera {name}", seen > 0.5, f"{colour.shape[1]}x{colour.shape[0]} colour and depth from "
                   f"'{where}' ({seen:.0%} of depth pixels with a reading)")


def hardware_check(port: str, robot_id: str = connect.DEFAULT_ID, cameras: tuple[str, ...] = (),
                   make_follower: Callable | None = None, open_camera: Callable | None = None,
                   open_depth: Callable | None = None) -> list[Finding]:
    """Everything found, one finding a line; nothing moves. A camera is NAME=INDEX_OR_PATH (OpenCV, colour) or
    NAME=realsense:SERIAL (LeRobot's RealSense class, colour and depth: what a run on the arm needs)."""
    found: list[Finding] = []
    try:
        if make_follower is None:
            connect.load_lerobot()
            make_follower = connect.make_follower
        found.append(Finding("lerobot", True, "SO-101 follower class found"))
    except EmbodiaError as e:
        found.append(Finding("lerobot", False, str(e)))
    if not Path(port).exists():
        found.append(Finding("port", False, f"no serial device at '{port}'"))
    else:
        found.append(Finding("port", True, port))
        if make_follower is not None:
            try:
                found += _motors(make_follower(port, robot_id))
            except (EmbodiaError, OSError, RuntimeError, ConnectionError) as e:
                found.append(Finding("motors", False, f"{type(e).__name__}: {e}".splitlines()[0]))
    found += [_depth_camera(c, open_depth) if c.partition("=")[2].startswith("realsense:") else _camera(c, open_camera)
              for c in cameras]
    return found
