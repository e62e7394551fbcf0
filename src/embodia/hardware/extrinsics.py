"""Camera extrinsics from a printed ChArUco board (OpenCV's aruco module), saved as JSON for `embodia calibrate`.

The board lies flat on the table with its origin corner at a measured point in the robot's frame (`origin`,
metres, and `yaw`, rad, of its x axis); one image gives the camera's pose in the board's frame by PnP, and so in
the robot's. Intrinsics come from a file or, roughly, from the lens' vertical field of view."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embodia.types import EmbodiaError

INSTALL = "OpenCV is not installed in this environment; pip install opencv-python-headless (it has the aruco module)"


def cv2_module():
    try:
        import cv2
    except ImportError:
        raise EmbodiaError(INSTALL) from None
    if not hasattr(cv2, "aruco"):
        raise EmbodiaError("this OpenCV has no aruco module; pip install opencv-python-headless>=4.7")
    return cv2


@dataclass(frozen=True)
class Board:
    squares: tuple[int, int] = (5, 7)  # squares along x, y
    square: float = 0.04  # m, printed square side
    marker: float = 0.03  # m, printed marker side
    dictionary: str = "DICT_5X5_100"

    def make(self, cv2):
        d = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, self.dictionary))
        return cv2.aruco.CharucoBoard(self.squares, self.square, self.marker, d)


def intrinsics_from_fov(width: int, height: int, fovy_deg: float) -> np.ndarray:
    f = 0.5 * height / math.tan(math.radians(fovy_deg) / 2)
    return np.array([[f, 0, (width - 1) / 2], [0, f, (height - 1) / 2], [0, 0, 1.0]])


def camera_pose(image: np.ndarray, K: np.ndarray, board: Board = Board(), dist: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray, int]:
    """(R, t, corners): the board's frame in the camera's (x_cam = R x_board + t) from one image."""
    cv2 = cv2_module()
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    charuco = board.make(cv2)
    corners, ids, _, _ = cv2.aruco.CharucoDetector(charuco).detectBoard(gray)
    if ids is None or len(ids) < 6:
        raise EmbodiaError(f"found {0 if ids is None else len(ids)} board corners, need >= 6; show the whole "
                           f"{board.squares[0]}x{board.squares[1]} board, flat and well lit")
    obj, img = charuco.matchImagePoints(corners, ids)
    ok, rvec, tvec = cv2.solvePnP(obj, img, K, np.zeros(5) if dist is None else dist)
    if not ok:
        raise EmbodiaError("could not solve the camera pose from the board (solvePnP failed)")
    return cv2.Rodrigues(rvec)[0], tvec.reshape(3), len(ids)


def camera_in_robot(R: np.ndarray, t: np.ndarray, origin: tuple[float, float, float], yaw: float) -> np.ndarray:
    """4x4 pose of the camera (OpenCV axes: x right, y down, z forward) in the robot's frame."""
    board_in_robot = np.eye(4)
    c, s = math.cos(yaw), math.sin(yaw)
    board_in_robot[:3, :3] = [[c, -s, 0], [s, c, 0], [0, 0, 1]]
    board_in_robot[:3, 3] = origin
    cam_in_board = np.eye(4)
    cam_in_board[:3, :3] = R.T
    cam_in_board[:3, 3] = -R.T @ t
    return board_in_robot @ cam_in_board


def save(path: Path, camera: str, pose: np.ndarray, K: np.ndarray, corners: int,
         size: tuple[int, int] | None = None) -> Path:
    """Add or replace one camera's entry; `size` (width, height) is the image size K is for."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text()) if path.is_file() else {}
    data[camera] = {"camera_in_robot": np.round(pose, 6).tolist(), "intrinsics": np.round(K, 4).tolist(),
                    "axes": "opencv (x right, y down, z forward)", "board_corners": corners}
    if size is not None:
        data[camera]["size"] = [int(size[0]), int(size[1])]
    path.write_text(json.dumps(data, indent=2))
    return path
