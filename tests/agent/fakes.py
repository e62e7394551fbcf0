"""Test doubles for the episode loop without physics: a symbolic table of block towers that runs skill
calls on its state, perceives it as a SceneGraph (geometry laid out so perception's relations give the
intended facts), a clock, a disturbance hook and a scripted brain. Fault injection only: the real path
is tested in physics by test_episode.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from embodia.agent.parts import EpisodeParts
from embodia.brains.base import Observation
from embodia.perception.graph import SceneGraph
from embodia.perception.nodes import GripperState, ObjectNode
from embodia.record.memory import Memory
from embodia.record.steps import ModelCall
from embodia.skills import SkillResult
from embodia.tasks.base import Disturbance
from embodia.types import Done, Goal, Literal, SkillCall

HALF = 0.02  # block half size (m)


@dataclass
class Table:
    """Towers of blocks (bottom first) in a row, and the block in the hand."""

    towers: list[list[str]]
    held: str | None = None
    time: float = 0.0  # simulated seconds
    skill_s: float = 2.0  # simulated seconds each skill takes
    fail: dict[str, str] = field(default_factory=dict)  # call text -> failure reason (the call never works)
    hide_holding: bool = False  # perception misses the grasp (a camera-perceived holding mismatch)
    runs: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return sorted([b for t in self.towers for b in t] + ([self.held] if self.held else []))

    def run(self, call: SkillCall) -> SkillResult:
        self.runs.append(str(call))
        self.time += self.skill_s
        if str(call) in self.fail:
            return SkillResult(False, self.fail[str(call)], "injected failure", self.skill_s)
        if call.name == "pick":
            if self.held == call.args[0]:
                return SkillResult(True, None, f"already holding '{self.held}'", self.skill_s)
            tower = next(t for t in self.towers if t and t[-1] == call.args[0])
            self.held = tower.pop()
        elif call.name == "place_on":
            obj, target = call.args
            if target.startswith("table"):
                self.towers.append([obj])
            else:
                next(t for t in self.towers if t and t[-1] == target).append(obj)
            self.held = None
        self.towers = [t for t in self.towers if t]
        return SkillResult(True, None, "done", self.skill_s)

    def observe(self) -> SceneGraph:
        nodes = []
        for i, tower in enumerate(self.towers):
            for level, name in enumerate(tower):
                nodes.append(_block(name, (0.5, -0.3 + 0.1 * i, HALF * (2 * level + 1))))
        if self.held:
            nodes.append(_block(self.held, (0.5, 0.1, 0.3)))
        holding = None if self.hide_holding else self.held
        return SceneGraph(tuple(nodes), GripperState(0.04 if self.held else 0.08, holding), time=self.time)

    def parts(self, disturbances: Hook | None = None) -> EpisodeParts:
        return EpisodeParts(run_skill=self.run, observe=self.observe, clock=lambda: self.time,
                            **({"disturbances": disturbances} if disturbances else {}))


def _block(name: str, pos: tuple[float, float, float]) -> ObjectNode:
    colour = name.split("_")[0]
    return ObjectNode(name, "block", colour, "small", pos, 0.0, (HALF, HALF, HALF))


class Hook:
    """A task's disturbance hook: after `after` subgoals, put the top block of the first tower on the table."""

    def __init__(self, table: Table, after: int) -> None:
        self.table, self.pending = table, [Disturbance(after, "knock_tower", 0)]

    def due(self, subgoals_done: int) -> Sequence[Disturbance]:
        return [d for d in self.pending if subgoals_done >= d.after_subgoal]

    def fire(self, dist: Disturbance, scene: SceneGraph, goal: Goal) -> str | None:
        tall = [t for t in self.table.towers if len(t) > 1]
        if not tall:
            return None
        self.pending.remove(dist)
        self.table.towers.append([tall[0].pop()])
        return f"tower knocked: {self.table.towers[-1][0]} on the table"


class ScriptedBrain:
    """Grounds to a fixed goal; answers step-wise and whole-plan requests from scripts (repeating the last)."""

    name = "scripted"
    cameras: tuple[str, ...] = ()

    def __init__(self, goal: Goal, steps: Sequence[SkillCall | Done] = (),
                 plans: Sequence[list[SkillCall]] = ()) -> None:
        self.goal, self.steps, self.plans = goal, list(steps), list(plans)
        self.model_calls: list[ModelCall] = []

    def ground(self, instruction: str, obs: Observation) -> Goal:
        return self.goal

    def next_skill(self, goal: Goal, obs: Observation, memory: Memory) -> SkillCall | Done:
        return self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]

    def full_plan(self, goal: Goal, obs: Observation, memory: Memory) -> list[SkillCall]:
        return self.plans.pop(0) if len(self.plans) > 1 else self.plans[0]

    def close(self) -> None:
        """Nothing to release."""


def on(a: str, b: str) -> Literal:
    return Literal("on", (a, b))


def call(text: str) -> SkillCall:
    return SkillCall.parse(text)
