"""Without the hardware or the extras, every bridge command is one line naming what is missing, exit 2."""

from __future__ import annotations

import sys

import pytest

from embodia.cli import main


@pytest.fixture
def no_lerobot(monkeypatch):
    for name in ("lerobot", "lerobot.robots.so_follower", "lerobot.robots.so101_follower"):
        monkeypatch.setitem(sys.modules, name, None)  # import fails, as where LeRobot is not installed


def _one_line(capsys, argv: list[str]) -> str:
    try:
        rc = main(argv)
    except SystemExit as e:  # argparse's own errors
        rc = e.code
    assert rc == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    return err


def test_hardware_check_without_lerobot(no_lerobot, capsys) -> None:
    err = _one_line(capsys, ["hardware", "check", "--port", "/dev/ttyACM0"])
    assert "LeRobot is not installed" in err and "make lerobot-env" in err


def test_run_on_the_real_arm_without_lerobot(no_lerobot, capsys, tmp_path) -> None:
    err = _one_line(capsys, ["run", "--robot", "lerobot:so101@/dev/ttyACM0", "--task", "stack-2", "--out",
                             str(tmp_path / "r")])
    assert "LeRobot is not installed" in err


def test_missing_port_is_named(monkeypatch, capsys, tmp_path) -> None:
    from embodia.hardware import connect

    monkeypatch.setattr(connect, "load_lerobot", lambda: (object, object))  # as if LeRobot were there
    err = _one_line(capsys, ["hardware", "check", "--port", str(tmp_path / "ttyACM9")])
    assert "no serial device" in err and "ttyACM9" in err


def test_calibrate_without_opencv(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "cv2", None)
    err = _one_line(capsys, ["calibrate", "--camera", "front=0"])
    assert "OpenCV is not installed" in err and "opencv-python-headless" in err


def test_bad_robot_and_task_names(capsys) -> None:
    err = _one_line(capsys, ["run", "--robot", "ur5"])
    assert "valid: panda, so101 or lerobot:so101@PORT" in err
    err = _one_line(capsys, ["run", "--robot", "so101", "--task", "drawer-1", "--dry-run"])
    assert "no 'drawer' tasks" in err and "stack" in err


def test_confirm_needs_a_physical_arm(capsys, tmp_path) -> None:
    err = _one_line(capsys, ["run", "--robot", "so101", "--confirm", "--out", str(tmp_path / "r")])
    assert "--confirm is for a physical arm" in err
