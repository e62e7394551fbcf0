"""Fixed geometry of the tabletop world (metres, world frame; the robot base is at the origin).

The table top is the plane z = 0. Objects are placed in WORKSPACE; the cabinet stands to the
robot's left with its drawer sliding out along -y, toward the workspace.
"""

from __future__ import annotations

TIMESTEP = 0.002  # s of physics per mj_step
CONTROL_HZ = 20
SUBSTEPS = int(round(1.0 / (CONTROL_HZ * TIMESTEP)))  # physics steps per control step

TABLE_CENTER = (0.45, 0.0)
TABLE_HALF = (0.65, 0.75, 0.375)  # the table box; its top is at z = 0

# Where objects may be placed procedurally (x range, y range) — all within the arm's reach.
WORKSPACE = ((0.28, 0.72), (-0.40, 0.12))
PLACEMENT_MARGIN = 0.015  # free gap between placed footprints
REACH_RADIUS = 0.78  # from the shoulder, conservative for the Panda's 0.855 m
SHOULDER = (0.0, 0.0, 0.333)

# Safe box for the tool centre point: any commanded target must be inside it. Its near edge keeps the hand
# 8 cm in front of the base: an item knocked beside the robot (x 0.12, y -0.42, say) is still reached.
SAFE_BOX = ((0.08, 0.85), (-0.55, 0.55), (-0.005, 0.75))

CABINET_POS = (0.50, 0.50)
CABINET_HALF = (0.14, 0.13, 0.075)  # outer half sizes; height = 2 * hz
DRAWER_HALF = (0.115, 0.115, 0.045)
DRAWER_WALL = 0.010  # m, wall and floor thickness of the drawer box
DRAWER_TRAVEL = 0.17  # how far the drawer slides out
DRAWER_OPEN_AT = 0.12  # slide >= this: open
DRAWER_CLOSED_AT = 0.02  # slide <= this: closed
HANDLE_HALF_LEN = 0.05
HANDLE_STANDOFF = 0.045  # gap between drawer front and handle bar (room for a finger)
HANDLE_Z = 0.036  # handle height above the drawer's centre: high, so a hand pinching it clears the cabinet top
