"""Naming a robot on the command line and reaching a physical one through LeRobot, imported only here and
only when asked for. Each thing missing (LeRobot, the serial port, a calibration) is one clear error."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from embodia.types import EmbodiaError

SIM_ROBOTS = ("panda", "so101")
FORMS = "panda, so101 or lerobot:so101@PORT (e.g. lerobot:so101@/dev/ttyACM0)"
LEROBOT_MODULES = ("lerobot.robots.so_follower", "lerobot.robots.so101_follower")  # LeRobot >= 0.4, older
INSTALL = ("LeRobot is not installed in this environment; run 'make lerobot-env' and use "
           ".venv-lerobot/bin/embodia, or pip install 'lerobot[feetech]'")
DEFAULT_ID = "embodia_so101"


@dataclass(frozen=True)
class RobotChoice:
    sim: str  # the simulated arm that plans and checks the motions
    port: str | None = None  # a physical arm's serial port, mirrored through LeRobot

    @property
    def physical(self) -> bool:
        return self.port is not None

    @property
    def label(self) -> str:
        return f"lerobot:{self.sim}@{self.port}" if self.port else self.sim


def parse_robot(text: str) -> RobotChoice:
    if text in SIM_ROBOTS:
        return RobotChoice(text)
    m = re.fullmatch(r"lerobot:([a-z0-9_]+)@(.+)", text)
    if m and m.group(1) == "so101":
        return RobotChoice("so101", m.group(2))
    if m:
        raise EmbodiaError(f"unknown LeRobot arm '{m.group(1)}' in '{text}'; only so101 is supported")
    raise EmbodiaError(f"unknown robot '{text}'; valid: {FORMS}")


def load_lerobot():
    """LeRobot's SO-101 follower class and its config class, or one error naming how to install LeRobot."""
    for name in LEROBOT_MODULES:
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(mod, "SO101Follower") and hasattr(mod, "SO101FollowerConfig"):
            return mod.SO101Follower, mod.SO101FollowerConfig
    raise EmbodiaError(INSTALL)


def check_port(port: str) -> None:
    if not Path(port).exists():
        raise EmbodiaError(f"no serial device at '{port}'; plug in the SO-101's controller board and pass its port "
                           "(ls /dev/ttyACM* /dev/ttyUSB* on Linux, /dev/tty.usbmodem* on macOS)")


def make_follower(port: str, robot_id: str = DEFAULT_ID, cameras: dict | None = None):
    """An unconnected follower: torque stays on at disconnect, so a stopped arm keeps holding its pose."""
    cls, config_cls = load_lerobot()
    check_port(port)
    return cls(config_cls(port=port, id=robot_id, use_degrees=True, disable_torque_on_disconnect=False,
                          cameras=cameras or {}))


def connect_follower(port: str, robot_id: str = DEFAULT_ID, cameras: dict | None = None):
    """A connected, calibrated follower (LeRobot's interactive calibration is never started from here)."""
    follower = make_follower(port, robot_id, cameras)
    follower.connect(calibrate=False)
    if not follower.is_calibrated:
        follower.disconnect()
        raise EmbodiaError(f"the SO-101 at {port} has no calibration for id '{robot_id}'; run 'lerobot-calibrate "
                           f"--robot.type=so101_follower --robot.port={port} --robot.id={robot_id}' first")
    return follower


def camera_configs(specs: list[str]) -> dict:
    """'front=realsense:SERIAL_OR_NAME' (colour and depth), 'front=0' or 'front=/dev/video2' (OpenCV, colour
    only) -> LeRobot camera configs, 640x480 at 30 fps."""
    out = {}
    for spec in specs:
        name, sep, where = spec.partition("=")
        if not sep or not name or not where:
            raise EmbodiaError(f"camera '{spec}' is not NAME=SOURCE (e.g. front=realsense:SERIAL or front=0)")
        kind, colon, serial = where.partition(":")
        try:
            if colon and kind == "realsense":
                from lerobot.cameras.realsense import RealSenseCameraConfig

                out[name] = RealSenseCameraConfig(serial_number_or_name=serial, fps=30, width=640, height=480,
                                                  use_depth=True)
            else:
                from lerobot.cameras.opencv import OpenCVCameraConfig

                out[name] = OpenCVCameraConfig(index_or_path=int(where) if where.isdigit() else where,
                                               fps=30, width=640, height=480)
        except ImportError:
            raise EmbodiaError(INSTALL) from None
    return out


def has_depth(config) -> bool:
    return bool(getattr(config, "use_depth", False))
