"""Kitchen skills for articulated things: swing a hinged door open along its arc, slide a door open, flip a
switch, turn a knob, and lift-carry-place the kettle. Typed parameters (object kinds), STRIPS-style
preconditions and effects, and typed failures: the same contracts as the tabletop skills (`SkillResult`
with a reason from `REASONS`). Each skill moves the hand only through `Hand` (env steps)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embodia.kitchen.arm import CLOSED, OPEN, axis_rotation, frame
from embodia.kitchen.motion import Hand, OutOfSteps, Unreachable
from embodia.kitchen.scene import OBJECTS, KitchenScene
from embodia.skills.base import SkillResult
from embodia.types import Literal, SkillCall

FORWARD = frame([0.0, 1.0, 0.0], [1.0, 0.0, 0.0])  # hand pointing at the back wall, fingers opening along x
STANDOFF = 0.10  # m in front of a handle before the last straight approach
GRASPED = 0.004  # a finger closer to the palm than this (m) closed on nothing

# hinged door -> (handle site, hinge joint, joint target (rad), grasp height below the site (m))
DOORS = {"microwave": ("microhandle_site", "microwave", -0.8, 0.0),
         "hinge_cabinet": ("hinge_site2", "right_hinge_cabinet", 1.5, 0.05)}
# burner -> (knob site, knob joint); the knob is turned to KNOB_ON
KNOBS = {"bottom_burner": ("knob2_site", "knob_Joint_2"), "top_burner": ("knob4_site", "knob_Joint_4"),
         "bottom_right_burner": ("knob1_site", "knob_Joint_1"), "top_right_burner": ("knob3_site", "knob_Joint_3")}
KNOB_ON = -1.0  # rad (the env's goal for the burners is -0.88 / -0.92)
KETTLE_PITCH = 0.6  # rad: the hand leans towards the wall so the wrist stays under the hood
LIFT = 0.07  # m the kettle is lifted for carrying
SLIDE_PUSH = 0.2  # m the slide door's handle is pushed



class SkillError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class KitchenSkill:
    name: str
    kinds: tuple[str, ...]  # the kind of each parameter
    description: str

    def effects(self, args: tuple[str, ...]) -> tuple[Literal, ...]:
        if self.name == "carry":
            return (Literal("on", (args[0], args[1])),)
        pred = "open" if self.name in ("swing_open", "slide_open") else "switched_on"
        return (Literal(pred, (args[0],)),)

    def check(self, args: tuple[str, ...]) -> str | None:
        """Why the arguments do not fit (one line naming what is valid), or None."""
        if len(args) != len(self.kinds):
            return f"{self.name} takes {len(self.kinds)} argument(s) ({', '.join(self.kinds)}), got {len(args)}"
        for arg, kind in zip(args, self.kinds):
            if arg not in OBJECTS:
                return f"{self.name}: unknown kitchen object '{arg}'; known: {', '.join(OBJECTS)}"
            if OBJECTS[arg][0] != kind:
                valid = [n for n, (k, _) in OBJECTS.items() if k == kind]
                return f"{self.name}: '{arg}' is a {OBJECTS[arg][0]}, not a {kind}; valid: {', '.join(valid)}"
        return None


SKILLS: dict[str, KitchenSkill] = {s.name: s for s in (
    KitchenSkill("swing_open", ("hinged_door",), "grasp the handle and swing the door open along its arc"),
    KitchenSkill("slide_open", ("sliding_door",), "push the handle sideways until the door slides open"),
    KitchenSkill("switch_on", ("switch",), "push the switch's lever over"),
    KitchenSkill("turn_on", ("burner",), "grasp the burner's knob and turn it on"),
    KitchenSkill("carry", ("kettle", "burner"), "grasp the kettle's handle, lift it, carry it over the burner and set "
                                                "it down"),
)}


def run_kitchen_skill(call: SkillCall, hand: Hand, scene: KitchenScene) -> SkillResult:
    """Run one call to its end; bad input and every failure come back as a typed SkillResult."""
    t0 = hand.world.time
    skill = SKILLS.get(call.name)
    if skill is None:
        return SkillResult(False, "precondition_failed",
                           f"unknown kitchen skill '{call.name}'; known: {', '.join(SKILLS)}")
    why = skill.check(call.args)
    if why:
        return SkillResult(False, "precondition_failed", why)
    try:
        ACTIONS[call.name](hand, scene, *call.args)
        return SkillResult(True, None, "", round(hand.world.time - t0, 3))
    except SkillError as e:
        reason, detail = e.reason, str(e)
    except Unreachable as e:
        reason, detail = "unreachable", str(e)
    except OutOfSteps as e:
        return SkillResult(False, "timeout", str(e), round(hand.world.time - t0, 3))
    try:  # let go and back off before the next attempt
        hand.fingers(OPEN, 2)
        pos, rot = hand.pose()
        hand.line(pos - 0.06 * rot[:, 2], rot, speed=0.5, settle=0)
    except (OutOfSteps, Unreachable):
        pass
    return SkillResult(False, reason, detail, round(hand.world.time - t0, 3))


def _landmarks(hand: Hand):
    return hand.marks.at(hand.world.qpos_full())


def _grasp(hand: Hand, at: np.ndarray, rot: np.ndarray, what: str, standoff: float = STANDOFF) -> None:
    approach = rot[:, 2]
    hand.fingers(OPEN, 0)
    hand.goto(at - standoff * approach, rot)
    hand.line(at, rot, speed=0.4)
    hand.fingers(CLOSED, 4)
    if max(hand.world.q[7:9]) < GRASPED:
        raise SkillError("grasp_missed", f"the fingers closed on nothing at the {what}")


def _release(hand: Hand, back: float = 0.08, speed: float = 0.6, wait: int = 2) -> None:
    hand.last_target = np.array(hand.world.q[:7])  # stop pressing where the hand is, then open and back off
    hand.fingers(OPEN, wait)
    pos, rot = hand.pose()
    hand.line(pos - back * rot[:, 2], rot, speed=speed, settle=0)


def swing_open(hand: Hand, scene: KitchenScene, door: str) -> None:
    site, joint, target, below = DOORS[door]
    marks = _landmarks(hand)
    handle = marks.site(site) - [0.0, 0.0, below]
    pivot, axis = marks.hinge(joint)
    angle = target - float(hand.world.qpos_full()[hand.world.model.joint(joint).qposadr[0]])
    approach = marks.site_frame(site)[:, 1]  # the handle site's y axis points into the door
    _grasp(hand, handle, frame(approach, np.cross([0.0, 0.0, 1.0], approach)), f"{door}'s handle")
    hand.arc(pivot, angle * float(axis[2]), speed=0.8, turn=0.0)
    _release(hand, back=0.1)  # out of the fingers' mouth, away from the door's face
    pos, rot = hand.pose()
    out = (pos - pivot) * [1.0, 1.0, 0.0]
    hand.line(pos + 0.1 * out / np.linalg.norm(out), rot, speed=0.6, settle=0)  # past the door's free edge
    pos, rot = hand.pose()
    home = -pos * [1.0, 1.0, 0.0]  # then towards the robot's base, clear of the swept door
    hand.line(pos + 0.15 * home / np.linalg.norm(home), rot, speed=0.6, settle=0)


def slide_open(hand: Hand, scene: KitchenScene, door: str) -> None:
    handle = _landmarks(hand).site("slide_site")
    start = handle + [-0.045, 0.0, -0.1]
    hand.fingers(CLOSED, 0)
    hand.goto(start - [0.0, STANDOFF, 0.0], FORWARD)
    hand.line(start, FORWARD, speed=0.4)
    hand.line(start + [SLIDE_PUSH, 0.0, 0.0], FORWARD, speed=0.4)
    pos, rot = hand.pose()
    hand.line(pos - [0.0, 0.08, 0.0], rot, speed=0.6, settle=0)


def switch_on(hand: Hand, scene: KitchenScene, switch: str) -> None:
    lever = _landmarks(hand).site("light_site")
    start = lever + [0.055, -0.016, 0.0]
    hand.fingers(CLOSED, 0)
    hand.goto(start - [0.0, 0.06, 0.0], FORWARD)
    hand.line(start, FORWARD, speed=0.4)
    hand.line(start - [0.16, 0.0, 0.0], FORWARD, speed=0.4)
    pos, rot = hand.pose()
    hand.line(pos - [0.0, 0.08, 0.0], rot, speed=0.6, settle=0)


def turn_on(hand: Hand, scene: KitchenScene, burner: str) -> None:
    site, joint = KNOBS[burner]
    marks = _landmarks(hand)
    knob = marks.site(site) - [0.0, 0.005, 0.0]
    _, axis = marks.hinge(joint)
    angle = KNOB_ON - float(hand.world.qpos_full()[hand.world.model.joint(joint).qposadr[0]])
    _grasp(hand, knob, FORWARD, f"{burner}'s knob")
    hand.line(knob, axis_rotation(axis, angle) @ FORWARD, speed=0.4)
    _release(hand)


def carry(hand: Hand, scene: KitchenScene, kettle: str, burner: str) -> None:
    from embodia.kitchen.scene import BURNER_XY

    marks = _landmarks(hand)
    handle = marks.site("kettle_site")
    bar = marks.site_frame("kettle_site")[:, 0]  # the handle bar's axis
    side = np.cross([0.0, 0.0, 1.0], bar)
    side /= np.linalg.norm(side)
    if side[1] < 0:
        side = -side
    approach = np.sin(KETTLE_PITCH) * side - np.cos(KETTLE_PITCH) * np.array([0.0, 0.0, 1.0])
    rot = frame(approach, np.cos(KETTLE_PITCH) * side + np.sin(KETTLE_PITCH) * np.array([0.0, 0.0, 1.0]))
    _grasp(hand, handle, rot, "kettle's handle")
    z0 = float(scene.kettle_pos()[2])
    hand.load_kg = kettle_mass(hand)
    try:
        hand.line(handle + [0.0, 0.0, LIFT], rot, speed=0.3)
        if hand.world.qpos_full()[25] < z0 + LIFT / 3:
            raise SkillError("dropped", "the kettle did not come up with the hand")
        offset = handle - scene.kettle_pos()
        bx, by = BURNER_XY[burner]
        over = np.array([bx, by, z0]) + offset
        hand.line(over + [0.0, 0.0, LIFT], rot, speed=0.4)
        hand.line(over + [0.0, 0.0, 0.01], rot, speed=0.3)
    finally:
        hand.load_kg = 0.0
    _release(hand, back=0.1, speed=0.25, wait=3)  # slowly: the open fingers clear the handle by millimetres


def kettle_mass(hand: Hand) -> float:
    """The kettle's mass from the model (its body and everything attached below it)."""
    model = hand.world.model
    root = model.body("kettleroot").id
    return float(sum(model.body_mass[b] for b in range(model.nbody) if b == root or model.body_parentid[b] == root))


ACTIONS = {"swing_open": swing_open, "slide_open": slide_open, "switch_on": switch_on, "turn_on": turn_on,
           "carry": carry}
