"""`embodia calibrate`: a camera's pose in the robot's frame from a printed ChArUco board (OpenCV), saved as JSON."""

from __future__ import annotations

import argparse

from embodia.types import EmbodiaError


def _floats(text: str, n: int, what: str) -> tuple[float, ...]:
    try:
        vals = tuple(float(v) for v in text.split(","))
    except ValueError:
        vals = ()
    if len(vals) != n:
        raise EmbodiaError(f"{what} takes {n} comma-separated numbers, got '{text}'")
    return vals


def add_parser(sub) -> None:
    p = sub.add_parser("calibrate", help="camera extrinsics from a printed ChArUco board (needs OpenCV)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--camera", metavar="NAME=INDEX_OR_PATH", help="grab one frame, e.g. front=0")
    src.add_argument("--image", metavar="NAME=FILE", help="use a saved photo, e.g. front=board.png")
    p.add_argument("--origin", default="0.15,-0.1,0", help="board origin corner in the robot frame, m (x,y,z)")
    p.add_argument("--yaw", type=float, default=0.0, help="the board's x axis angle in the robot frame, rad")
    p.add_argument("--board", default="5x7", help="squares along x and y (default 5x7)")
    p.add_argument("--square", type=float, default=0.04, help="printed square side, m (default 0.04)")
    p.add_argument("--marker", type=float, default=0.03, help="printed marker side, m (default 0.03)")
    p.add_argument("--fovy", type=float, default=60.0, help="vertical field of view for rough intrinsics, deg")
    p.add_argument("--out", default="calibration/cameras.json", help="JSON file (one entry per camera)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from embodia.hardware import extrinsics as ex

    cv2 = ex.cv2_module()  # without OpenCV: one line naming what to install, exit 2
    spec = args.camera or args.image
    name, sep, where = spec.partition("=")
    if not sep or not name or not where:
        raise EmbodiaError(f"'{spec}' is not NAME=SOURCE (e.g. front=0 or front=board.png)")
    sx, _, sy = args.board.partition("x")
    if not (sx.isdigit() and sy.isdigit()):
        raise EmbodiaError(f"--board takes COLSxROWS, e.g. 5x7, got '{args.board}'")
    origin = _floats(args.origin, 3, "--origin")
    if args.image:
        image = cv2.imread(where)
        if image is None:
            raise EmbodiaError(f"cannot read image '{where}'")
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    else:
        cap = cv2.VideoCapture(int(where) if where.isdigit() else where)
        ok, frame = cap.read() if cap.isOpened() else (False, None)
        cap.release()
        if not ok:
            raise EmbodiaError(f"no frame from camera '{where}'; check it with 'embodia hardware check'")
        image = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    board = ex.Board((int(sx), int(sy)), args.square, args.marker)
    K = ex.intrinsics_from_fov(image.shape[1], image.shape[0], args.fovy)
    R, t, corners = ex.camera_pose(image, K, board)
    pose = ex.camera_in_robot(R, t, origin, args.yaw)
    path = ex.save(args.out, name, pose, K, corners, (image.shape[1], image.shape[0]))
    print(f"camera '{name}' at {pose[:3, 3].round(3).tolist()} m in the robot frame ({corners} corners) -> {path}")
    return 0
