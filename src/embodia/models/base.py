"""The model backend protocol and its value types: messages, completions, capabilities, errors.

A backend turns chat messages (text and images) into one completion. When a JSON schema is given the
backend asks the server for structured output in the best way that server supports and always validates
the reply itself; a reply that fails validation comes back with `error` set (never raised), so the
caller can feed the error back to the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from embodia.types import EmbodiaError

STRUCTURED_MODES = ("json_schema", "json_object", "text")  # most to least enforced


class ModelError(EmbodiaError):
    """A model call could not be completed (server down, refused, timed out after retries)."""


@dataclass(frozen=True)
class ImagePart:
    """A camera image inside a message; encoded by the backend at its configured resolution."""

    camera: str
    pixels: np.ndarray  # H x W x 3 uint8

    def describe(self) -> str:
        h, w = self.pixels.shape[:2]
        return f"<image {self.camera} {w}x{h}>"


@dataclass(frozen=True)
class Message:
    role: str  # system | user | assistant
    content: tuple[str | ImagePart, ...]

    @staticmethod
    def text(role: str, text: str) -> Message:
        return Message(role, (text,))

    @property
    def plain(self) -> str:
        return "\n".join(p for p in self.content if isinstance(p, str))

    def redacted(self) -> dict[str, Any]:
        """A JSON-friendly copy for traces: images replaced by a short description."""
        return {"role": self.role,
                "content": [p if isinstance(p, str) else p.describe() for p in self.content]}


@dataclass(frozen=True)
class Capabilities:
    images: bool
    structured: str  # one of STRUCTURED_MODES
    tools: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"images": self.images, "structured": self.structured, "tools": self.tools}


@dataclass(frozen=True)
class Completion:
    text: str
    data: Any = None  # the parsed JSON when a schema was given and the reply validated
    error: str | None = None  # why the reply failed parsing or validation (one line)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0  # wall time of the call, retries included
    attempts: int = 1
    structured: str = "text"  # how structured output was requested for this call
    request: dict[str, Any] = field(default_factory=dict)  # redacted request, for traces


class ModelBackend(Protocol):
    name: str  # e.g. "qwen:qwen-vl-max"
    capabilities: Capabilities

    def complete(self, messages: list[Message], schema: dict | None = None) -> Completion:
        """One chat completion; JSON validated against `schema` when given."""

    def close(self) -> None:
        """Release servers or memory the backend holds."""
