"""Prompt files (src/embodia/prompts/*.md) and the messages built from them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from string import Template

from embodia.language.vocab import prompt_text
from embodia.models.base import ImagePart, Message
from embodia.types import EmbodiaError, Goal

PROMPTS = ("system", "ground", "stepwise", "fullplan", "skills", "repair", "pointing",
           "kitchen_ground")  # kitchen_ground: embodia.kitchen's grounding prompt


@cache
def template(name: str) -> Template:
    if name not in PROMPTS:
        raise EmbodiaError(f"unknown prompt '{name}'; known: {', '.join(PROMPTS)}")
    text = resources.files("embodia.prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")
    return Template(Template(text).safe_substitute(vocabulary=prompt_text()))  # the parser's own words


def render(name: str, **values: object) -> str:
    return template(name).substitute({k: str(v) for k, v in values.items()}).strip()


def compact(schema: dict) -> str:
    return json.dumps(schema, separators=(",", ":"))


def goal_text(goal: Goal) -> str:
    return "\n".join(f"stage {i}: {', '.join(stage)}" for i, stage in enumerate(goal.to_json(), 1)) or "(none)"


def user_message(text: str, images: dict[str, object]) -> Message:
    """The task text, preceded by the camera images (if any)."""
    parts: list[str | ImagePart] = []
    for cam, pixels in images.items():
        parts.append(f"Camera image '{cam}':")
        parts.append(ImagePart(cam, pixels))  # type: ignore[arg-type]
    parts.append(text)
    return Message("user", tuple(parts))


def conversation(text: str, images: dict[str, object]) -> list[Message]:
    return [Message.text("system", render("system")), user_message(text, images)]


def repair(messages: list[Message], reply: str, error: str) -> list[Message]:
    """The conversation plus the invalid reply and the error, for the model to try again."""
    return [*messages, Message.text("assistant", reply or "(empty)"),
            Message.text("user", render("repair", error=error))]
