"""Kitchen perception: the env's observation (joint values) mapped to objects and predicates.

No camera here: every fact comes from the observed joint values, each compared with the configuration the
env's checker counts as done, with a margin (`MARGIN`) inside the checker's own threshold (0.3), so what we
perceive as done the checker counts too. The kettle's place is the burner its observed position is over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embodia.types import EmbodiaError, Literal, unknown

MARGIN = 0.25  # a slice within this distance of its goal counts as done (the env's checker uses 0.3)
ROBOT_JOINTS = 9  # observed kitchen joint i sits at env qpos index ROBOT_JOINTS + i

# object -> (kind, the env's task name or None); kinds type the skills' parameters
OBJECTS: dict[str, tuple[str, str | None]] = {
    "microwave": ("hinged_door", "microwave"),
    "hinge_cabinet": ("hinged_door", "hinge cabinet"),
    "slide_cabinet": ("sliding_door", "slide cabinet"),
    "light": ("switch", "light switch"),
    "bottom_burner": ("burner", "bottom burner"),
    "top_burner": ("burner", "top burner"),
    "bottom_right_burner": ("burner", None),
    "top_right_burner": ("burner", None),
    "kettle": ("kettle", "kettle"),
}
# the env's task name -> (qpos indices, goal): as in the package's kitchen_env (read there, copied at import)
BURNER_XY = {"bottom_burner": (-0.225, 0.339), "top_burner": (-0.222, 0.78),
             "bottom_right_burner": (0.221, 0.339), "top_right_burner": (0.219, 0.78)}
ON_BURNER_XY = 0.12  # kettle centre within this of a burner's centre (m)
STOVE_Z = 1.70  # kettle base below this: resting on the stove


def _env_tables() -> tuple[dict, dict]:
    from gymnasium_robotics.envs.franka_kitchen.kitchen_env import OBS_ELEMENT_GOALS, OBS_ELEMENT_INDICES

    return OBS_ELEMENT_INDICES, OBS_ELEMENT_GOALS


def done_literal(name: str) -> Literal:
    """The literal that says the env's task for object `name` is done."""
    kind = OBJECTS[name][0]
    if kind in ("hinged_door", "sliding_door"):
        return Literal("open", (name,))
    if kind in ("switch", "burner"):
        return Literal("switched_on", (name,))
    return Literal("on", ("kettle", "top_burner"))


TASK_LITERAL = {task: done_literal(name) for name, (_, task) in OBJECTS.items() if task}  # env task -> literal


@dataclass(frozen=True)
class KitchenScene:
    """Observed kitchen joints (env qpos order) and the facts they make true."""

    qpos: np.ndarray  # env qpos with the robot's 9 joints included (observed, noisy)
    time: float = 0.0

    @property
    def objects(self) -> tuple[str, ...]:
        return tuple(OBJECTS)

    @property
    def names(self) -> list[str]:
        return list(OBJECTS)

    def kinds(self) -> dict[str, str]:
        return {n: k for n, (k, _) in OBJECTS.items()}

    def kettle_pos(self) -> np.ndarray:
        return self.qpos[23:26]

    def kettle_quat(self) -> np.ndarray:
        return self.qpos[26:30]

    def distance(self, task: str) -> float:
        idx, goal = _env_tables()
        return float(np.linalg.norm(self.qpos[idx[task]] - goal[task]))

    def facts(self) -> frozenset[Literal]:
        out = set()
        for name, (kind, task) in OBJECTS.items():
            if task and kind != "kettle" and self.distance(task) < MARGIN:
                out.add(done_literal(name))
        x, y, z = self.kettle_pos()
        for burner, (bx, by) in BURNER_XY.items():
            over = np.hypot(x - bx, y - by) < ON_BURNER_XY and z < STOVE_Z
            upright = burner != "top_burner" or self.distance("kettle") < MARGIN  # as the checker wants it
            if over and upright:
                out.add(Literal("on", ("kettle", burner)))
        return frozenset(out)

    def holds(self, lit: Literal | str) -> bool:
        if isinstance(lit, str):
            lit = Literal.parse(lit)
        for a in lit.args:
            if a not in OBJECTS:
                raise unknown("kitchen object", a, list(OBJECTS))
        if lit.predicate not in ("open", "switched_on", "on"):
            raise EmbodiaError(f"predicate '{lit.predicate}' is not observable in the kitchen; known: open, "
                               "switched_on, on")
        atom = lit if lit.positive else lit.negated()
        return (atom in self.facts()) == lit.positive

    def sorted_facts(self) -> list[str]:
        return sorted(map(str, self.facts()))

    def to_json(self) -> dict:
        return {"source": "joint observation", "time": round(self.time, 3), "facts": self.sorted_facts(),
                "kettle": [round(float(v), 3) for v in self.kettle_pos()]}

    def to_prompt(self) -> str:
        lines = ["objects: " + ", ".join(f"{n} ({k})" for n, k in self.kinds().items())]
        lines.append("facts: " + (", ".join(self.sorted_facts()) or "(none)"))
        return "\n".join(lines)


def observe(obs: dict, time: float = 0.0) -> KitchenScene:
    """The scene from one env observation: its robot joints and its (noisy) kitchen joints."""
    o = obs["observation"]
    return KitchenScene(np.concatenate([o[:ROBOT_JOINTS], o[18:39]]), time)
