"""Argument types shared by the commands; a bad value becomes argparse's one-line error (exit 2)."""

from __future__ import annotations

import argparse


def seed_arg(text: str) -> int:
    """A scene seed: an integer >= 0."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be an integer >= 0, got '{text}'") from None
    if seed < 0:
        raise argparse.ArgumentTypeError(f"seed must be an integer >= 0, got {seed}")
    return seed


def robot_arg(text: str):
    """--robot: panda, so101 or lerobot:so101@PORT."""
    from embodia.hardware.connect import parse_robot
    from embodia.types import EmbodiaError

    try:
        return parse_robot(text)
    except EmbodiaError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
