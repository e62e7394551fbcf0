"""Arm control: the `Robot` boundary, mink IK, streamed motions and the gripper."""

from embodia.control.gripper import close_gripper, open_gripper
from embodia.control.ik import ArmIK, IKResult, down_rot, tool_yaw
from embodia.control.motion import ArmController, MotionError, MoveResult
from embodia.control.robot import Robot, RobotState, SimRobot

__all__ = [
    "ArmController", "ArmIK", "IKResult", "MotionError", "MoveResult", "Robot", "RobotState", "SimRobot",
    "close_gripper", "down_rot", "open_gripper", "tool_yaw",
]
