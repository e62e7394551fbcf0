"""Brain from a user spec: the one place that knows every kind of brain."""

from __future__ import annotations

from embodia.brains.base import MODES, Brain
from embodia.brains.builtin import BuiltinBrain
from embodia.brains.model import ModelBrain
from embodia.models import make_backend, parse_spec

__all__ = ["MODES", "make_brain"]


def make_brain(spec: str) -> Brain:
    """Brain from a user spec: `builtin`, or a model spec (qwen:, openai:, vllm:, ollama:, llamacpp:, local:)."""
    if spec == "builtin":
        return BuiltinBrain()
    parsed = parse_spec(spec)  # unknown prefixes: EmbodiaError listing the valid specs
    cfg = parsed.config
    return ModelBrain(make_backend(parsed), repairs=parsed.repairs, grounding=cfg.grounding,
                      image_px=cfg.image_px)
