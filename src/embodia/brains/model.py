"""The model-backed brain: a foundation model behind a ModelBackend grounds instructions (plan mode), picks
each next skill (stepwise) or writes whole plans (fullplan).

Every reply is validated against a schema built from the scene (object names, predicates, skills as
enums); an invalid reply is sent back with the error for up to `repairs` more tries, then EmbodiaError.
Nothing the model says runs unchecked: skill calls still pass the safety layer in the episode loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from embodia.brains import schemas
from embodia.brains.base import Observation
from embodia.brains.prompts import compact, conversation, goal_text, render, repair
from embodia.models.base import Message, ModelBackend
from embodia.models.grounding import DESCRIBE, object_at_point, object_in_box
from embodia.models.images import sent_size
from embodia.record.memory import Memory
from embodia.record.steps import ModelCall
from embodia.skills import describe_skills
from embodia.types import Done, EmbodiaError, Goal, SkillCall

T = TypeVar("T")
CAMERA = "front"
MASK = f"{CAMERA}:segmentation"  # segmentation image the loop adds for brains that point


class ModelBrain:
    """Implements the Brain protocol on any ModelBackend."""

    def __init__(self, backend: ModelBackend, repairs: int = 2, grounding: str = "none",
                 image_px: int = 448) -> None:
        self.backend = backend
        self.name = backend.name
        self.repairs = repairs
        self.grounding = grounding
        self.image_px = image_px
        self.model_calls: list[ModelCall] = []

    @property
    def looks(self) -> bool:
        return self.backend.capabilities.images

    @property
    def pointing(self) -> bool:
        return self.looks and self.grounding != "none"

    @property
    def cameras(self) -> tuple[str, ...]:
        if not self.looks:
            return ()
        return (CAMERA, MASK) if self.pointing else (CAMERA,)

    def close(self) -> None:
        self.backend.close()

    # -- the three decisions ------------------------------------------------------------------------------
    def ground(self, instruction: str, obs: Observation) -> Goal:
        schema = schemas.goal_schema(obs.scene, self._points(obs))
        text = render("ground", instruction=instruction, scene=obs.scene.to_prompt(), schema=compact(schema),
                      pointing=self._pointing_text(obs))
        return self._ask(text, obs, schema, lambda d: schemas.to_goal(d, self._resolver(obs)))

    def next_skill(self, goal: Goal, obs: Observation, memory: Memory) -> SkillCall | Done:
        schema = schemas.step_schema(obs.scene, self._points(obs))
        text = render("stepwise", **self._context(goal, obs, memory), schema=compact(schema))
        return self._ask(text, obs, schema, lambda d: schemas.to_decision(d, self._resolver(obs)))

    def full_plan(self, goal: Goal, obs: Observation, memory: Memory) -> list[SkillCall]:
        schema = schemas.plan_schema(obs.scene, self._points(obs))
        text = render("fullplan", **self._context(goal, obs, memory), schema=compact(schema))
        return self._ask(text, obs, schema, lambda d: schemas.to_plan(d, self._resolver(obs)))

    # -- helpers ------------------------------------------------------------------------------------------
    def _context(self, goal: Goal, obs: Observation, memory: Memory) -> dict[str, Any]:
        return {"goal": goal_text(goal), "reached": memory.stages_reached,
                "skills": render("skills", skills=describe_skills()), "scene": obs.scene.to_prompt(),
                "memory": memory.summary(), "pointing": self._pointing_text(obs)}

    def _images(self, obs: Observation) -> dict[str, Any]:
        if not self.looks:
            return {}
        return {k: v for k, v in obs.images.items() if k == CAMERA}

    def _points(self, obs: Observation) -> bool:
        return self.pointing and CAMERA in obs.images and MASK in obs.images

    def _pointing_text(self, obs: Observation) -> str:
        if not self._points(obs):
            return ""
        w, h = sent_size(obs.images[CAMERA], self.image_px)
        return "\n" + render("pointing", camera=CAMERA, width=w, height=h, convention=DESCRIBE[self.grounding])

    def _resolver(self, obs: Observation) -> Callable[[Any], str] | None:
        if not self._points(obs):
            return None
        mask, names = obs.images[MASK], obs.scene.names
        w, h = sent_size(obs.images[CAMERA], self.image_px)

        def resolve(ref: Any) -> str:
            if "point_2d" in ref:
                return object_at_point(ref["point_2d"], self.grounding, mask, names, w, h)
            return object_in_box(ref["bbox_2d"], self.grounding, mask, names, w, h)
        return resolve

    def _ask(self, text: str, obs: Observation, schema: dict, convert: Callable[[Any], T]) -> T:
        messages: list[Message] = conversation(text, self._images(obs))
        error = ""
        for _ in range(self.repairs + 1):
            c = self.backend.complete(messages, schema)
            self.model_calls.append(ModelCall(request=c.request, reply=c.text, prompt_tokens=c.prompt_tokens,
                                              completion_tokens=c.completion_tokens, latency_s=c.latency_s))
            error = c.error or ""
            if not error:
                try:
                    return convert(c.data)
                except (EmbodiaError, KeyError, TypeError, ValueError) as exc:
                    error = str(exc) or type(exc).__name__
            messages = repair(messages, c.text, error)
        raise EmbodiaError(f"{self.name} gave no valid answer in {self.repairs + 1} tries: {error}")
