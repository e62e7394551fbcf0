"""Recovery that changes its approach. After a skill fails, the loop asks `Recovery.after_failure` what to do
before it replans: put the held item down (so the retry starts from a fresh grasp), and from the second failure
of a placement on a block, re-seat that block on its support. Each later attempt on the same item runs under
the next `skills.variation` (another grasp yaw, a small placement offset, a gentler lowering), so a retry is
never the same motion again. Attempts are counted per item, so the pick before a retried placement varies too."""

from __future__ import annotations

from dataclasses import dataclass

from embodia.perception.graph import SceneGraph
from embodia.skills.variation import Variation, for_attempt
from embodia.types import Literal, SkillCall

ITEM_SKILLS = ("pick", "place_on", "place_in")
RESEAT_FROM = 2  # failures of a placement on the same item before its base block is re-seated
MAX_VARIED_REPEATS = 2  # varied repeats of a call that ran OK but upset something, before "no progress"


@dataclass(frozen=True)
class RecoveryPlan:
    attempt: int  # failures so far on the item
    steps: tuple[SkillCall, ...]  # skills to run before the replan
    variation: Variation  # how the next attempt on the item will vary


def _key(call: SkillCall) -> str:
    return call.args[0] if call.name in ITEM_SKILLS and call.args else str(call)


def _support(scene: SceneGraph, name: str) -> str | None:
    """What `name` rests on: another item, or 'table'; None when neither (in a container, loose, held)."""
    facts = scene.facts()
    if Literal("on_table", (name,)) in facts:
        return "table"
    for f in facts:
        if f.predicate == "on" and f.args[0] == name:
            return f.args[1]
    return None


class Recovery:
    """Counts failures per item and plans what to do after each one."""

    def __init__(self) -> None:
        self.failures: dict[str, int] = {}

    def attempt(self, call: SkillCall) -> int:
        return self.failures.get(_key(call), 0)

    def repeat_slot(self, call: SkillCall) -> int:
        """Which varied repeat `call` would be (capped): the no-progress guard lets each slot run once."""
        return min(self.attempt(call), MAX_VARIED_REPEATS)

    def variation(self, call: SkillCall) -> Variation:
        """The variation to run `call` under (none before its item's first failure)."""
        return for_attempt(self.attempt(call))

    def note_side_effect(self, call: SkillCall) -> None:
        """`call` succeeded but upset something else (a neighbour knocked off its support): its item's next
        attempt varies, as after a failure."""
        key = _key(call)
        self.failures[key] = self.failures.get(key, 0) + 1

    def after_failure(self, call: SkillCall, scene: SceneGraph, reason: str | None = None) -> RecoveryPlan:
        """Record the failure of `call` (a skills.REASONS `reason`) and plan the recovery from the scene perceived
        after it. An IK move that stalled ("unreachable") is retried from the home pose."""
        key = _key(call)
        n = self.failures[key] = self.failures.get(key, 0) + 1
        steps: list[SkillCall] = [SkillCall("home", ())] if reason == "unreachable" else []
        held = scene.gripper.holding
        put_down = call.name == "place_on" and len(call.args) == 2 and call.args[1].startswith("table")
        if held and not put_down:  # a failed put-down is not retried as recovery: the replan retries it
            steps.append(SkillCall("place_on", (held, "table")))
        if call.name == "place_on" and len(call.args) == 2 and n >= RESEAT_FROM:
            base = call.args[1]
            support = _support(scene, base) if base in scene.names else None
            if support and scene.holds(Literal("clear", (base,))) and scene.object(base).kind == "block":
                steps += [SkillCall("pick", (base,)), SkillCall("place_on", (base, support))]
        return RecoveryPlan(n, tuple(steps), for_attempt(n))
