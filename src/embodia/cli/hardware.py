"""`embodia hardware check`: report what is connected (LeRobot, port, motors, calibration, cameras) without
moving anything."""

from __future__ import annotations

import argparse
import json

from embodia.types import EmbodiaError


def add_parser(sub) -> None:
    p = sub.add_parser("hardware", help="a physical SO-101 through LeRobot: 'embodia hardware check --port PORT'")
    hw = p.add_subparsers(dest="hardware_command", required=True, parser_class=type(p))
    c = hw.add_parser("check", help="report port, motors, calibration and cameras; moves nothing")
    c.add_argument("--port", required=True, help="the arm's serial port, e.g. /dev/ttyACM0")
    c.add_argument("--id", default=None, help="LeRobot calibration id (default embodia_so101)")
    c.add_argument("--camera", action="append", default=[], metavar="NAME=SOURCE",
                   help="a camera to try: front=0 (OpenCV) or front=realsense:SERIAL (colour and depth; repeatable)")
    c.add_argument("--json", action="store_true", help="one JSON list of findings")
    c.set_defaults(func=check)


def check(args: argparse.Namespace) -> int:
    from embodia.hardware.check import hardware_check
    from embodia.hardware.connect import DEFAULT_ID, check_port, load_lerobot

    load_lerobot()  # without LeRobot: one line naming how to install it, exit 2
    check_port(args.port)
    for spec in args.camera:
        if "=" not in spec:
            raise EmbodiaError(f"camera '{spec}' is not NAME=SOURCE (e.g. front=0 or front=realsense:SERIAL)")
    found = hardware_check(args.port, args.id or DEFAULT_ID, tuple(args.camera))
    if args.json:
        print(json.dumps([f.__dict__ for f in found]))
    else:
        print("\n".join(f.line() for f in found))
    return 0 if all(f.ok for f in found) else 1
